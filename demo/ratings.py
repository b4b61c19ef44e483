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
from centres.models.units import REFORM_DATE
from centres.selectors import under
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


def _accounts(wanted: dict[str, tuple]) -> dict[str, object]:
    """Who acted in the demo's rating log: each centre's own staff account and each office's
    reviewer (`canbo.<code>`, `canbo.<code>.cu` for a former commune, `pgd.<code>`: no
    password), created in bulk."""
    User = get_user_model()
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
    return users


def _people(province, centres, districts, logins):
    """The staff account of each centre's commune and the reviewer of each round's unit."""
    own = {a.unit_id: user for user in logins.values() for a in user.assignments.all()}

    # A former and a present commune may share a code: the former one's account says so.
    def login(c):
        return f"canbo.{c.commune.code}{'.cu' if c.commune.valid_until else ''}"

    wanted = {login(c): (c.commune, Role.CENTRE_STAFF) for c in centres if c.commune_id not in own}
    wanted |= {f"pgd.{d.code}": (d, Role.REVIEWER) for d in districts if d.pk not in own}
    users = _accounts(wanted)
    _accounts({f"khuyenhoc.{u.code}": (u, Role.JOINT_REVIEWER) for u in [province, *districts]})
    by_unit = {unit.pk: users[name] for name, (unit, _role) in wanted.items()}
    by_unit |= own
    by_unit[province.pk] = logins["tinh_danhgia"]
    return by_unit


def build(province: AdministrativeUnit, roots: list[str], years: list[int], logins: dict,
          seed: int = 7) -> dict:  # fmt: skip
    """Historical grades of the former centres (2007, 2011), district rounds before the reform,
    the province's rounds since (this year's in progress, centres in every status)."""
    rng = random.Random(seed)
    today = timezone.localdate()
    centres = list(
        Centre.objects.filter(under(roots, "commune__path"))
        .select_related("commune__parent")
        .order_by("commune__path")
    )
    former = [c for c in centres if c.closed_on]
    present = [c for c in centres if not c.closed_on]
    districts = list(
        AdministrativeUnit.objects.filter(
            under(roots, "path"), level=AdministrativeUnit.Level.DISTRICT
        ).order_by("path")
    )
    people = _people(province, centres, districts, logins)
    evidence = []
    ratings, transitions = [], []
    for year, shares in HISTORICAL.items():
        grades = rng.choices(Grade.values, weights=shares, k=len(former))
        for centre, grade in zip(former, grades, strict=True):
            ratings.append(Rating(centre=centre, year=year, status="approved", grade=grade,
                                  is_historical=True, approved_at=timezone.now()))  # fmt: skip
    Rating.objects.bulk_create(ratings)
    scores, count = [], 0
    for year in years:
        current = year == today.year
        if year < REFORM_DATE.year:
            rounds = [(d, [c for c in former if c.commune.parent_id == d.pk]) for d in districts]
        else:
            rounds = [(province, present)]
        for unit, members in rounds:
            rubric = rubric_for(
                AdministrativeUnit.objects.get(path=unit.path.split("/")[0] + "/"), year
            )
            indicators = list(
                Indicator.objects.filter(criterion__rubric=rubric).select_related("criterion")
            )
            reviewer = people[unit.pk]
            rating_round = RatingRound.objects.create(
                unit=unit, year=year, rubric=rubric, opened_by=reviewer,
                deadline=datetime.date(year, 12, 15) if current else datetime.date(year, 11, 30),
            )  # fmt: skip
            for index, centre in enumerate(members):
                status = (
                    STATUS_CYCLE[(index + unit.pk) % len(STATUS_CYCLE)] if current else "approved"
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
                    evidence.append((rating, indicators))
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
                    by = people[centre.commune_id] if step in ("draft", "submitted") else reviewer
                    reason = "Bổ sung biên bản họp Ban giám đốc" if step == "returned" else ""
                    transitions.append(
                        Transition(
                            rating=rating, from_status=before, to_status=step, user=by,
                            reason=reason,
                        )
                    )  # fmt: skip
                    before = step
    Score.objects.bulk_create(scores, batch_size=5000)
    Transition.objects.bulk_create(transitions, batch_size=5000)
    files = _evidence(evidence, people)
    return {"ratings": count, "historical": len(ratings), "evidence": files}


def _evidence(ratings: list[tuple[Rating, list[Indicator]]], staff_of: dict) -> int:
    """The minutes the rubric asks for, attached to every submitted rating of this year."""
    rows = []
    pdf_of_year = {}  # one document, drawn once: WeasyPrint takes a tenth of a second a page
    for rating, indicators in ratings:
        required = [i for i in indicators if i.evidence_required]
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
