from django.urls import path

from . import views

app_name = "regime"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.period_open, name="period_open"),
    path("reminders/", views.reminder_settings, name="reminder_settings"),
    path("<int:pk>/", views.period_detail, name="period"),
    path("<int:pk>/not-reported.xlsx", views.period_missing_xlsx, name="period_missing"),
    path("<int:period_pk>/centres/<int:centre_pk>/", views.report, name="report"),
    path("<int:period_pk>/centres/<int:centre_pk>/accept/", views.report_accept, name="accept"),
    path("<int:period_pk>/centres/<int:centre_pk>/return/", views.report_return, name="return"),
    path("<int:period_pk>/centres/<int:centre_pk>/reopen/", views.report_reopen, name="reopen"),
]
