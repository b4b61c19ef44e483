"""Generate a province-sized dataset for benchmarks (not part of the test suite).

About 300 centres, 15 years, 73.000 activities and 5.000.000 participant-visits, as in the
seed report. Run against a scratch database, PostgreSQL for the published figures:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tthtcd_bench \\
        DJANGO_DEBUG=1 .venv/bin/python benchmarks/generate.py [--scale 0.1]

With --lineage, the same volume in the shape of a real province today (code 97): a three-level
past of two provinces (its own old districts and a former province, 96), 300 communes merged on
01/07/2025 into 100 new ones (some divided), the old centres to 30/06/2025, the new from 01/07.
Run it on the same database after the plain one: timings.py compares the two.

With --national --years 15, a country (code 98): 10.000 centres under 100 districts, 15 years,
2.400.000 activities, 4.900.000 sessions, 181 million participant-visits (headcounts, no named
marks); 12 minutes and 3,4 GB of memory on 2 cores, 1,9 GB of database with the plain province.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from activities import rollups  # noqa: E402
from activities.models import (  # noqa: E402
    Activity,
    ContentArea,
    Enrolment,
    Learner,
    Mark,
    Session,
)
from centres.models import AdministrativeUnit, Assignment, Centre, Role  # noqa: E402
from centres.selectors import under  # noqa: E402
from ratings.default_rubric import rubric_for  # noqa: E402
from ratings.models import Kind, Rating  # noqa: E402
from reports.cache import bump as reports_stale  # noqa: E402

PROVINCE = "99"
FORMER = "96"  # with --lineage: the former province merged into 97
DISTRICTS, COMMUNES = 10, 30
YEARS = 15
ACTIVITIES_PER_CENTRE_YEAR = 16  # 300 x 15 x 16 = 72.000, plus the big class below
BIG_CLASS_LEARNERS = 60


def log(message: str, started: float) -> None:
    print(f"{time.perf_counter() - started:7.1f}s  {message}", flush=True)


def build_units() -> AdministrativeUnit:
    province, _ = AdministrativeUnit.objects.get_or_create(
        path=f"{PROVINCE}/",
        defaults={"code": PROVINCE, "name": f"Tỉnh Đo Hiệu Năng {PROVINCE}", "level": "province"},
    )
    communes = []
    for d in range(DISTRICTS):
        district, _ = AdministrativeUnit.objects.get_or_create(
            path=f"{PROVINCE}/{d:03d}/",
            defaults={"code": f"{d:03d}", "name": f"Huyện Đo {d + 1}", "level": "district",
                      "parent": province},
        )  # fmt: skip
        for c in range(COMMUNES):
            code = f"{d:03d}{c:02d}"
            communes.append(
                AdministrativeUnit(
                    path=f"{district.path}{code}/", code=code, name=f"Xã Đo {d + 1}-{c + 1}",
                    search_name=f"xa do {d + 1}-{c + 1}", level="commune", parent=district,
                )
            )  # fmt: skip
    AdministrativeUnit.objects.bulk_create(communes, batch_size=5000)
    return province


def build_lineage_units() -> tuple[AdministrativeUnit, dict]:
    """Province 97 today, formed from its old self and province 96: 300 former communes in 10
    districts (half each), merged into 100 present communes, a few divided. Returns the
    province and each commune's life (first day, last day)."""
    from centres.models import UnitSuccession
    from centres.models.units import LAST_THREE_LEVEL_DAY, REFORM_DATE

    province = AdministrativeUnit.objects.create(
        code=PROVINCE, name=f"Tỉnh Đo Sáp Nhập {PROVINCE}", level="province", path=f"{PROVINCE}/"
    )
    former = AdministrativeUnit.objects.create(
        code=FORMER, name=f"Tỉnh Đo Cũ {FORMER}", level="province", path=f"{FORMER}/",
        valid_until=LAST_THREE_LEVEL_DAY,
    )  # fmt: skip
    old, life = [], {}
    for d in range(DISTRICTS):
        parent = former if d % 2 else province
        district = AdministrativeUnit.objects.create(
            code=f"{d:03d}", name=f"Huyện Đo Cũ {d + 1}", level="district", parent=parent,
            path=f"{parent.path}{d:03d}/", valid_until=LAST_THREE_LEVEL_DAY,
        )  # fmt: skip
        for c in range(COMMUNES):
            code = f"{d:03d}{c:02d}"
            old.append(
                AdministrativeUnit(
                    path=f"{district.path}{code}/", code=code, name=f"Xã Đo Cũ {d + 1}-{c + 1}",
                    search_name=f"xa do cu {d + 1}-{c + 1}", level="commune", parent=district,
                    valid_until=LAST_THREE_LEVEL_DAY,
                )
            )  # fmt: skip
    AdministrativeUnit.objects.bulk_create(old, batch_size=5000)
    new = [
        AdministrativeUnit(
            path=f"{PROVINCE}/{90000 + n}/", code=f"{90000 + n}", name=f"Xã Đo Mới {n + 1}",
            search_name=f"xa do moi {n + 1}", level="commune", parent=province,
            valid_from=REFORM_DATE,
        )
        for n in range(len(old) // 3)
    ]  # fmt: skip
    AdministrativeUnit.objects.bulk_create(new, batch_size=5000)
    old = list(AdministrativeUnit.objects.filter(level="commune", valid_until__isnull=False,
                                                 path__regex=rf"^({PROVINCE}|{FORMER})/"))  # fmt: skip
    new = list(AdministrativeUnit.objects.filter(level="commune", valid_from=REFORM_DATE,
                                                 path__startswith=f"{PROVINCE}/"))  # fmt: skip
    old.sort(key=lambda u: u.path)
    successions = [UnitSuccession(predecessor=former, successor=province)]
    for i, unit in enumerate(old):
        successions.append(UnitSuccession(predecessor=unit, successor=new[i // 3]))
        if i % 10 == 0 and i // 3 + 1 < len(new):  # one in ten divided with the next commune
            successions.append(
                UnitSuccession(predecessor=unit, successor=new[i // 3 + 1], is_default=False)
            )
        life[unit.pk] = (datetime.date(2000, 1, 1), LAST_THREE_LEVEL_DAY)
    UnitSuccession.objects.bulk_create(successions, batch_size=5000)
    for unit in new:
        life[unit.pk] = (REFORM_DATE, None)
    return province, life


def add_indicators(rng: random.Random, started: float) -> None:
    """On an existing dataset: each open centre-year's plan, funding and learning models, the
    centres' facilities and four staff each (what the activity summary's indicators read)."""
    from activities.models import AnnualPlan, Funding, LearningModelCount, PlanItem
    from centres.models import Staff

    areas = list(ContentArea.objects.all())
    this_year = datetime.date.today().year
    centres = list(Centre.objects.filter(commune__path__regex=r"^(99|97|96)/"))
    plans, funding, models, staff = [], [], [], []
    for centre in centres:
        Centre.objects.filter(pk=centre.pk).update(
            premises=rng.choice(["own", "shared", "none"]), has_seal=rng.random() < 0.9,
            has_bank_account=rng.random() < 0.7, has_internet=rng.random() < 0.8,
            has_audio_equipment=rng.random() < 0.9, computers=rng.randint(0, 10),
            library_books=rng.randint(0, 3000),
        )  # fmt: skip
        first = (centre.decision_date or datetime.date(this_year - YEARS + 1, 1, 1)).year
        last = (centre.closed_on or datetime.date(this_year, 12, 31)).year
        for year in range(max(first, this_year - YEARS + 1), min(last, this_year) + 1):
            plans.append(AnnualPlan(centre=centre, year=year))
            funding.append(Funding(
                centre=centre, year=year, state_budget=rng.randint(0, 50) * 1_000_000,
                commune_budget=rng.randint(0, 30) * 1_000_000,
                social_contributions=rng.randint(0, 20) * 1_000_000,
            ))  # fmt: skip
            models.append(LearningModelCount(
                centre=centre, year=year, families=rng.randint(300, 1500),
                clans=rng.randint(5, 40), communities=rng.randint(2, 10), units=rng.randint(2, 8),
                citizens=rng.randint(600, 3000),
            ))  # fmt: skip
        staff += [
            Staff(centre=centre, kind=rng.choice(Staff.Kind.values), full_name=f"Cán bộ {i}",
                  sex="female")
            for i in range(4)
        ]  # fmt: skip
    AnnualPlan.objects.bulk_create(plans, batch_size=5000)
    Funding.objects.bulk_create(funding, batch_size=5000)
    LearningModelCount.objects.bulk_create(models, batch_size=5000)
    Staff.objects.bulk_create(staff, batch_size=5000)
    PlanItem.objects.bulk_create(
        [PlanItem(plan=plan, content_area=area, planned_classes=rng.randint(0, 4),
                  planned_talks=rng.randint(0, 12))
         for plan in AnnualPlan.objects.filter(centre__in=centres) for area in areas[:4]],
        batch_size=5000,
    )  # fmt: skip
    reports_stale()
    log(f"indicators: {len(plans)} plans, funding and learning models, {len(staff)} staff", started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the activities")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--national",
        action="store_true",
        help="10.000 centres (province code 98), classes and talks without named marks",
    )
    parser.add_argument(
        "--years", type=int, default=None, help="years of activities (15; --national: 1)"
    )
    parser.add_argument(
        "--round-only",
        action="store_true",
        help="on an existing dataset, only open this year's round and add the reviewer",
    )
    parser.add_argument(
        "--lineage",
        action="store_true",
        help="province 97, formed on 01/07/2025 from its old self and province 96",
    )
    parser.add_argument(
        "--indicators",
        action="store_true",
        help="on an existing dataset, add plans, funding, learning models, facilities and staff",
    )
    parser.add_argument(
        "--regime",
        action="store_true",
        help="province 95: 3.321 communes and a six-month reporting period (completeness page)",
    )
    args = parser.parse_args()
    global PROVINCE, DISTRICTS, COMMUNES, YEARS
    if args.regime:
        call_command("migrate", verbosity=0)
        build_regime(random.Random(args.seed), time.perf_counter())
        return
    if args.indicators:
        add_indicators(random.Random(args.seed), time.perf_counter())
        return
    if args.round_only:
        open_round_for_reviewer(AdministrativeUnit.objects.get(path=f"{PROVINCE}/"))
        return
    if args.national:
        PROVINCE, DISTRICTS, COMMUNES, YEARS = "98", 100, 100, 1
    YEARS = args.years or YEARS
    if args.lineage:
        PROVINCE = "97"
    started = time.perf_counter()
    rng = random.Random(args.seed)
    call_command("migrate", verbosity=0)
    if Centre.objects.filter(commune__path__startswith=f"{PROVINCE}/").exists():
        print("The benchmark province already exists; use a fresh database.")
        return
    life = {}
    with transaction.atomic():
        if args.lineage:
            province, life = build_lineage_units()
            communes = AdministrativeUnit.objects.filter(pk__in=life)
        else:
            province = build_units()
            communes = AdministrativeUnit.objects.filter(
                level="commune", path__startswith=province.path
            )
        Centre.objects.bulk_create(
            [Centre(commune=c, name=f"Trung tâm học tập cộng đồng {c.name}",
                    adult_population=rng.randint(3000, 12000),
                    decision_date=life[c.pk][0] if life else None,
                    closed_on=life[c.pk][1] if life else None,
                    status="merged" if life and life[c.pk][1] else "active")
             for c in communes]
        )  # fmt: skip
        if life:
            _link_centres(province)
    roots = [province.path, f"{FORMER}/"] if life else [province.path]
    centres = list(Centre.objects.filter(under(roots, "commune__path")).select_related("commune"))
    log(f"{len(centres)} centres", started)

    areas = list(ContentArea.objects.all())
    this_year = datetime.date.today().year
    years = list(range(this_year - YEARS + 1, this_year + 1))
    per_year = max(1, round(ACTIVITIES_PER_CENTRE_YEAR * args.scale))
    learners = [
        Learner(centre=centre, full_name=f"Học viên {i}", search_name=f"hoc vien {i}",
                sex=rng.choice(["male", "female"]), birth_year=rng.randint(1950, 2005))
        for centre in centres for i in range(80)
    ]  # fmt: skip
    Learner.objects.bulk_create(learners, batch_size=5000)
    pool: dict[int, list[int]] = {}
    for pk, centre_id in Learner.objects.filter(centre__in=centres).values_list("pk", "centre_id"):
        pool.setdefault(centre_id, []).append(pk)
    log(f"{len(learners)} learners", started)

    today = datetime.date.today()
    for year in years:
        activities = []
        for centre in centres:
            first = max(
                datetime.date(year, 1, 1), centre.decision_date or datetime.date(year, 1, 1)
            )
            last = min(datetime.date(year, 12, 1), centre.closed_on or datetime.date(year, 12, 1))
            if last < first:
                continue  # the centre was not open that year
            # A centre open half the year (2025, old or new) runs half its activities.
            count = max(1, round(per_year * ((last - first).days + 1) / 335))
            if life and centre.closed_on is None:
                count *= 3  # a present centre covers the three communes it was formed from
            for _ in range(count):
                start = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
                if start > today:
                    start = today - datetime.timedelta(days=rng.randint(30, 60))
                if start < first:
                    continue
                is_class = rng.random() < 0.15
                activities.append(
                    Activity(
                        centre=centre, kind="class" if is_class else "talk",
                        title=("Lớp " if is_class else "Chuyên đề ") + str(rng.randint(1, 999)),
                        content_area=rng.choice(areas), start_date=start,
                        end_date=start + datetime.timedelta(days=28 if is_class else 0),
                    )
                )  # fmt: skip
        Activity.objects.bulk_create(activities, batch_size=5000)
        saved = (
            Activity.objects.in_year(year)
            .filter(centre__in=centres)
            .only("pk", "kind", "start_date", "centre_id")
        )
        sessions, enrolments, rosters = [], [], []
        for activity in saved:
            if activity.kind == "talk":
                total = rng.randint(25, 110)
                sessions.append(
                    Session(activity=activity, date=activity.start_date, participants=total,
                            participants_women=total // 2, participants_minority=total // 20)
                )  # fmt: skip
                continue
            roster = [] if args.national else rng.sample(pool[activity.centre_id], 18)
            enrolments += [Enrolment(activity=activity, learner_id=pk) for pk in roster]
            for day in range(8):
                session = Session(
                    activity=activity, date=activity.start_date + datetime.timedelta(days=day * 3),
                    participants=15, participants_women=7, participants_minority=0,
                )  # fmt: skip
                sessions.append(session)
                if roster:  # nationally, headcounts only: the marks would be 50 million rows
                    rosters.append((session, roster[:15], roster[15:]))
        Session.objects.bulk_create(sessions, batch_size=5000)
        Enrolment.objects.bulk_create(enrolments, batch_size=5000)
        marks = [
            Mark(session=session, learner_id=pk, status=status)
            for session, present, absent in rosters
            for status, people in (("present", present), ("absent", absent))
            for pk in people
        ]
        Mark.objects.bulk_create(marks, batch_size=10000)
        log(f"{year}: {len(activities)} activities, {len(sessions)} sessions", started)
    rollups.rebuild([c.pk for c in centres])
    log("rollups", started)

    # Approved grades for every centre and year, spread as in the seeds.
    Rating.objects.bulk_create(
        [
            Rating(
                centre=centre, year=year, status="approved", is_historical=True,
                grade=rng.choices(["good", "fair", "average", "weak"], [55, 40, 4, 1])[0],
            )
            for centre in centres
            for year in years
            # This year's ratings stay open (an approval locks the year's records); a year is
            # rated for the centres open on its 31 December.
            if (year < this_year or args.national)
            and (centre.closed_on is None or centre.closed_on >= datetime.date(year, 12, 31))
            and (centre.decision_date is None or centre.decision_date <= datetime.date(year, 12, 31))
        ],
        batch_size=5000,
    )  # fmt: skip
    log("ratings", started)

    # The communes' "Cộng đồng học tập" results of the two years before this one (from 2024,
    # TT 25/2023), approved at a spread of levels, for the recognition report.
    community_years = [y for y in (this_year - 2, this_year - 1) if y >= 2024 and y in years]
    rubrics = {y: rubric_for(province, y, Kind.COMMUNITY) for y in community_years}
    Rating.objects.bulk_create(
        [
            Rating(
                centre=centre, year=year, kind=Kind.COMMUNITY, rubric=rubrics[year],
                status="approved", grade=rng.choices(["level_2", "level_1", "not_met"], [30, 50, 20])[0],
            )
            for centre in centres
            for year in community_years
            if (centre.closed_on is None or centre.closed_on >= datetime.date(year, 12, 31))
            and (centre.decision_date is None or centre.decision_date <= datetime.date(year, 12, 31))
        ],
        batch_size=5000,
    )  # fmt: skip
    log("learning communities", started)

    # One class of 60 learners for the attendance benchmark, and the users it needs.
    centre = next(c for c in centres if c.closed_on is None)
    big = Activity.objects.create(
        centre=centre, kind="class",
        title="Lớp đo hiệu năng 60 học viên"
        + (" (toàn quốc)" if args.national else " (sáp nhập)" if args.lineage else ""),
        content_area=areas[0], start_date=today - datetime.timedelta(days=10), end_date=today,
    )  # fmt: skip
    Enrolment.objects.bulk_create(
        [Enrolment(activity=big, learner_id=pk) for pk in pool[centre.pk][:BIG_CLASS_LEARNERS]]
    )
    Session.objects.create(activity=big, date=today - datetime.timedelta(days=1))
    User = get_user_model()
    prefix = "bench_national" if args.national else "bench_lineage" if args.lineage else "bench"
    for username, unit, role in [
        (f"{prefix}_province", province, Role.VIEWER),
        (f"{prefix}_commune", centre.commune, Role.CENTRE_STAFF),
    ]:
        user, _ = User.objects.get_or_create(username=username)
        Assignment.objects.get_or_create(user=user, unit=unit, role=role)
    if not args.national and not args.lineage:
        open_round_for_reviewer(province)
    reports_stale()  # bulk inserts send no signals; a shared (Redis) cache must forget old reports
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics, as autovacuum would gather in time
    visits = sum(
        Session.objects.filter(activity__centre__in=centres)
        .values_list("participants", flat=True)
        .iterator()
    )
    log(
        f"done: {Activity.objects.filter(centre__in=centres).count()} activities, "
        f"{visits:,} participant-visits".replace(",", "."),
        started,
    )


def _link_centres(province) -> None:
    """Each present centre formed from the centres of its communes' predecessors (default)."""
    from centres.models import UnitSuccession

    by_commune = dict(Centre.objects.values_list("commune_id", "pk"))
    links = [
        Centre.merged_from.through(from_centre_id=by_commune[s], to_centre_id=by_commune[p])
        for p, s in UnitSuccession.objects.filter(
            successor__path__startswith=province.path, successor__level="commune", is_default=True
        ).values_list("predecessor_id", "successor_id")
    ]
    Centre.merged_from.through.objects.bulk_create(links, batch_size=5000)


REGIME_PROVINCE, REGIME_COMMUNES = "95", 3321


def build_regime(rng: random.Random, started: float) -> None:
    """Province 95 as a two-level province of 3.321 communes (the national count), each with a
    centre and two talks in this half-year, and a six-month period with one extra field whose
    reports are in every state; its reviewer is bench_regime."""
    from regime import services as regime_services
    from regime.models import PeriodReport, ReportEvent

    today = datetime.date.today()
    starts = datetime.date(today.year, 1 if today.month <= 6 else 7, 1)
    with transaction.atomic():
        province = AdministrativeUnit.objects.create(
            path=f"{REGIME_PROVINCE}/", code=REGIME_PROVINCE, level="province",
            name=f"Tỉnh Đo Chế Độ Báo Cáo {REGIME_PROVINCE}",
        )  # fmt: skip
        AdministrativeUnit.objects.bulk_create(
            [AdministrativeUnit(
                path=f"{province.path}{c:05d}/", code=f"{c:05d}", name=f"Xã Báo Cáo {c + 1}",
                search_name=f"xa bao cao {c + 1}", level="commune", parent=province,
            ) for c in range(REGIME_COMMUNES)],
            batch_size=5000,
        )  # fmt: skip
        communes = AdministrativeUnit.objects.filter(level="commune", parent=province)
        Centre.objects.bulk_create(
            [Centre(commune=c, name=f"Trung tâm học tập cộng đồng {c.name}") for c in communes]
        )
        centres = list(Centre.objects.filter(commune__parent=province))
        area = ContentArea.objects.first()
        Activity.objects.bulk_create(
            [Activity(centre=c, kind="talk", title=f"Chuyên đề {n}", content_area=area,
                      start_date=starts, end_date=starts)
             for c in centres for n in range(2)],
            batch_size=5000,
        )  # fmt: skip
        talks = Activity.objects.filter(centre__commune__parent=province)
        Session.objects.bulk_create(
            [Session(activity=a, date=a.start_date, participants=rng.randint(20, 80))
             for a in talks],
            batch_size=5000,
        )  # fmt: skip
        reviewer, _ = get_user_model().objects.get_or_create(username="bench_regime")
        Assignment.objects.get_or_create(user=reviewer, unit=province, role=Role.REVIEWER)
        period = regime_services.open_period(
            user=reviewer, unit=province, title="Báo cáo 6 tháng (đo hiệu năng)", kind="half",
            starts_on=starts, ends_on=starts + datetime.timedelta(days=180),
            deadline=starts + datetime.timedelta(days=190),
            fields=[("Số người học xóa mù chữ", "number")],
        )  # fmt: skip
        field = str(period.fields.get().pk)
        states = ["submitted"] * 4 + ["accepted"] * 2 + ["returned", "draft"]
        reports = [
            PeriodReport(period=period, centre=c, status=rng.choice(states),
                         values={field: str(rng.randint(0, 40))})
            for c in centres if rng.random() < 0.8
        ]  # fmt: skip
        PeriodReport.objects.bulk_create(reports, batch_size=5000)
        ReportEvent.objects.bulk_create(
            [ReportEvent(report=r, to_status=r.status, user=reviewer)
             for r in PeriodReport.objects.filter(period=period)],
            batch_size=5000,
        )  # fmt: skip
    rollups.rebuild(centres=centres)
    log(f"regime: {len(centres)} centres, {len(reports)} reports, period {period.pk}", started)


def open_round_for_reviewer(province: AdministrativeUnit) -> None:
    """This year's round over the first district (30 centres) and its reviewer, bench_reviewer."""
    from ratings.models import RatingRound
    from ratings.services import open_round

    district = AdministrativeUnit.objects.get(path=f"{province.path}000/")
    reviewer, _ = get_user_model().objects.get_or_create(username="bench_reviewer")
    Assignment.objects.get_or_create(user=reviewer, unit=district, role=Role.REVIEWER)
    year = datetime.date.today().year
    if not RatingRound.objects.filter(unit=district, year=year).exists():
        open_round(
            user=reviewer, unit=district, year=year,
            deadline=datetime.date.today() + datetime.timedelta(days=30),
        )  # fmt: skip


if __name__ == "__main__":
    main()
