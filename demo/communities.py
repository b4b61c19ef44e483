"""Demo "Cộng đồng học tập" assessments (used by `load_demo`): last year's province round over the
present communes, all approved at a realistic spread of levels, and this year's in progress
with communes in every status; the TTHTCĐ indicator follows the centre's grade of the year as
the self-assessment form prefills it. Written in bulk, as demo/ratings.py writes the ratings."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from centres.models import AdministrativeUnit, Assignment, Centre, Role
from centres.selectors import under
from ratings.default_community_rubric import CENTRE_GRADE_SHARE
from ratings.default_rubric import rubric_for
from ratings.grading import compute_grade
from ratings.models import Indicator, Kind, Measure, Rating, RatingRound, Score, Transition

from .ratings import STATUS_CYCLE, _evidence

STEPS = {
    "draft": ["draft"],
    "returned": ["draft", "submitted", "returned"],
    "submitted": ["draft", "submitted"],
    "approved": ["draft", "submitted", "approved"],
}


def _share(rng: random.Random) -> Decimal:
    """A commune's typical share of the points: most reach mức độ 1, some mức độ 2."""
    return Decimal(str(rng.choice([0.92, 0.88, 0.8, 0.76, 0.72, 0.7, 0.62])))


def build(province: AdministrativeUnit, roots: list[str], logins: dict, seed: int = 11) -> dict:
    today = timezone.localdate()
    rng = random.Random(seed)
    centres = list(
        Centre.objects.filter(under(roots, "commune__path"), closed_on__isnull=True)
        .select_related("commune")
        .order_by("commune__path")
    )
    reviewer = logins["tinh_danhgia"]
    staff = {
        a.unit_id: a.user
        for a in Assignment.objects.filter(
            role=Role.CENTRE_STAFF, unit__in=[c.commune_id for c in centres]
        )
        .select_related("user")
        .order_by("pk")
    }
    grades = {
        (centre_id, year): grade
        for centre_id, year, grade in Rating.objects.filter(
            centre__in=centres, kind=Kind.CENTRE, status="approved"
        ).values_list("centre_id", "year", "grade")
    }
    scores, transitions, evidence, count = [], [], [], 0
    for year in (today.year - 1, today.year):
        current = year == today.year
        rubric = rubric_for(province, year, Kind.COMMUNITY)
        indicators = list(
            Indicator.objects.filter(criterion__rubric=rubric).select_related("criterion")
        )
        rating_round = RatingRound.objects.create(
            unit=province, year=year, rubric=rubric, opened_by=reviewer, kind=Kind.COMMUNITY,
            deadline=datetime.date(year, 12, 20) if current else datetime.date(year, 11, 30),
        )  # fmt: skip
        for index, centre in enumerate(centres):
            status = STATUS_CYCLE[(index + 1) % len(STATUS_CYCLE)] if current else "approved"
            share = _share(rng)
            grade = grades.get((centre.pk, year), "")
            review = {}
            for i in indicators:
                value = i.max_points * share
                if i.measure == Measure.CENTRE_RATING and grade:
                    value = i.max_points * CENTRE_GRADE_SHARE[grade]
                review[i.pk] = value.quantize(Decimal("0.5"))
            result = compute_grade(rubric, review)
            filled, reviewed = status != "not_started", status in ("submitted", "approved")
            rating = Rating.objects.create(
                centre=centre, year=year, round=rating_round, rubric=rubric, kind=Kind.COMMUNITY,
                status=status, self_total=result.total if filled else None,
                review_total=result.total if reviewed else None,
                grade=result.grade if status == "approved" else "",
                submitted_at=timezone.now() if reviewed else None,
                approved_at=timezone.now() if status == "approved" else None,
            )  # fmt: skip
            count += 1
            if current and status in ("submitted", "approved", "returned"):
                evidence.append((rating, indicators))
            if filled:
                scores += [
                    Score(rating=rating, indicator_id=pk, self_points=points,
                          review_points=points if reviewed else None)
                    for pk, points in review.items()
                ]  # fmt: skip
            before = "not_started"
            for step in STEPS.get(status, []):
                own = step in ("draft", "submitted")
                by = staff.get(centre.commune_id, reviewer) if own else reviewer
                reason = "Bổ sung kế hoạch xây dựng xã hội học tập" if step == "returned" else ""
                transitions.append(
                    Transition(rating=rating, from_status=before, to_status=step, user=by,
                               reason=reason)
                )  # fmt: skip
                before = step
    Score.objects.bulk_create(scores, batch_size=5000)
    Transition.objects.bulk_create(transitions, batch_size=5000)
    staff_of = {c.commune_id: staff.get(c.commune_id, reviewer) for c in centres}
    return {"assessments": count, "evidence": _evidence(evidence, staff_of)}
