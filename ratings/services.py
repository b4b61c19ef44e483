"""The rating workflow. Every state change is one guarded UPDATE (optimistic locking on
`version`), logged as a Transition, inside a transaction."""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from centres.lifetime import centre_year_error, counted_in, unit_error, year_end
from centres.models import AdministrativeUnit, Centre
from centres.models.units import REFORM_DATE
from core.signals import bulk_written
from core.years import past_years_range

from .default_rubric import rubric_for
from .grading import compute_grade
from .models import Evidence, Grade, Indicator, Kind, Rating, RatingRound, Score, Transition
from .permissions import SELF_EDITABLE, can_review, historical_grade_centres, reviews

Points = Mapping[int, tuple[Decimal | None, str]]


class ConcurrentEdit(Exception):
    """Someone saved the rating after this page was opened; nothing was written."""


def _province_of(unit: AdministrativeUnit) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(path=unit.path.split("/", 1)[0] + "/")


def _update_if_unchanged(rating: Rating, version: int, *, user, **fields) -> None:
    """Write fields only if nobody saved since `version` was read; the version moves on."""
    updated = Rating.objects.filter(pk=rating.pk, version=version).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise ConcurrentEdit
    bulk_written.send(sender=Rating)  # an UPDATE sends no signal, and writes no history
    rating.refresh_from_db()
    Rating.history.bulk_history_create([rating], update=True, default_user=user)


def _check_reviewer(user, rating: Rating) -> None:
    """Only a reviewer over the centre (or a joint reviewer, where the round grants it) decides:
    the views ask the same question, the service refuses whoever calls it."""
    if rating.round_id is None or not reviews(user, rating.round, rating.centre.commune.path):
        raise PermissionDenied


def _move(rating: Rating, *, to: str, user, version: int, reason: str = "", **fields) -> Rating:
    before = rating.status
    _update_if_unchanged(rating, version, user=user, status=to, **fields)
    Transition.objects.create(
        rating=rating, from_status=before, to_status=to, user=user, reason=reason
    )
    return rating


