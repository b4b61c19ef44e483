from django.urls import path

from . import history_views, onboarding_views, views

app_name = "centres"
urlpatterns = [
    path("", views.centre_list, name="list"),
    path("new/", views.centre_create, name="create"),
    path("<int:pk>/", views.centre_detail, name="detail"),
    path("<int:pk>/edit/", views.centre_update, name="update"),
    path("<int:centre_pk>/board/new/", views.board_member_edit, name="board_create"),
    path("<int:centre_pk>/board/<int:pk>/edit/", views.board_member_edit, name="board_update"),
    path("<int:centre_pk>/staff/new/", views.staff_edit, name="staff_create"),
    path("<int:centre_pk>/staff/<int:pk>/edit/", views.staff_edit, name="staff_update"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/new-centres/", views.lineage_plan, name="lineage_plan"),
    path("units/<int:pk>/history/", history_views.unit_history, name="unit_history"),
    path("units/<int:pk>/onboarding/", onboarding_views.onboarding_page, name="onboarding"),
    path(
        "units/<int:pk>/onboarding/links/",
        onboarding_views.onboarding_links,
        name="onboarding_links",
    ),
    path(
        "units/<int:pk>/onboarding/links.xlsx",
        onboarding_views.onboarding_links_xlsx,
        name="onboarding_links_xlsx",
    ),
    path(
        "units/<int:pk>/onboarding/<slug:kind>/",
        onboarding_views.onboarding_import,
        name="onboarding_import",
    ),
    path(
        "units/<int:pk>/onboarding/<slug:kind>/template.xlsx",
        onboarding_views.onboarding_template,
        name="onboarding_template",
    ),
    path(
        "units/<int:pk>/missing-centres/", onboarding_views.missing_centres, name="missing_centres"
    ),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/edit/", views.user_update, name="user_update"),
]
