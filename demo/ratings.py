"""Demo rating rounds (used by `load_demo`): past years approved with a realistic spread of
grades, historical grades for 2007 and 2011 as in the seeds, and this year's round in progress
with centres in every status."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from centres.models import AdministrativeUnit, Centre
from ratings.default_rubric import rubric_for
from ratings.grading import compute_grade
from ratings.models import Grade, Indicator, Rating, RatingRound, Score, Transition

# Shares of the seed report: 2007 and 2011 (158/286 tốt in 2011).
HISTORICAL = {2007: [0.38, 0.52, 0.10, 0.0], 2011: [0.552, 0.437, 0.011, 0.0]}
STATUS_CYCLE = ["approved", "submitted", "submitted", "returned", "draft", "not_started"]


def _level(rng: random.Random) -> Decimal:
    """A centre's typical share of the points: most are khá or tốt, a few weaker."""
    return Decimal(str(round(rng.choice([0.95, 0.9, 0.87, 0.82, 0.78, 0.72, 0.66, 0.55]), 2)))


def build(province: AdministrativeUnit, years: list[int], reviewer, staff, seed: int = 7) -> dict:
    rng = random.Random(seed)
    today = timezone.localdate()
    centres = list(
        Centre.objects.filter(commune__path__startswith=province.path)
        .select_related("commune__parent")
        .order_by("commune__path")
    )
    ratings, transitions = [], []
    for year, shares in HISTORICAL.items():
        grades = rng.choices(Grade.values, weights=shares, k=len(centres))
        for centre, grade in zip(centres, grades, strict=True):
            ratings.append(Rating(centre=centre, year=year, status="approved", grade=grade,
                                  is_historical=True, approved_at=timezone.now()))  # fmt: skip
    Rating.objects.bulk_create(ratings)
    rubric = rubric_for(province, years[0])
    indicators = list(
        Indicator.objects.filter(criterion__rubric=rubric).select_related("criterion")
    )
    districts = list(province.children.order_by("path"))
    scores, count = [], 0
    for year in years:
        current = year == today.year
        for district in districts:
            rating_round = RatingRound.objects.create(
                unit=district, year=year, rubric=rubric, opened_by=reviewer,
                deadline=datetime.date(year, 12, 15) if current else datetime.date(year, 11, 30),
            )  # fmt: skip
            for index, centre in enumerate(
                c for c in centres if c.commune.parent_id == district.pk
            ):
                status = (
                    STATUS_CYCLE[(index + district.pk) % len(STATUS_CYCLE)]
                    if current
                    else "approved"
                )
                level = _level(rng)
                own = {
                    i.pk: (i.max_points * min(Decimal(1), level + Decimal("0.05"))).quantize(
                        Decimal("0.5")
                    )
                    for i in indicators
                }
                review = {i.pk: (i.max_points * level).quantize(Decimal("0.5")) for i in indicators}
                result = compute_grade(rubric, review)
                filled = status != "not_started"
                reviewed = status in ("submitted", "approved")
                rating = Rating.objects.create(
                    centre=centre, year=year, round=rating_round, rubric=rubric, status=status,
                    self_total=sum(own.values()) if filled else None,
                    review_total=result.total if reviewed else None,
                    grade=result.grade if status == "approved" else "",
                    submitted_at=timezone.now() if status in ("submitted", "approved") else None,
                    approved_at=timezone.now() if status == "approved" else None,
                )  # fmt: skip
                count += 1
                if filled:
                    scores += [
                        Score(rating=rating, indicator_id=pk, self_points=own[pk],
                              review_points=review[pk] if reviewed else None)
                        for pk in own
                    ]  # fmt: skip
                path = {"draft": ["draft"], "returned": ["draft", "submitted", "returned"],
                        "submitted": ["draft", "submitted"],
                        "approved": ["draft", "submitted", "approved"]}.get(status, [])  # fmt: skip
                before = "not_started"
                for step in path:
                    by = staff if step in ("draft", "submitted") else reviewer
                    reason = "Bổ sung biên bản họp Ban giám đốc" if step == "returned" else ""
                    transitions.append(
                        Transition(
                            rating=rating,
                            from_status=before,
                            to_status=step,
                            user=by,
                            reason=reason,
                        )
                    )
                    before = step
    Score.objects.bulk_create(scores, batch_size=5000)
    Transition.objects.bulk_create(transitions, batch_size=5000)
    return {"ratings": count, "historical": len(ratings)}