@transaction.atomic
def open_round(
    *,
    user,
    unit: AdministrativeUnit,
    year: int,
    deadline: datetime.date,
    joint_may_approve: bool = False,
    kind: str = Kind.CENTRE,
) -> RatingRound:
    """Open a year's round over the active centres under a unit, with a rating for each; of
    kind COMMUNITY, the communes' "Cộng đồng học tập" assessments (one per commune's centre)."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose what the round assesses.")})
    if unit.level == AdministrativeUnit.Level.COMMUNE:
        raise ValidationError({"unit": _("A round covers a district or a province.")})
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": _("Choose a year between 2000 and next year.")})
    gone = unit_error(unit, year_end(year))
    if gone:
        raise ValidationError({"unit": gone})
    # Before the reform the district offices rated their centres; since, the province does.
    if (
        year < REFORM_DATE.year
        and unit.level == AdministrativeUnit.Level.PROVINCE
        and unit.children.filter(level=AdministrativeUnit.Level.DISTRICT).exists()
    ):
        raise ValidationError(
            {"unit": _("Before 2025 the district offices rate the centres: choose a district.")}
        )
    if RatingRound.objects.filter(unit=unit, year=year, kind=kind).exists():
        raise ValidationError({"year": _("A round for this unit and year is already open.")})
    rubric = rubric_for(_province_of(unit), year, kind)
    if not rubric.criteria.exists() or rubric.criteria.filter(indicators__isnull=True).exists():
        raise ValidationError(
            {"year": _("The rubric of this year has a criterion without indicators: complete it.")}
        )
    rating_round = RatingRound.objects.create(
        unit=unit, year=year, rubric=rubric, deadline=deadline, opened_by=user,
        joint_may_approve=joint_may_approve, kind=kind,
    )  # fmt: skip
    # The centres of the year: those open on its 31 December (centres/lifetime.py).
    centres = Centre.objects.filter(
        counted_in(year), commune__path__startswith=unit.path
    ).values_list("pk", flat=True)
    existing = Rating.objects.filter(centre__in=centres, year=year, kind=kind)
    joining = list(existing.filter(round__isnull=True, is_historical=False))
    for rating in joining:
        rating.round, rating.rubric = rating_round, rubric
    bulk_update_with_history(joining, Rating, ["round", "rubric"], default_user=user)
    taken = set(existing.values_list("centre_id", flat=True))
    bulk_written.send(sender=Rating)  # the bulk writes send no signals
    bulk_create_with_history(
        [
            Rating(centre_id=pk, year=year, round=rating_round, rubric=rubric, kind=kind)
            for pk in centres
            if pk not in taken
        ],
        Rating,
        default_user=user,
    )
    return rating_round


def _check_points(rating: Rating, points: Points) -> dict[int, Indicator]:
    indicators = {i.pk: i for i in Indicator.objects.filter(criterion__rubric_id=rating.rubric_id)}
    errors = {}
    for indicator_id, (value, _comment) in points.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            raise ValidationError(_("The indicator is not part of this rating's rubric."))
        if value is not None and not Decimal(0) <= value <= indicator.max_points:
            errors[str(indicator_id)] = _("Between 0 and %(max)s points.") % {
                "max": f"{indicator.max_points:g}".replace(".", ",")
            }
    if errors:
        raise ValidationError(errors)
    return indicators


def _save_points(rating: Rating, points: Points, side: str, user) -> Decimal:
    scores = {s.indicator_id: s for s in Score.objects.filter(rating=rating)}
    new, changed = [], []
    for indicator_id, (value, comment) in points.items():
        score = scores.get(indicator_id) or Score(rating=rating, indicator_id=indicator_id)
        setattr(score, f"{side}_points", value)
        setattr(score, f"{side}_comment", comment)
        (changed if score.pk else new).append(score)
        scores[indicator_id] = score
    # Each score's change is history: "Điểm chỉ tiêu 2.3: 3 → 1".
    bulk_create_with_history(new, Score, default_user=user)
    bulk_update_with_history(
        changed, Score, [f"{side}_points", f"{side}_comment"], default_user=user
    )
    return sum((getattr(s, f"{side}_points") or Decimal(0) for s in scores.values()), Decimal(0))


@transaction.atomic
def save_self_assessment(*, user, rating: Rating, points: Points, version: int) -> Rating:
    """The centre's own points and comments; a rating not started becomes a draft."""
    if rating.status not in SELF_EDITABLE:
        raise ValidationError(_("This self-assessment can no longer be changed."))
    _check_points(rating, points)
    total = _save_points(rating, points, "self", user)
    if rating.status == Rating.Status.NOT_STARTED:
        return _move(rating, to=Rating.Status.DRAFT, user=user, version=version, self_total=total)
    _update_if_unchanged(rating, version, user=user, self_total=total)
    return rating


@transaction.atomic
def submit(*, user, rating: Rating, version: int) -> Rating:
    """Send the self-assessment to the reviewer: every indicator scored, evidence where required."""
    if rating.status not in SELF_EDITABLE:
        raise ValidationError(_("This self-assessment was already submitted."))
    indicators = Indicator.objects.filter(criterion__rubric_id=rating.rubric_id)
    scored = set(
        Score.objects.filter(rating=rating, self_points__isnull=False).values_list(
            "indicator_id", flat=True
        )
    )
    with_evidence = set(
        Evidence.objects.filter(rating=rating).values_list("indicator_id", flat=True)
    )
    problems = [
        _("Indicator %(code)s has no points.") % {"code": i.code}
        for i in indicators.select_related("criterion")
        if i.pk not in scored
    ] + [
        _("Indicator %(code)s needs an evidence file.") % {"code": i.code}
        for i in indicators.filter(evidence_required=True).select_related("criterion")
        if i.pk not in with_evidence
    ]
    if problems:
        raise ValidationError(problems)
    return _move(
        rating, to=Rating.Status.SUBMITTED, user=user, version=version, submitted_at=timezone.now()
    )


@transaction.atomic
def save_review(*, user, rating: Rating, points: Points, version: int) -> Rating:
    """The reviewer's points and comments on a submitted rating."""
    if rating.status != Rating.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted self-assessment can be reviewed."))
    _check_reviewer(user, rating)
    _check_points(rating, points)
    total = _save_points(rating, points, "review", user)
    _update_if_unchanged(rating, version, user=user, review_total=total)
    return rating


