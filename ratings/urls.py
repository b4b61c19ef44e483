from django.urls import path

from . import rubric_views, views

app_name = "ratings"
urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/new/", views.round_open, name="round_open"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/joint/", views.round_joint, name="round_joint"),
    path("rounds/<int:pk>/not-submitted.xlsx", views.round_missing, name="round_missing"),
    path("<int:pk>/", views.rating_detail, name="detail"),
    path("<int:pk>/self-assessment/", views.self_assessment, name="self_assessment"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/joint-review/", views.joint_review, name="joint_review"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/return/", views.return_to_centre, name="return"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("historical/", views.historical, name="historical"),
    path("historical/template.xlsx", views.grades_template, name="grades_template"),
]
urlpatterns += [
    path("rubrics/", rubric_views.rubric_list, name="rubrics"),
    path("rubrics/start/<int:province_pk>/", rubric_views.rubric_start, name="rubric_start"),
    path("rubrics/<int:pk>/", rubric_views.rubric_edit, name="rubric"),
    path("rubrics/<int:pk>/new-version/", rubric_views.rubric_copy, name="rubric_copy"),
    path("rubrics/<int:pk>/preview/", rubric_views.rubric_preview, name="rubric_preview"),
    path("rubrics/criteria/<int:pk>/", rubric_views.rubric_criterion, name="rubric_criterion"),
]
