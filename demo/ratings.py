"""Demo rating rounds (used by `load_demo`): past years approved with a realistic spread of
grades, historical grades for 2007 and 2011 as in the seeds, and this year's round in progress
with centres in every status."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone

from centres.models import AdministrativeUnit, Assignment, Centre, Role
from core.pdf import html_to_pdf
from ratings.default_rubric import rubric_for
from ratings.grading import compute_grade
from ratings.models import Evidence, Grade, Indicator, Rating, RatingRound, Score, Transition
from ratings.models.rounds import evidence_storage

# Shares of the seed report: 2007 and 2011 (158/286 tốt in 2011).
HISTORICAL = {2007: [0.38, 0.52, 0.10, 0.0], 2011: [0.552, 0.437, 0.011, 0.0]}
STATUS_CYCLE = ["approved", "submitted", "submitted", "returned", "draft", "not_started"]


def _level(rng: random.Random) -> Decimal:
    """A centre's typical share of the points: most are khá or tốt, a few weaker."""
    return Decimal(str(round(rng.choice([0.95, 0.9, 0.87, 0.82, 0.78, 0.72, 0.66, 0.55]), 2)))


MINUTES = """<html lang="vi"><head><meta charset="utf-8"><style>
body {{ font-family: "Liberation Serif", serif; font-size: 13pt; margin: 2cm; }}
h1 {{ font-size: 14pt; text-align: center; }}</style></head><body>
<p>UBND XÃ<br><b>TRUNG TÂM HỌC TẬP CỘNG ĐỒNG</b></p>
<h1>BIÊN BẢN HỌP BAN GIÁM ĐỐC</h1>
<p>Năm {year}, Ban giám đốc Trung tâm họp đánh giá kết quả hoạt động, thống nhất kế hoạch
và phân công nhiệm vụ các thành viên. (Tài liệu mẫu của bản demo.)</p></body></html>"""


def _accounts(province, centres, districts, reviewer, staff):
    """Who acted in the demo's rating log: each centre's own staff account and each district's
    reviewer (the demo logins `xa` and `huyen` for theirs; the others have no password)."""
    User = get_user_model()
    own_commune = staff.assignments.get().unit_id
    own_district = reviewer.assignments.get().unit_id
    wanted = {f"canbo.{c.commune.code}": (c.commune, Role.CENTRE_STAFF) for c in centres
              if c.commune_id != own_commune}  # fmt: skip
    wanted |= {f"pgd.{d.code}": (d, Role.REVIEWER) for d in districts if d.pk != own_district}
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    unusable = make_password(None)
    User.objects.bulk_create(
        [User(username=name, password=unusable, first_name=f"Cán bộ {unit.name}")
         for name, (unit, _role) in wanted.items() if name not in existing]
    )  # fmt: skip
    users = {u.username: u for u in User.objects.filter(username__in=wanted)}
    Assignment.objects.bulk_create(
        [Assignment(user=users[name], unit=unit, role=role)
         for name, (unit, role) in wanted.items() if name not in existing]
    )  # fmt: skip
    by_commune = {unit.pk: users[name] for name, (unit, role) in wanted.items()
                  if role == Role.CENTRE_STAFF}  # fmt: skip
    by_commune[own_commune] = staff
    by_district = {unit.pk: users[name] for name, (unit, role) in wanted.items()
                   if role == Role.REVIEWER}  # fmt: skip
    by_district[own_district] = reviewer
    return by_commune, by_district


def build(province: AdministrativeUnit, years: list[int], reviewer, staff, seed: int = 7) -> dict:
    rng = random.Random(seed)
    today = timezone.localdate()
    centres = list(
        Centre.objects.filter(commune__path__startswith=province.path)
        .select_related("commune__parent")
        .order_by("commune__path")
    )
    districts = list(province.children.order_by("path"))
    staff_of, reviewer_of = _accounts(province, centres, districts, reviewer, staff)
    evidence = []
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
    scores, count = [], 0
    for year in years:
        current = year == today.year
        for district in districts:
            rating_round = RatingRound.objects.create(
                unit=district, year=year, rubric=rubric, opened_by=reviewer_of[district.pk],
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
                if current and status in ("submitted", "approved", "returned"):
                    evidence.append(rating)
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
                    by = (
                        staff_of[centre.commune_id]
                        if step in ("draft", "submitted")
                        else reviewer_of[district.pk]
                    )
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
    files = _evidence(evidence, [i for i in indicators if i.evidence_required], staff_of)
    return {"ratings": count, "historical": len(ratings), "evidence": files}


def _evidence(ratings: list[Rating], required: list[Indicator], staff_of: dict) -> int:
    """The minutes the rubric asks for, attached to every submitted rating of this year."""
    rows = []
    pdf_of_year = {}  # one document, drawn once: WeasyPrint takes a tenth of a second a page
    for rating in ratings:
        commune = rating.centre.commune
        if rating.year not in pdf_of_year:
            pdf_of_year[rating.year] = html_to_pdf(MINUTES.format(year=rating.year))
        for indicator in required:
            name = f"bien-ban-hop-{commune.code}-{indicator.code}.pdf"
            pdf = pdf_of_year[rating.year]
            stored = evidence_storage.save(f"demo/{rating.year}/{name}", ContentFile(pdf))
            rows.append(
                Evidence(rating=rating, indicator=indicator, file=stored, original_name=name,
                         size=len(pdf), uploaded_by=staff_of[commune.pk])
            )  # fmt: skip
    Evidence.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
