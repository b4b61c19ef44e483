from django.urls import path

from . import views

app_name = "emulation"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_create, name="create"),
    path("register/", views.register, name="register"),
    path("candidates/", views.candidates, name="candidates"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_update, name="update"),
    path("<int:pk>/submit/", views.proposal_submit, name="submit"),
    path("<int:pk>/return/", views.proposal_return, name="return"),
    path("<int:pk>/approve/", views.proposal_approve, name="approve"),
    path("<int:pk>/reject/", views.proposal_reject, name="reject"),
]
