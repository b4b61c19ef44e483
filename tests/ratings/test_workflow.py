"""Every workflow step, allowed and refused by role and state; locking; optimistic locking."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from activities.locks import is_year_locked
from ratings import permissions, services
from ratings.models import Rating, Transition

from .conftest import YEAR, full_points, reviewed, submitted

pytestmark = pytest.mark.django_db


def test_opening_a_round_creates_a_rating_per_active_centre_under_the_unit(
    rating_round, centre, neighbour_centre, far_centre
):
    rated = set(rating_round.ratings.values_list("centre_id", flat=True))
    assert rated == {centre.pk, neighbour_centre.pk}
    assert rating_round.rubric.province.code == "34"
    assert rating_round.ratings.filter(status="not_started").count() == 2


def test_a_round_cannot_be_opened_twice(rating_round, district_reviewer, district):
    with pytest.raises(ValidationError):
        services.open_round(
            user=district_reviewer, unit=district, year=YEAR, deadline=rating_round.deadline
        )


def test_the_full_path_to_an_approved_grade_locks_the_year(
    rating, commune_staff, district_reviewer
):
    rating = submitted(rating, commune_staff)
    assert rating.status == "submitted"
    rating = reviewed(rating, district_reviewer, Decimal("0.9"))
    rating = services.approve(user=district_reviewer, rating=rating, version=rating.version)
    assert rating.status == "approved"
    assert rating.grade == "good"
    assert rating.review_total == Decimal(90)
    assert is_year_locked(rating.centre_id, YEAR)
    steps = list(
        Transition.objects.filter(rating=rating).values_list(
            "from_status", "to_status", "user__username"
        )
    )
    assert steps == [
        ("not_started", "draft", "canbo_xa"),
        ("draft", "submitted", "canbo_xa"),
        ("submitted", "approved", "phong_gd"),
    ]


def test_submitting_needs_every_indicator_and_required_evidence(rating, commune_staff):
    rating = services.save_self_assessment(
        user=commune_staff, rating=rating, points=full_points(rating), version=rating.version
    )
    with pytest.raises(ValidationError) as error:
        services.submit(user=commune_staff, rating=rating, version=rating.version)
    assert any("minh chứng" in m for m in error.value.messages)
    assert Rating.objects.get(pk=rating.pk).status == "draft"


def test_points_above_the_maximum_are_refused(rating, commune_staff):
    points = full_points(rating)
    first = next(iter(points))
    points[first] = (Decimal(99), "")
    with pytest.raises(ValidationError):
        services.save_self_assessment(
            user=commune_staff, rating=rating, points=points, version=rating.version
        )


def test_return_needs_a_reason_and_sends_it_back_to_the_centre(
    rating, commune_staff, district_reviewer
):
    rating = submitted(rating, commune_staff)
    with pytest.raises(ValidationError):
        services.return_rating(
            user=district_reviewer, rating=rating, reason=" ", version=rating.version
        )
    rating = services.return_rating(
        user=district_reviewer, rating=rating, reason="Thiếu biên bản họp", version=rating.version
    )
    assert rating.status == "returned"
    assert permissions.can_edit_self_assessment(commune_staff, rating)
    assert rating.transitions.last().reason == "Thiếu biên bản họp"


def test_approval_needs_a_complete_review(rating, commune_staff, district_reviewer):
    rating = submitted(rating, commune_staff)
    with pytest.raises(ValidationError):
        services.approve(user=district_reviewer, rating=rating, version=rating.version)


def test_a_second_save_from_a_stale_page_is_refused_and_writes_nothing(
    rating, commune_staff, district_reviewer, province_reviewer
):
    rating = submitted(rating, commune_staff)
    stale_version = rating.version
    reviewed(rating, district_reviewer, Decimal("0.8"))
    with pytest.raises(services.ConcurrentEdit):
        services.save_review(
            user=province_reviewer, rating=rating, points=full_points(rating, Decimal("0.5")),
            version=stale_version,
        )  # fmt: skip
    assert Rating.objects.get(pk=rating.pk).review_total == Decimal(80)


def test_a_double_submit_does_nothing_twice(rating, commune_staff):
    rating = submitted(rating, commune_staff)
    with pytest.raises((services.ConcurrentEdit, ValidationError)):
        services.submit(user=commune_staff, rating=rating, version=rating.version - 1)
    assert rating.transitions.filter(to_status="submitted").count() == 1


@pytest.mark.parametrize(
    ("role", "can_edit", "can_review"),
    [
        ("commune_staff", True, False),
        ("district_reviewer", False, True),
        ("province_viewer", False, False),
        ("unit_admin", True, True),
        ("outsider", False, False),
    ],
)
def test_who_may_fill_and_who_may_review(
    request, rating, commune_staff, role, can_edit, can_review
):
    user = request.getfixturevalue(role)
    assert permissions.can_edit_self_assessment(user, rating) is can_edit
    submitted_rating = submitted(rating, commune_staff)
    assert permissions.can_review(user, submitted_rating) is can_review
    assert not permissions.can_edit_self_assessment(user, submitted_rating)


def test_only_a_user_above_the_reviewer_or_a_unit_admin_reopens(
    rating, commune_staff, district_reviewer, province_reviewer, unit_admin
):
    rating = submitted(rating, commune_staff)
    rating = reviewed(rating, district_reviewer)
    rating = services.approve(user=district_reviewer, rating=rating, version=rating.version)
    assert not permissions.can_reopen(district_reviewer, rating)
    assert not permissions.can_reopen(commune_staff, rating)
    assert permissions.can_reopen(province_reviewer, rating)
    assert permissions.can_reopen(unit_admin, rating)
    rating = services.reopen(
        user=province_reviewer, rating=rating, reason="Sai điểm 4.1", version=rating.version
    )
    assert rating.status == "submitted"
    assert rating.grade == ""
    assert not is_year_locked(rating.centre_id, YEAR)


def test_bulk_approve_takes_only_complete_reviews(
    rating_round, commune_staff, district_reviewer, centre, neighbour_centre
):
    done = submitted(Rating.objects.get(centre=centre), commune_staff)
    reviewed(done, district_reviewer, Decimal("0.75"))
    pending = Rating.objects.get(centre=neighbour_centre)
    approved, skipped = services.bulk_approve(
        user=district_reviewer, ratings=rating_round.ratings.all()
    )
    assert (approved, skipped) == (1, 1)
    assert Rating.objects.get(pk=done.pk).grade == "fair"
    assert Rating.objects.get(pk=pending.pk).status == "not_started"


def test_a_historical_grade_is_approved_without_scores(centre, district_reviewer):
    rating = services.record_historical_grade(
        user=district_reviewer, centre=centre, year=2011, grade="good"
    )
    assert rating.is_historical
    assert rating.status == "approved"
    assert rating.rubric is None
    with pytest.raises(ValidationError):
        services.record_historical_grade(
            user=district_reviewer, centre=centre, year=YEAR, grade="good"
        )


def test_a_used_rubric_version_is_frozen(rating, commune_staff):
    services.save_self_assessment(
        user=commune_staff, rating=rating, points=full_points(rating), version=rating.version
    )
    rubric = rating.rubric
    assert rubric.is_used
    with pytest.raises(ValidationError):
        rubric.full_clean()
