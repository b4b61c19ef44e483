from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("ratings/", views.rating_summary, name="ratings"),
    path("ratings/centres/", views.rating_centres, name="rating_centres"),
    path("activities/", views.activity_summary, name="activities"),
    path("centre/", views.centre_report, name="centre"),
    path("settings/", views.settings_edit, name="settings"),
]
