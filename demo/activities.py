"""Plausible activity records for the demo centres (used by `load_demo`)."""

import datetime
import random

from activities import rollups
from activities.ethnicities import KINH
from activities.models import (
    Activity,
    AnnualPlan,
    ContentArea,
    Enrolment,
    Funding,
    Learner,
    LearningModelCount,
    Mark,
    PlanItem,
    Session,
)
from centres.models import Staff
from core.text import fold

TALKS = [
    ("Phổ biến Luật Đất đai", "Pháp luật và chính sách", "Hội Cựu chiến binh xã"),
    ("Phòng chống sốt xuất huyết", "Chăm sóc sức khỏe", "Trạm Y tế xã"),
    ("Kỹ thuật trồng lúa chất lượng cao", "Chuyển giao khoa học kỹ thuật", "Hội Nông dân xã"),
    ("Chăn nuôi lợn an toàn sinh học", "Chuyển giao khoa học kỹ thuật", "Hội Nông dân xã"),
    ("Dinh dưỡng cho trẻ dưới 5 tuổi", "Chăm sóc sức khỏe", "Hội Liên hiệp Phụ nữ xã"),
    ("Phòng chống bạo lực gia đình", "Pháp luật và chính sách", "Hội Liên hiệp Phụ nữ xã"),
    ("Thông tin thời sự trong tỉnh", "Thời sự", "Đảng ủy xã"),
    ("An toàn giao thông", "Pháp luật và chính sách", "Đoàn Thanh niên xã"),
    ("Kỹ năng phòng chống lừa đảo trên mạng", "Kỹ năng sống", "Công an xã"),
    ("Nuôi cá nước ngọt", "Chuyển giao khoa học kỹ thuật", "Khuyến nông xã"),
]
CLASSES = [
    ("Lớp tin học cơ bản cho người lớn tuổi", "Tin học", "Đoàn Thanh niên xã"),
    ("Lớp sử dụng điện thoại thông minh, dịch vụ công trực tuyến", "Tin học", "Đoàn Thanh niên xã"),
    ("Lớp xóa mù chữ", "Xóa mù chữ", "Trường Tiểu học"),
    ("Lớp nghề mây tre đan", "Dạy nghề ngắn hạn", "Hội Liên hiệp Phụ nữ xã"),
    ("Lớp tiếng Anh giao tiếp", "Ngoại ngữ", "Trường THCS"),
    ("Lớp dưỡng sinh", "Văn hóa", "Hội Người cao tuổi xã"),
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Đinh"]
WOMEN = ["Thị Lan", "Thị Hoa", "Thị Mai", "Thị Hằng", "Thị Thu", "Thị Nga", "Thị Huệ", "Thị Tươi"]
MEN = ["Văn Hùng", "Văn Nam", "Văn Bình", "Đức Thắng", "Văn Toàn", "Minh Tuấn", "Văn Lợi"]
VILLAGES = ["Thôn Đông", "Thôn Tây", "Thôn Nam", "Thôn Bắc", "Thôn Trung", "Thôn Thượng"]


def _area(areas: list[ContentArea], prefix: str) -> ContentArea:
    return next(a for a in areas if a.name.startswith(prefix))


def _window(centre, year: int, today: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """The days of the year the centre ran activities: within its life and up to today."""
    first = max(datetime.date(year, 1, 10), centre.first_day or datetime.date(year, 1, 1))
    last = min(datetime.date(year, 12, 31), centre.last_day or today, today)
    return (first, last) if (last - first).days >= 60 else None


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def build(centres, years: list[int], seed: int = 2025) -> dict:
    """Create activities, sessions, learners, marks, plans and funding; bulk, without history."""
    rng = random.Random(seed)
    today = datetime.date.today()
    areas = list(ContentArea.objects.all())
    staff_by_centre: dict[int, list[int]] = {}
    for staff_id, centre_id in Staff.objects.filter(centre__in=centres).values_list(
        "pk", "centre_id"
    ):
        staff_by_centre.setdefault(centre_id, []).append(staff_id)

    learners = []
    for centre in centres:
        for _ in range(40):
            woman = rng.random() < 0.6
            learners.append(
                Learner(
                    centre=centre,
                    full_name=f"{rng.choice(FAMILY)} {rng.choice(WOMEN if woman else MEN)}",
                    sex="female" if woman else "male",
                    birth_year=rng.randint(1950, 2005),
                    ethnicity=KINH if rng.random() < 0.97 else "06",
                    village=rng.choice(VILLAGES),
                )
            )
    for learner in learners:
        learner.search_name = fold(learner.full_name)
    Learner.objects.bulk_create(learners, batch_size=2000)
    pool: dict[int, list[Learner]] = {}
    for learner in Learner.objects.filter(centre__in=centres).only(
        "pk", "centre_id", "sex", "ethnicity"
    ):
        pool.setdefault(learner.centre_id, []).append(learner)

    activities, plans, funding, models = [], [], [], []
    for centre in centres:
        for year in years:
            window = _window(centre, year, today)
            if window is None:
                continue
            first, last = window
            share = (last - first).days / 355  # half a year (2025's old and new centres): half
            for title, area, partner in rng.sample(TALKS, max(2, round(rng.randint(5, 9) * share))):
                start = _day(rng, first, last)
                activities.append(
                    Activity(
                        centre=centre, kind=Activity.Kind.TALK, title=title,
                        content_area=_area(areas, area), partner=partner,
                        start_date=start, end_date=start, place="Hội trường UBND xã",
                        target_group="Nhân dân trong xã", planned_learners=rng.randint(50, 150),
                    )
                )  # fmt: skip
            for title, area, partner in rng.sample(CLASSES, rng.randint(1, 2)):
                start = _day(rng, first, last - datetime.timedelta(days=40))
                if start.year != year or start < first:
                    continue
                staff = staff_by_centre.get(centre.pk) or [None]
                activities.append(
                    Activity(
                        centre=centre, kind=Activity.Kind.CLASS, title=title,
                        content_area=_area(areas, area), partner=partner,
                        instructor_id=rng.choice(staff), start_date=start,
                        end_date=start + datetime.timedelta(days=rng.randint(20, 40)),
                        place="Nhà văn hóa thôn", target_group="Người lớn trong xã",
                        planned_learners=rng.randint(15, 30),
                        funding_source=rng.choice(["state", "social", "commune"]),
                        funding_amount=rng.randint(2, 20) * 500_000,
                    )
                )  # fmt: skip
            plans.append(
                AnnualPlan(centre=centre, year=year, people_surveyed=rng.randint(150, 600))
            )
            sources = {
                "state_budget": rng.randint(10, 30) * 1_000_000,
                "commune_budget": rng.randint(5, 20) * 1_000_000,
                "social_contributions": rng.randint(0, 30) * 1_000_000,
            }
            spent = sum(sources.values()) * rng.randint(70, 100) // 100
            funding.append(Funding(centre=centre, year=year, spending=spent, **sources))
            families = rng.randint(300, 1500)
            models.append(
                LearningModelCount(
                    centre=centre, year=year, families=families,
                    clans=rng.randint(5, 40), communities=rng.randint(2, 10),
                    units=rng.randint(2, 8),
                    citizens=families * 2,  # about two learning citizens per learning family
                )
            )  # fmt: skip
    Activity.objects.bulk_create(activities, batch_size=2000)
    AnnualPlan.objects.bulk_create(plans, batch_size=2000)
    Funding.objects.bulk_create(funding, batch_size=2000)
    LearningModelCount.objects.bulk_create(models, batch_size=2000)

    items = []
    for plan in AnnualPlan.objects.filter(centre__in=centres):
        for area in rng.sample(areas, 5):
            items.append(
                PlanItem(
                    plan=plan, content_area=area, people_needing=rng.randint(20, 200),
                    planned_classes=rng.randint(0, 2), planned_talks=rng.randint(1, 3),
                )
            )  # fmt: skip
    PlanItem.objects.bulk_create(items, batch_size=2000)

    sessions, enrolments, class_rosters = [], [], []
    saved = Activity.objects.filter(centre__in=centres).order_by("pk")
    for activity in saved:
        if activity.kind == Activity.Kind.TALK:
            total = rng.randint(40, 180)
            sessions.append(
                Session(
                    activity=activity, date=activity.start_date, start_time=datetime.time(8, 0),
                    topic=activity.title, participants=total,
                    participants_women=rng.randint(total // 3, total * 2 // 3),
                    participants_minority=rng.randint(0, total // 20),
                )
            )  # fmt: skip
            continue
        roster = rng.sample(pool[activity.centre_id], rng.randint(12, 25))
        enrolments += [Enrolment(activity=activity, learner=learner) for learner in roster]
        length = (activity.end_date - activity.start_date).days
        days = sorted(
            {
                activity.start_date + datetime.timedelta(days=rng.randint(0, length))
                for _ in range(rng.randint(4, 8))
            }
        )
        for day in days:
            present = [learner for learner in roster if rng.random() < 0.85]
            session = Session(
                activity=activity, date=day, start_time=datetime.time(19, 0),
                participants=len(present),
                participants_women=sum(1 for p in present if p.sex == "female"),
                participants_minority=sum(1 for p in present if p.ethnicity != KINH),
            )  # fmt: skip
            sessions.append(session)
            class_rosters.append((session, roster, {p.pk for p in present}))
    Session.objects.bulk_create(sessions, batch_size=2000)
    Enrolment.objects.bulk_create(enrolments, batch_size=5000)
    marks = [
        Mark(
            session=session,
            learner=learner,
            status=Mark.Status.PRESENT
            if learner.pk in present
            else rng.choice([Mark.Status.ABSENT, Mark.Status.EXCUSED]),
        )
        for session, roster, present in class_rosters
        for learner in roster
    ]
    Mark.objects.bulk_create(marks, batch_size=5000)
    rollups.refresh({(a.centre_id, a.start_date.year) for a in activities})
    return {"activities": len(activities), "sessions": len(sessions), "marks": len(marks)}
