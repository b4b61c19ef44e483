from django.urls import path

from . import views

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
