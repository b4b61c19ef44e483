"""Read functions of the ratings app, scoped to the user."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from activities.models import Activity, Funding, LearningModelCount, PlanItem, Session
from centres.models import BoardMember, Centre, Staff
from centres.scope import REVIEW_ROLES, scope_of
from core import history

from .default_community_rubric import CENTRE_GRADE_SHARE
from .models import (
    Criterion,
    Evidence,
    Indicator,
    JointReview,
    JointScore,
    Kind,
    Measure,
    Rating,
    RatingRound,
    Score,
    result_label,
)

# The national content area of digital skills (activities/migrations/0002_content_areas.py).
DIGITAL_AREA = "Tin học, kỹ năng số, chuyển đổi số"


def round_list(user) -> QuerySet[RatingRound]:
    """Rounds over units under the user's units, with their completeness counts."""
    return (
        RatingRound.objects.for_user(user)
        .select_related("unit", "rubric")
        .annotate(
            expected=Count("ratings"),
            submitted=Count("ratings", filter=Q(ratings__status__in=["submitted", "approved"])),
            approved=Count("ratings", filter=Q(ratings__status="approved")),
        )
        .order_by("-year", "unit__path")
    )


def round_overview(user, rating_round: RatingRound, *, status: str = "", unit=None):
    """Every visible centre's rating in the round, with scores, grade and review completeness."""
    indicators = Indicator.objects.filter(criterion__rubric_id=rating_round.rubric_id).count()
    ratings = (
        Rating.objects.for_user(user)
        .filter(round=rating_round)
        .select_related("centre__commune__parent", "round")
        .annotate(
            reviewed=Count("scores", filter=Q(scores__review_points__isnull=False)),
        )
        .order_by("centre__commune__path")
    )
    if status == "missing":  # the communes that have not reported yet
        ratings = ratings.filter(status__in=["not_started", "draft", "returned"])
    elif status:
        ratings = ratings.filter(status=status)
    if unit is not None:
        ratings = ratings.filter(centre__commune__path__startswith=unit.path)
    return ratings, indicators


def completeness(rating_round: RatingRound, user) -> dict:
    """How many centres of the round have submitted (or been approved) out of all expected."""
    counts = (
        Rating.objects.for_user(user)
        .filter(round=rating_round)
        .aggregate(
            expected=Count("pk"),
            submitted=Count("pk", filter=Q(status__in=["submitted", "approved"])),
            approved=Count("pk", filter=Q(status="approved")),
            late=Count(
                "pk",
                filter=Q(status__in=["not_started", "draft", "returned"])
                & Q(round__deadline__lt=datetime.date.today()),
            ),
        )
    )
    counts["missing"] = counts["expected"] - counts["submitted"]
    return counts


def rating_detail(user, pk: int) -> QuerySet[Rating]:
    return (
        Rating.objects.for_user(user)
        .filter(pk=pk)
        .select_related("centre__commune__parent", "round__unit", "rubric")
        .prefetch_related(
            Prefetch("transitions__user"),
        )
    )


def historical_grades(user) -> QuerySet[Rating]:
    """Past years' grades recorded without scores, in the units the user records them for."""
    return (
        scope_of(user)
        .filter(Rating.objects.filter(is_historical=True), "centre__commune__path", REVIEW_ROLES)
        .select_related("centre__commune__parent")
        .order_by("-year", "centre__commune__path")
    )


def rubric_rows(rating: Rating) -> list[dict]:
    """Criteria with their indicators, the saved scores and evidence, for the rating page."""
    if rating.rubric_id is None:
        return []
    scores = {s.indicator_id: s for s in Score.objects.filter(rating=rating)}
    evidence: dict[int, list[Evidence]] = {}
    for item in Evidence.objects.filter(rating=rating).order_by("uploaded_at"):
        evidence.setdefault(item.indicator_id, []).append(item)
    measured = measured_values(rating.centre, rating.year, rating.is_community)
    criteria = Criterion.objects.filter(rubric_id=rating.rubric_id).prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("order"))
    )
    return [
        {
            "criterion": criterion,
            "indicators": [
                {
                    "indicator": indicator,
                    "score": scores.get(indicator.pk),
                    "evidence": evidence.get(indicator.pk, []),
                    "measured": measured.get(indicator.measure, ""),
                }
                for indicator in criterion.indicators.all()
            ],
        }
        for criterion in criteria
    ]


def _fmt(value: Decimal | float | int, decimals: int = 1) -> str:
    text = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return text.removesuffix(",0").removesuffix(".0")


