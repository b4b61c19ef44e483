"""The Hội Khuyến học as a joint reviewer: points and opinions beside the reviewer's, kept in
the rating's history, and approval only in a round that grants it."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from centres.models import Role
from centres.permissions import can_change_centre
from core.history import unit_log
from ratings import joint_services, permissions, selectors, services
from ratings.models import Indicator, JointReview, JointScore, Rating

from ..factories import UserFactory, assign
from .conftest import YEAR, full_points, reviewed, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint_reviewer(district):
    user = UserFactory(username="khuyenhoc", first_name="Hội Khuyến học huyện")
    assign(user, district, Role.JOINT_REVIEWER)
    return user


@pytest.fixture
def under_review(rating, commune_staff):
    return submitted(rating, commune_staff)


@pytest.fixture
def granted(rating_round, district_reviewer):
    return joint_services.set_joint_may_approve(
        user=district_reviewer, rating_round=rating_round, allowed=True
    )


def first_indicator(rating) -> Indicator:
    return (
        Indicator.objects.filter(criterion__rubric=rating.rubric, max_points__gte=3)
        .order_by("criterion__order", "order")
        .first()
    )


def joint_data(rating, share=Decimal("0.5"), comment="Trung tâm hoạt động tốt") -> dict:
    data = {"comment": comment}
    for indicator in Indicator.objects.filter(criterion__rubric=rating.rubric):
        value = (indicator.max_points * share).quantize(Decimal("0.1"))
        data[f"joint_points_{indicator.pk}"] = str(value).replace(".", ",")  # "7,5"
        data[f"joint_comment_{indicator.pk}"] = "Ý kiến chỉ tiêu"
    return data


def save(user, rating, points=None, comment="Đồng ý với phòng GD&ĐT"):
    return joint_services.save_joint_review(
        user=user, rating=rating, points=points or full_points(rating, Decimal("0.5")),
        comment=comment,
    )  # fmt: skip


def test_a_joint_reviewer_scores_and_comments_a_submitted_rating(joint_reviewer, under_review):
    version = under_review.version
    review = save(joint_reviewer, under_review)
    assert review.comment == "Đồng ý với phòng GD&ĐT"
    indicators = Indicator.objects.filter(criterion__rubric=under_review.rubric)
    assert review.scores.count() == indicators.count()
    indicator = first_indicator(under_review)
    assert review.scores.get(indicator=indicator).points == indicator.max_points / 2
    under_review.refresh_from_db()
    # The reviewer's side is untouched: no version bump, no reviewed total, no grade.
    assert (under_review.version, under_review.review_total) == (version, None)
    save(joint_reviewer, under_review, comment="Đổi ý kiến")
    assert JointReview.objects.get().comment == "Đổi ý kiến"  # one per rating and user


def test_a_joint_reviewer_types_points_the_vietnamese_way_on_the_rating_page(
    client_for, joint_reviewer, under_review
):
    client = client_for(joint_reviewer)
    page = client.get(under_review.get_absolute_url()).content.decode()
    assert "Ý kiến Hội Khuyến học" in page
    assert reverse("ratings:joint_review", args=[under_review.pk]) in page
    response = client.post(
        reverse("ratings:joint_review", args=[under_review.pk]), joint_data(under_review)
    )
    assert response.status_code == 302
    indicator = first_indicator(under_review)
    score = JointScore.objects.get(indicator=indicator)
    assert score.points == (indicator.max_points / 2).quantize(Decimal("0.1"))
    assert score.joint_review.user == joint_reviewer


def test_joint_points_above_the_maximum_are_refused(client_for, joint_reviewer, under_review):
    indicator = first_indicator(under_review)
    with pytest.raises(ValidationError):
        save(joint_reviewer, under_review, {indicator.pk: (indicator.max_points + 1, "")})
    data = joint_data(under_review)
    data[f"joint_points_{indicator.pk}"] = "99"
    response = client_for(joint_reviewer).post(
        reverse("ratings:joint_review", args=[under_review.pk]), data
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not JointReview.objects.exists()


def test_a_joint_reviewer_is_refused_before_submission(client_for, joint_reviewer, rating):
    with pytest.raises(ValidationError):
        save(joint_reviewer, rating)
    url = reverse("ratings:joint_review", args=[rating.pk])
    assert client_for(joint_reviewer).post(url, joint_data(rating)).status_code == 403
    assert not JointReview.objects.exists()


def test_a_joint_reviewer_is_refused_after_approval(
    client_for, joint_reviewer, under_review, district_reviewer
):
    rating = reviewed(under_review, district_reviewer)
    rating = services.approve(user=district_reviewer, rating=rating, version=rating.version)
    with pytest.raises(ValidationError):
        save(joint_reviewer, rating)
    client = client_for(joint_reviewer)
    url = reverse("ratings:joint_review", args=[rating.pk])
    assert client.post(url, joint_data(rating)).status_code == 403
    assert (
        reverse("ratings:joint_review", args=[rating.pk])
        not in client.get(rating.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("where", ["other_district", "other_province"])
def test_a_joint_reviewer_of_another_unit_cannot_see_the_rating(
    request, client_for, under_review, where
):
    user = UserFactory(username="khuyenhoc_khac")
    assign(user, request.getfixturevalue(where), Role.JOINT_REVIEWER)
    client = client_for(user)
    assert client.get(under_review.get_absolute_url()).status_code == 404
    url = reverse("ratings:joint_review", args=[under_review.pk])
    assert client.post(url, joint_data(under_review)).status_code == 404
    assert not permissions.can_joint_review(user, under_review)
    with pytest.raises(PermissionDenied):
        save(user, under_review)


def test_a_joint_reviewer_cannot_review_return_or_approve_unless_the_round_grants_it(
    client_for, joint_reviewer, under_review
):
    rating = under_review
    assert not permissions.can_review(joint_reviewer, rating)
    with pytest.raises(PermissionDenied):
        services.save_review(
            user=joint_reviewer, rating=rating, points=full_points(rating), version=rating.version
        )
    with pytest.raises(PermissionDenied):
        services.return_rating(
            user=joint_reviewer, rating=rating, reason="Thiếu", version=rating.version
        )
    client = client_for(joint_reviewer)
    assert client.get(reverse("ratings:review", args=[rating.pk])).status_code == 403
    for name in ("approve", "return"):
        response = client.post(
            reverse(f"ratings:{name}", args=[rating.pk]),
            {"version": rating.version, "reason": "x", "confirm": "1"},
        )
        assert response.status_code == 403
    assert services.bulk_approve(user=joint_reviewer, ratings=[rating]) == (0, 1)
    rating.refresh_from_db()
    assert rating.status == "submitted"


def test_approving_without_the_grant_is_refused_by_the_service_too(
    joint_reviewer, under_review, district_reviewer
):
    rating = reviewed(under_review, district_reviewer)
    with pytest.raises(PermissionDenied):
        services.approve(user=joint_reviewer, rating=rating, version=rating.version)


def test_a_joint_reviewer_reviews_and_approves_where_the_round_grants_it(
    client_for, joint_reviewer, under_review, granted
):
    rating = Rating.objects.get(pk=under_review.pk)
    assert permissions.can_review(joint_reviewer, rating)
    assert permissions.can_review_round(joint_reviewer, rating.round)
    rating = reviewed(rating, joint_reviewer, Decimal("0.9"))
    client = client_for(joint_reviewer)
    assert client.get(reverse("ratings:review", args=[rating.pk])).status_code == 200
    response = client.post(
        reverse("ratings:approve", args=[rating.pk]), {"version": rating.version, "confirm": "1"}
    )
    assert response.status_code == 302
    rating.refresh_from_db()
    assert (rating.status, rating.grade) == ("approved", "good")
    assert rating.transitions.last().user == joint_reviewer


def test_the_reviewer_still_approves_beside_the_joint_opinion(
    joint_reviewer, under_review, district_reviewer
):
    save(joint_reviewer, under_review)
    rating = reviewed(under_review, district_reviewer, Decimal("0.9"))
    rating = services.approve(user=district_reviewer, rating=rating, version=rating.version)
    assert (rating.status, rating.grade) == ("approved", "good")
    assert rating.review_total == Decimal(90)  # the grade comes from the reviewer's points


def test_whoever_opens_rounds_grants_the_joint_approval_on_the_round_page(
    client_for, rating_round, district_reviewer, joint_reviewer, province_viewer, commune_staff
):
    url = reverse("ratings:round_joint", args=[rating_round.pk])
    client = client_for(district_reviewer)
    assert url in client.get(rating_round.get_absolute_url()).content.decode()
    assert client.post(url, {"joint_may_approve": "on"}).status_code == 302
    rating_round.refresh_from_db()
    assert rating_round.joint_may_approve
    for user in (joint_reviewer, province_viewer):
        assert client_for(user).post(url, {}).status_code == 403
    assert client_for(commune_staff).post(url, {}).status_code == 404
    rating_round.refresh_from_db()
    assert rating_round.joint_may_approve
    client_for(district_reviewer).post(url, {})  # the box left unticked takes it back
    rating_round.refresh_from_db()
    assert not rating_round.joint_may_approve
    with pytest.raises(PermissionDenied):
        joint_services.set_joint_may_approve(
            user=joint_reviewer, rating_round=rating_round, allowed=True
        )


def test_a_round_opened_with_the_grant_lets_the_hoi_khuyen_hoc_approve(
    client_for, district_reviewer, district, centre
):
    response = client_for(district_reviewer).post(
        reverse("ratings:round_open"),
        {"unit": district.pk, "year": YEAR, "deadline": "31/12/2099", "joint_may_approve": "on"},
    )
    assert response.status_code == 302
    assert Rating.objects.get(centre=centre, year=YEAR).round.joint_may_approve


def test_joint_opinions_appear_on_the_rating_page_for_the_centre_and_the_reviewer(
    client_for, joint_reviewer, under_review, commune_staff, district_reviewer, province_viewer
):
    indicator = first_indicator(under_review)
    save(joint_reviewer, under_review, {indicator.pk: (Decimal("2.5"), "Cần bổ sung ảnh")})
    for user in (commune_staff, district_reviewer, province_viewer):
        page = client_for(user).get(under_review.get_absolute_url()).content.decode()
        assert "Ý kiến Hội Khuyến học" in page
        assert "Hội Khuyến học huyện" in page  # who
        assert "Đồng ý với phòng GD&amp;ĐT" in page
        assert "Cần bổ sung ảnh" in page
        assert "<strong>2,5</strong>" in page
        assert reverse("ratings:joint_review", args=[under_review.pk]) not in page


def test_joint_changes_are_in_the_ratings_history_in_vietnamese(
    client_for, joint_reviewer, under_review, district, commune_staff
):
    indicator = first_indicator(under_review)
    save(joint_reviewer, under_review, {indicator.pk: (Decimal(3), "")})
    save(joint_reviewer, under_review, {indicator.pk: (Decimal(1), "Thiếu minh chứng")})
    with translation.override("vi"):
        entries = selectors.rating_history(under_review)
        logged = unit_log(district.path)
    joint = [e for e in entries if e.subject.startswith("Điểm Hội Khuyến học")]
    assert joint[0].who == "Hội Khuyến học huyện"
    assert joint[0].subject.startswith(
        f"Điểm Hội Khuyến học (Hội Khuyến học huyện) chỉ tiêu {indicator.code}"
    )
    assert [(c.label, c.before, c.after) for c in joint[0].changes] == [
        ("điểm", "3", "1"),
        ("nhận xét", "—", "Thiếu minh chứng"),
    ]
    assert any(e.subject.startswith("Ý kiến Hội Khuyến học") for e in entries)
    assert any(e.subject.startswith("Điểm Hội Khuyến học") for e in logged)
    page = client_for(commune_staff).get(under_review.get_absolute_url()).content.decode()
    history = page[page.index('id="history"') :]
    assert "Điểm: 3 → 1" in history
    assert "Điểm Hội Khuyến học (Hội Khuyến học huyện) chỉ tiêu" in history
    for english in ("Points of", "Opinion of", "joint", "+00:00"):
        assert english not in history


def test_a_province_viewer_who_is_a_district_joint_reviewer_has_exactly_both(
    client_for, district, other_district, province, commune_staff, far_centre, rating_round, rating
):
    user = UserFactory(username="xem_va_khuyenhoc")
    assign(user, province, Role.VIEWER)
    assign(user, district, Role.JOINT_REVIEWER)
    far_round = services.open_round(
        user=UserFactory(username="admin_tinh", is_superuser=True),
        unit=other_district, year=YEAR, deadline=rating_round.deadline,
    )  # fmt: skip
    far_staff = UserFactory(username="canbo_xa_xa")
    assign(far_staff, far_centre.commune, Role.CENTRE_STAFF)
    far = submitted(Rating.objects.get(round=far_round, centre=far_centre), far_staff)
    near = submitted(rating, commune_staff)
    client = client_for(user)
    for rating in (near, far):  # the viewer reads the whole province
        assert client.get(rating.get_absolute_url()).status_code == 200
    assert (
        client.post(reverse("ratings:joint_review", args=[near.pk]), joint_data(near)).status_code
        == 302
    )
    assert (
        client.post(reverse("ratings:joint_review", args=[far.pk]), joint_data(far)).status_code
        == 403
    )
    assert not permissions.can_review(user, near)
    assert not permissions.can_review(user, far)
    assert not can_change_centre(user, near.centre)
    assert client.get(reverse("ratings:round_open")).status_code == 403
    assert not permissions.can_grant_joint_approval(user, rating_round)


def test_a_joint_reviewer_changes_no_centre_and_opens_no_round(
    client_for, joint_reviewer, centre, rating_round
):
    assert not can_change_centre(joint_reviewer, centre)
    assert not permissions.can_open_round(joint_reviewer, rating_round.unit)
    client = client_for(joint_reviewer)
    assert client.get(rating_round.get_absolute_url()).status_code == 200  # reads the round
    assert client.get(reverse("ratings:round_open")).status_code == 403


def test_the_rating_page_query_count_does_not_grow_with_joint_reviews(
    client_for, district_reviewer, under_review, district
):
    client = client_for(district_reviewer)
    url = under_review.get_absolute_url()

    def joint(n):
        user = UserFactory(username=f"khuyenhoc{n}", first_name=f"Hội viên {n}")
        assign(user, district, Role.JOINT_REVIEWER)
        save(user, under_review)

    joint(0)
    client.get(url)  # the user's lineage is cached from here on
    joint(1)  # each count just after a change: the history read anew, not from the cache
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(2, 6):
        joint(n)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)
    with CaptureQueriesContext(connection) as unchanged:
        client.get(url)
    assert len(unchanged) < len(many)  # the same history again: from the cache
