from django.urls import path

from . import views
from .views import centre_lists, published

app_name = "reports"
urlpatterns = [
    path("ratings/", views.rating_summary, name="ratings"),
    path("ratings/centres/", views.rating_centres, name="rating_centres"),
    path("ratings/list/", centre_lists.rating_list, name="rating_list"),
    path("ratings/self-assessment/", centre_lists.self_assessment, name="self_assessment"),
    path("activities/", views.activity_summary, name="activities"),
    path("learning-communities/", views.community_summary, name="communities"),
    path("centre/", views.centre_report, name="centre"),
    path("settings/", views.settings_edit, name="settings"),
    path("published/", published.published_list, name="published"),
    path("published/new/", published.published_create, name="published_create"),
    path("published/<int:pk>/edit/", published.published_edit, name="published_edit"),
    path("published/<int:pk>/delete/", published.published_delete, name="published_delete"),
    path("published/history/", published.published_history, name="published_history"),
]
