from django.urls import path

from . import content_area_views, views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_update, name="update"),
    path("<int:pk>/delete/", views.activity_delete, name="delete"),
    path("<int:pk>/learners/", views.learners, name="learners"),
    path("<int:pk>/learners/<int:learner_pk>/edit/", views.learner_update, name="learner_update"),
    path(
        "<int:pk>/learners/<int:learner_pk>/remove/",
        views.learner_withdraw,
        name="learner_withdraw",
    ),
    path("<int:activity_pk>/sessions/new/", views.session_edit, name="session_create"),
    path("<int:activity_pk>/sessions/<int:pk>/edit/", views.session_edit, name="session_update"),
    path(
        "<int:activity_pk>/sessions/<int:pk>/delete/", views.session_delete, name="session_delete"
    ),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
]
urlpatterns += [
    path("template.xlsx", views.activities_template, name="template"),
    path("learners-template.xlsx", views.learners_template, name="learners_template"),
    path("import/<int:centre_pk>/", views.activities_import, name="import"),
    path("<int:pk>/learners/import/", views.learners_import, name="learners_import"),
    path("export.xlsx", views.activities_export, name="export"),
    path("<int:pk>/signin-sheet.pdf", views.signin_sheet, name="signin_sheet"),
]
urlpatterns += [
    path("centre/<int:pk>/<int:year>/", views.centre_year, name="centre_year"),
    path("centre/<int:pk>/<int:year>/plan/", views.plan_edit, name="plan_edit"),
    path("centre/<int:pk>/<int:year>/funding/", views.funding_edit, name="funding_edit"),
    path(
        "centre/<int:pk>/<int:year>/learning-models/",
        views.learning_models_edit,
        name="learning_models_edit",
    ),
]
urlpatterns += [
    path("content-areas/", content_area_views.content_area_list, name="content_areas"),
    path(
        "content-areas/<int:province_pk>/new/",
        content_area_views.content_area_create,
        name="content_area_create",
    ),
    path(
        "content-areas/<int:pk>/edit/",
        content_area_views.content_area_update,
        name="content_area_update",
    ),
    path(
        "content-areas/<int:pk>/retire/",
        content_area_views.content_area_retire,
        name="content_area_retire",
    ),
    path(
        "content-areas/<int:pk>/restore/",
        content_area_views.content_area_restore,
        name="content_area_restore",
    ),
    path(
        "content-areas/<int:pk>/delete/",
        content_area_views.content_area_delete,
        name="content_area_delete",
    ),
]