def measured_values(centre: Centre, year: int, community: bool = False) -> dict[str, str]:
    """Values recorded data suggests for measurable indicators (shown beside them, not scored).

    In the year a centre was formed (2025), the activities and plans of the centres it was
    formed from, up to their last day, count with its own: the year is rated once, for it."""
    same_year = [c.pk for c in centre.merged_from.all() if c.closed_on and c.closed_on.year == year]
    centres = [centre.pk, *same_year]
    activities = Activity.objects.filter(centre__in=centres).in_year(year)
    held = activities.aggregate(
        n=Count("pk"), areas=Count("content_area", distinct=True),
        partners=Count("partner", distinct=True, filter=~Q(partner="")),
        digital=Count("pk", filter=Q(content_area__name=DIGITAL_AREA)),
    )  # fmt: skip
    planned = PlanItem.objects.filter(plan__centre__in=centres, plan__year=year).aggregate(
        n=Sum("planned_classes") + Sum("planned_talks")
    )["n"]
    visits = (
        Session.objects.filter(activity__in=activities.values("pk")).aggregate(
            n=Sum("participants")
        )["n"]
        or 0
    )
    board = BoardMember.objects.current().filter(centre=centre)
    has_director = board.filter(position=BoardMember.Position.DIRECTOR).exists()
    deputies = board.filter(position=BoardMember.Position.DEPUTY).count()
    funding = Funding.objects.filter(centre=centre, year=year).first()
    models = LearningModelCount.objects.filter(centre=centre, year=year).first()
    surveyed = (
        PlanItem.objects.filter(plan__centre=centre, plan__year=year)
        .values_list("plan__people_surveyed", flat=True)
        .first()
    )
    values = {
        Measure.BOARD_COMPLETE: (
            _("a director and %(n)s deputies") % {"n": deputies}
            if has_director
            else _("no current director")
        ),
        Measure.ACTIVITIES_VS_PLAN: f"{_fmt(held['n'], 0)} / {_fmt(planned or 0, 0)}"
        + (f" ({_fmt(100 * held['n'] / planned)}%)" if planned else ""),
        Measure.CONTENT_AREAS: _fmt(held["areas"], 0),
        Measure.ACTIVE_STAFF: _fmt(Staff.objects.filter(centre=centre, is_active=True).count(), 0),
        Measure.PARTNERS: _fmt(held["partners"], 0),
        Measure.SOCIAL_FUNDING: f"{_fmt(funding.social_contributions, 0)} đ" if funding else "",
        Measure.LEARNING_MODELS: _fmt(models.families, 0) if models else "",
        Measure.VISITS_PER_ADULT: _("%(n)s participant-visits per adult resident")
        % {"n": _fmt(visits / centre.adult_population)}
        if centre.adult_population
        else "",
        Measure.PLAN_SURVEY: _("%(n)s people surveyed") % {"n": _fmt(surveyed, 0)}
        if surveyed
        else "",
        Measure.DIGITAL: _(
            "%(n)s digital-skills classes and talks; %(computers)s computers; internet: %(net)s"
        )
        % {
            "n": _fmt(held["digital"], 0),
            "computers": _fmt(centre.computers, 0),
            "net": _("yes") if centre.has_internet else _("no"),
        },
    }
    if community:  # a learning community's TTHTCĐ indicator: the centre's grade of the year
        values[Measure.CENTRE_RATING] = centre_grade_text(centre, year)
    return {key: value for key, value in values.items() if value}


def centre_grade(centre: Centre, year: int) -> str:
    """The centre's approved grade of the year (its rating, or a historical grade), or ""."""
    return (
        Rating.objects.filter(
            centre=centre, year=year, kind=Kind.CENTRE, status=Rating.Status.APPROVED
        )
        .values_list("grade", flat=True)
        .first()
        or ""
    )


def centre_grade_text(centre: Centre, year: int) -> str:
    grade = centre_grade(centre, year)
    if not grade:
        return _("the centre's rating of %(year)s is not approved yet") % {"year": year}
    return _("the centre was graded %(grade)s in %(year)s") % {
        "grade": result_label(grade),
        "year": year,
    }


def prefilled_points(rating: Rating) -> dict[int, Decimal]:
    """Points a learning community's self-assessment starts from, where recorded data decide
    them: the TTHTCĐ indicator from the centre's approved grade of the year (tốt: the maximum,
    khá: 75 %, trung bình: half, yếu: 0). The commune may change them before submitting."""
    if not rating.is_community or rating.rubric_id is None:
        return {}
    share = CENTRE_GRADE_SHARE.get(centre_grade(rating.centre, rating.year))
    if share is None:
        return {}
    indicators = Indicator.objects.filter(
        criterion__rubric_id=rating.rubric_id, measure=Measure.CENTRE_RATING
    )
    return {
        i.pk: (i.max_points * share).quantize(Decimal("0.1"), ROUND_HALF_UP) for i in indicators
    }


def centre_ratings(user) -> QuerySet[Rating]:
    """Ratings of the centres the user works for (commune staff), newest year first."""
    return (
        Rating.objects.for_user(user)
        .select_related("centre__commune", "round")
        .order_by("-year", "centre__commune__path")
    )


def rating_history(rating: Rating, limit: int = 50) -> list:
    """Changes to the rating, each of its points and its evidence, and the Hội Khuyến học's
    opinions and points, newest first."""
    return history.cached_object_history(
        Rating.objects.filter(pk=rating.pk),
        (Rating, Rating.history.filter(id=rating.pk)),
        (Score, Score.history.filter(rating_id=rating.pk)),
        (Evidence, Evidence.history.filter(rating_id=rating.pk)),
        (JointReview, JointReview.history.filter(rating_id=rating.pk)),
        (JointScore, JointScore.history.filter(joint_review__rating_id=rating.pk)),
        limit=limit,
    )