def review_is_complete(rating: Rating) -> bool:
    expected = Indicator.objects.filter(criterion__rubric_id=rating.rubric_id).count()
    reviewed = Score.objects.filter(rating=rating, review_points__isnull=False).count()
    return expected > 0 and reviewed == expected


@transaction.atomic
def return_rating(*, user, rating: Rating, reason: str, version: int) -> Rating:
    """Send a submitted self-assessment back to the centre, saying why."""
    if rating.status != Rating.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted self-assessment can be returned."))
    _check_reviewer(user, rating)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is returned.")})
    return _move(rating, to=Rating.Status.RETURNED, user=user, version=version, reason=reason)


def grade_of(rating: Rating, side: str = "review"):
    """The grade the reviewed (or the centre's own) points give under the rating's rubric."""
    points = dict(Score.objects.filter(rating=rating).values_list("indicator_id", f"{side}_points"))
    return compute_grade(rating.rubric, points)


@transaction.atomic
def approve(*, user, rating: Rating, version: int) -> Rating:
    """Approve with the grade computed from the reviewed points; the year's records lock."""
    if rating.status != Rating.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted self-assessment can be approved."))
    _check_reviewer(user, rating)
    if not review_is_complete(rating):
        raise ValidationError(_("Give reviewed points for every indicator before approving."))
    result = grade_of(rating)
    return _move(
        rating, to=Rating.Status.APPROVED, user=user, version=version, grade=result.grade,
        review_total=result.total, approved_at=timezone.now(),
    )  # fmt: skip


@transaction.atomic
def reopen(*, user, rating: Rating, reason: str, version: int) -> Rating:
    """Take an approval back for review again, saying why; the year's records unlock."""
    if rating.status != Rating.Status.APPROVED:
        raise ValidationError(_("Only an approved rating can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is reopened.")})
    return _move(
        rating, to=Rating.Status.SUBMITTED, user=user, version=version, reason=reason,
        grade="", approved_at=None,
    )  # fmt: skip


def bulk_approve(*, user, ratings: Iterable[Rating]) -> tuple[int, int]:
    """Approve the submitted ratings whose review is complete and which the user may review
    one by one (the single approval's check, per rating); returns (approved, skipped)."""
    approved = skipped = 0
    for rating in ratings:
        if not can_review(user, rating) or not review_is_complete(rating):
            skipped += 1
            continue
        try:
            approve(user=user, rating=rating, version=rating.version)
        except ConcurrentEdit:
            skipped += 1
        else:
            approved += 1
    return approved, skipped


@transaction.atomic
def record_historical_grade(*, user, centre: Centre, year: int, grade: str) -> Rating:
    """A past year's grade without rubric scores, marked historical and approved."""
    if grade not in Grade.values:
        raise ValidationError({"grade": _("Unknown grade.")})
    first, last = past_years_range()
    if not first <= year <= last:
        raise ValidationError(
            {"year": _("A past year's grade is for a year from %(first)s to %(last)s.")
             % {"first": first, "last": last}}
        )  # fmt: skip
    if not historical_grade_centres(user).filter(pk=centre.pk).exists():
        raise ValidationError({"centre": _("You cannot record this centre's grades.")})
    life = centre_year_error(centre, year)
    if life:
        raise ValidationError({"year": life})
    rating = Rating.objects.filter(centre=centre, year=year, kind=Kind.CENTRE).first()
    if rating is not None and not rating.is_historical:
        raise ValidationError(
            {"year": _("This centre already has a rating with scores for that year.")}
        )
    if rating is None:
        rating = Rating.objects.create(
            centre=centre, year=year, status=Rating.Status.APPROVED, grade=grade,
            is_historical=True, approved_at=timezone.now(),
        )  # fmt: skip
        before = Rating.Status.NOT_STARTED
    else:
        before = rating.status
        _update_if_unchanged(rating, rating.version, user=user, grade=grade)
    Transition.objects.create(
        rating=rating, from_status=before, to_status=Rating.Status.APPROVED, user=user,
        reason=_("Historical grade: %(grade)s") % {"grade": Grade(grade).label},
    )  # fmt: skip
    return rating
