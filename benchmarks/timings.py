"""Time the activity pages and the attendance save on the generated benchmark data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tthtcd_bench \\
        DJANGO_DEBUG=1 .venv/bin/python benchmarks/timings.py [--runs 15]

As deployed (production settings: cached templates, no debug context, the Redis cache every
worker shares; TLS ends at nginx, so no redirect here):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tthtcd_bench DJANGO_DEBUG=0 \
        DJANGO_SECRET_KEY=bench-0123456789abcdefghijklmnopqrstuvwxyz0123456789 \
        DJANGO_ALLOWED_HOSTS=localhost REDIS_URL=redis://127.0.0.1:6379/1 \
        DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 .venv/bin/python benchmarks/timings.py

Prints the median and 95th percentile of each request and its number of SQL queries, and
beside each summary the bare SQL it would need from the records (the floor), timed interleaved
with it (page, floor, page, floor…, so both see the same load) and the ratio of the two.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from activities.models import Activity, Session  # noqa: E402
from activities.services import save_attendance  # noqa: E402
from centres.models import AdministrativeUnit, Centre  # noqa: E402
from centres.selectors import under  # noqa: E402
from ratings.models import Rating  # noqa: E402

REFORM_YEAR = 2025


def count_queries(action) -> int:
    """Queries one run makes (request_started clears connection.queries, so wrap execution);
    of an action with a `prepare` step (a write before the read), the read's only."""
    count = {"n": 0}

    def counter(execute, sql, params, many, context):
        count["n"] += 1
        return execute(sql, params, many, context)

    if hasattr(action, "prepare"):
        action.prepare()
    with connection.execute_wrapper(counter):
        getattr(action, "measured", action)()
    return count["n"]


def _timed(action) -> float:
    """Milliseconds of one run; an action that times itself (a float returned) is believed."""
    started = time.perf_counter()
    own = action()
    return own if isinstance(own, float) else (time.perf_counter() - started) * 1000


def _p95(times: list[float]) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def measure(action, runs: int, floor=None) -> tuple[float, float, int, float | None]:
    """Median and p95 of the action, its queries, and the median of its floor, timed in turn."""
    action()  # warm caches and connections
    if floor:
        floor()
    queries = count_queries(action)
    times, floors = [], []
    for _ in range(runs):
        times.append(_timed(action))
        if floor:
            floors.append(_timed(floor))
    return (
        statistics.median(times), _p95(times), queries,
        statistics.median(floors) if floors else None,
    )  # fmt: skip


def bare(action):
    """The SELECTs one run of `action` sends, sent again as they are: the database's share of
    the work without the ORM or Python around it (PostgreSQL's captured SQL is the statement
    as executed)."""
    from django.test.utils import CaptureQueriesContext

    statements: list[str] = []

    def run():
        if not statements:  # captured at the first run, so an unselected case costs nothing
            with CaptureQueriesContext(connection) as captured:
                action()
            statements.extend(
                q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")
            )
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    return run


def rating_floor(
    path: str, year: int, *more_paths: str, kind: str = "centre", compare: int | None = None
):
    """The bare aggregates a rating summary needs: the centres open on the year's 31 December
    and their approved grades, counted per district (under the unit and, across the reform,
    the units it was formed from); of kind "community", the communes' levels. With `compare`,
    the same for the year the page compares with (it prints both)."""
    from centres.lifetime import counted_in

    roots = [path, *more_paths]

    def run():
        for each in (year, compare) if compare else (year,):
            list(
                Centre.objects.filter(under(roots, "commune__path"), counted_in(each))
                .values("commune__parent_id")
                .annotate(n=Count("pk"))
            )
            list(
                Rating.objects.filter(under(roots, "centre__commune__path"))
                .filter(year=each, status="approved", kind=kind)
                .values("centre__commune__parent_id", "grade")
                .annotate(n=Count("pk"))
            )

    return bare(run)


def rating_data(username: str, path: str, year: int, lineage: bool = False):
    """The rating summary's data alone (the selector, before HTML and chart), the user's scope
    built once as every request builds it; with `lineage`, the unit's lineage (report_roots)
    is looked up anew each time too, else once, like the scope."""
    from reports.selectors import rating_summary

    user = get_user_model().objects.get(username=username)
    unit = AdministrativeUnit.objects.get(path=path)

    def run():
        if lineage:
            unit.__dict__.pop("_report_roots", None)
        rating_summary(user, unit, year)

    return run


def activity_floor(path: str, first: int, last: int, *more_paths: str):
    """The raw aggregate an activity summary needs: activities and sessions grouped by year,
    content area and sub-unit, from the records (what the summary read before its rollups),
    without the user's scope."""
    from reports.selectors import _record_groups

    admin, _ = get_user_model().objects.get_or_create(
        username="bench_admin", defaults={"is_superuser": True, "is_staff": True}
    )
    unit = AdministrativeUnit.objects.get(path=path)
    roots = [path, *more_paths]

    return bare(lambda: _record_groups(admin, unit, roots, first, last, "then"))


def indicator_floor(path: str, first: int, last: int, username: str):
    """The SQL of what the activity summary prints beside the activities, as the page sends it
    for its user (from the records: they have no rollups): facilities, learning models, staff,
    plans and funding, and the centres without a current director."""
    from reports import indicators, selectors

    user = get_user_model().objects.get(username=username)
    unit = AdministrativeUnit.objects.get(path=path)

    def run():
        unit.__dict__.pop("_report_roots", None)
        indicators.indicators(user, unit, first, last)
        selectors.unit_extras(user, unit, last)

    return bare(run)


def summary_floor(username: str, path: str, first: int, last: int, *more_paths: str):
    """An activity summary's floor: its activities' aggregate from the records and its
    indicators (the unit's lineage looked up as the page does)."""
    activities = activity_floor(path, first, last, *more_paths)
    beside = indicator_floor(path, first, last, username)

    def run():
        activities()
        beside()

    return run


def client_for(username: str) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username=username))
    return client


def get(client: Client, url: str, cold: bool = False):
    """A GET of the URL; `cold` empties the cache first (report data and charts computed)."""

    def action():
        if cold:
            cache.clear()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return action


def after(write, client: Client, url: str):
    """A GET of the URL just after `write` (not timed): what the next reader pays."""

    def read():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    def action() -> float:
        write()
        started = time.perf_counter()
        read()
        return (time.perf_counter() - started) * 1000

    action.prepare, action.measured = write, read
    return action


def fresh_pdf(client: Client, url: str):
    """The PDF with the report data cached but laid out anew (another document number each
    time, so the cached PDF of the same document is not reused)."""
    number = {"n": 0}
    fields = "&issuing_body=SỞ GIÁO DỤC VÀ ĐÀO TẠO&place=Hà Nội&signer_title=GIÁM ĐỐC"

    def action():
        number["n"] += 1
        response = client.get(f"{url}&format=pdf{fields}&number={number['n']}")
        assert response.status_code == 200, (url, response.status_code)

    return action


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", default="", help="the cases whose name contains this text")
    args = parser.parse_args()
    year = timezone.localdate().year
    province, commune = client_for("bench_province"), client_for("bench_commune")
    centre_pk = Activity.objects.get(title="Lớp đo hiệu năng 60 học viên").centre_id
    big = Session.objects.get(activity__title="Lớp đo hiệu năng 60 học viên")
    learners = list(big.activity.enrolments.values_list("learner_id", flat=True))
    flip = {"value": 0}

    def save_sheet():
        flip["value"] ^= 1
        statuses = {
            pk: "present" if (i + flip["value"]) % 3 else "absent" for i, pk in enumerate(learners)
        }
        save_attendance(session=big, statuses=statuses)

    rated = Rating.objects.filter(
        centre__commune__path__startswith="99/", year=year - 1, status="approved", kind="centre"
    ).first()
    first_grade = rated.grade if rated else ""
    other_grade = "fair" if first_grade != "fair" else "good"

    def change_rating():
        """A reviewer corrects an approved grade, and puts it back the next time: its year is
        stale each time (the grade it had is restored at the end)."""
        rated.grade = other_grade if rated.grade == first_grade else first_grade
        rated.save(update_fields=["grade"])

    in_province = Activity.objects.filter(centre__commune__path__startswith="99/").in_year(year)

    def floor():
        in_province.aggregate(n=Count("pk"))
        Session.objects.filter(activity__in=in_province.values("pk")).aggregate(
            n=Count("pk"), v=Sum("participants")
        )

    sheet = f"/activities/sessions/{big.pk}/attendance/"
    cases = [
        ("activity list, province, one year", get(province, f"/activities/?year={year}"), floor),
        (
            "activity list, province, past year",
            get(province, f"/activities/?year={year - 10}"),
            None,
        ),
        ("activity list, one centre", get(commune, f"/activities/?year={year}"), None),
        ("activity list, centre filter", get(province, f"/activities/?centre={centre_pk}"), None),
        (
            "export xlsx, province, one year",
            get(province, f"/activities/export.xlsx?year={year}"),
            None,
        ),
        ("attendance sheet page, 60 learners", get(commune, sheet), None),
        ("attendance save, 60 learners (service)", save_sheet, None),
    ]
    unit = AdministrativeUnit.objects.get(path="99/").pk
    ratings = f"/reports/ratings/?unit={unit}&year={year - 1}&compare={year - 2}"
    activities = f"/reports/activities/?unit={unit}&year={year}"
    communities = f"/reports/learning-communities/?unit={unit}&year={year - 1}&compare={year - 2}"
    period = f"/reports/activities/?unit={unit}&year={year}&first_year={year - 14}"
    cases += [
        (
            "rating summary, one year (HTML)",
            get(province, ratings, cold=True),
            rating_floor("99/", year - 1, compare=year - 2),
        ),
        ("  the same, cached", get(province, ratings), None),
        *(
            [
                (
                    "  the same, after a rating is changed",
                    after(change_rating, province, ratings),
                    rating_floor("99/", year - 1, compare=year - 2),
                )
            ]
            if rated
            else []
        ),
        (
            "learning communities, one year (HTML)",
            get(province, communities, cold=True),
            rating_floor("99/", year - 1, kind="community", compare=year - 2),
        ),
        ("  the same, cached", get(province, communities), None),
        (
            "learning communities (PDF, data cached)",
            fresh_pdf(province, communities),
            None,
        ),
        (
            "activity summary, one year (HTML)",
            get(province, activities, cold=True),
            summary_floor("bench_province", "99/", year, year),
        ),
        ("  the same, cached", get(province, activities), None),
        ("  the same, after an attendance save", after(save_sheet, province, activities), None),
        (
            "activity summary, 15 years (HTML)",
            get(province, period, cold=True),
            summary_floor("bench_province", "99/", year - 14, year),
        ),
        ("  the same, cached", get(province, period), None),
        (
            "ratings by centre, one year (HTML)",
            get(province, f"/reports/ratings/list/?unit={unit}&year={year - 1}", cold=True),
            rating_floor("99/", year - 1),
        ),
        (
            "self-assessment distribution (HTML)",
            get(
                province,
                f"/reports/ratings/self-assessment/?unit={unit}&year={year - 1}",
                cold=True,
            ),
            None,
        ),
        ("rating summary (Excel)", get(province, ratings + "&format=xlsx", cold=True), None),
        (
            "activity summary, 15 years (Excel)",
            get(province, period + "&format=xlsx", cold=True),
            None,
        ),
        ("rating summary (PDF)", get(province, ratings + "&format=pdf", cold=True), None),
        ("rating summary (PDF, data cached)", fresh_pdf(province, ratings), None),
        (
            "activity summary, 15 years (PDF)",
            get(province, period + "&format=pdf", cold=True),
            None,
        ),
        ("activity summary, 15 years (PDF, data cached)", fresh_pdf(province, period), None),
        ("  the same document again (PDF cached)", get(province, period + "&format=pdf"), None),
    ]
    if AdministrativeUnit.objects.filter(path="97/").exists():
        # The same reports on a province formed in 2025 (97, from its old self and 96) beside
        # the plain province (99) of the same volume: lineage should cost at most 1,5x.
        lineage = client_for("bench_lineage_province")
        merged = AdministrativeUnit.objects.get(path="97/").pk
        plain = AdministrativeUnit.objects.get(path="99/").pk
        across = f"year={REFORM_YEAR}&compare={REFORM_YEAR - 1}"
        series = f"year={year}&first_year={year - 14}"
        cases += [
            (
                "PLAIN 99: rating summary 2025 vs 2024",
                get(province, f"/reports/ratings/?unit={plain}&{across}", cold=True),
                rating_floor("99/", REFORM_YEAR, compare=REFORM_YEAR - 1),
            ),
            (
                "LINEAGE 97: rating summary 2025 vs 2024",
                get(lineage, f"/reports/ratings/?unit={merged}&{across}", cold=True),
                rating_floor("97/", REFORM_YEAR, "96/", compare=REFORM_YEAR - 1),
            ),
            (
                "PLAIN 99: rating summary data, 2025",
                rating_data("bench_province", "99/", REFORM_YEAR),
                rating_floor("99/", REFORM_YEAR),
            ),
            (
                "LINEAGE 97: rating summary data, 2025",
                rating_data("bench_lineage_province", "97/", REFORM_YEAR),
                rating_floor("97/", REFORM_YEAR, "96/"),
            ),
            (
                "LINEAGE 97: rating summary data, 2024",
                rating_data("bench_lineage_province", "97/", REFORM_YEAR - 1),
                rating_floor("97/", REFORM_YEAR - 1, "96/"),
            ),
            (
                "  the same, with the lineage lookup",
                rating_data("bench_lineage_province", "97/", REFORM_YEAR - 1, lineage=True),
                None,
            ),
            (
                "LINEAGE 97: the same, rows as now",
                get(lineage, f"/reports/ratings/?unit={merged}&{across}&grouping=now", cold=True),
                None,
            ),
            (
                "PLAIN 99: activity summary, 15 years",
                get(province, f"/reports/activities/?unit={plain}&{series}", cold=True),
                summary_floor("bench_province", "99/", year - 14, year),
            ),
            (
                "LINEAGE 97: activity summary, 15 years",
                get(lineage, f"/reports/activities/?unit={merged}&{series}", cold=True),
                summary_floor("bench_lineage_province", "97/", year - 14, year, "96/"),
            ),
        ]
    if AdministrativeUnit.objects.filter(path="98/").exists():
        national = client_for("bench_national_province")
        unit = AdministrativeUnit.objects.get(path="98/").pk
        national_period = f"/reports/activities/?unit={unit}&year={year}&first_year={year - 14}"
        cases += [
            (
                "NATIONAL 10.000 centres: rating summary",
                get(national, f"/reports/ratings/?unit={unit}&year={year - 1}", cold=True),
                rating_floor("98/", year - 1),
            ),
            (
                "NATIONAL 10.000 centres: activity summary",
                get(national, f"/reports/activities/?unit={unit}&year={year}", cold=True),
                summary_floor("bench_national_province", "98/", year, year),
            ),
            (
                "NATIONAL: activity summary, 15 years",
                get(national, national_period, cold=True),
                summary_floor("bench_national_province", "98/", year - 14, year),
            ),
            ("  the same, cached", get(national, national_period), None),
            (
                "NATIONAL: activity summary, 15 years (Excel)",
                get(national, national_period + "&format=xlsx", cold=True),
                None,
            ),
            (
                "NATIONAL: activity summary, 15 years (PDF, data cached)",
                fresh_pdf(national, national_period),
                None,
            ),
            (
                "  the same document again (PDF cached)",
                get(national, national_period + "&format=pdf"),
                None,
            ),
            (
                "NATIONAL: rating summary (PDF, data cached)",
                fresh_pdf(national, f"/reports/ratings/?unit={unit}&year={year - 1}"),
                None,
            ),
        ]
    if AdministrativeUnit.objects.filter(path="95/").exists():
        from regime.models import ReportingPeriod
        from regime.selectors import completeness

        regime = client_for("bench_regime")
        period = ReportingPeriod.objects.get(unit__path="95/")

        def completeness_floor():
            """The bare reads: the centres of the period with their reports, and the sessions."""
            list(
                Centre.objects.filter(commune__path__startswith="95/").values_list(
                    "pk", "commune__name", "period_reports__status"
                )
            )
            Session.objects.filter(
                activity__centre__commune__path__startswith="95/",
                date__range=(period.starts_on, period.ends_on),
            ).values("activity__centre").annotate(v=Sum("participants")).count()

        cases += [
            (
                "REGIME 95: completeness, 3.321 centres (page)",
                get(regime, f"/periods/{period.pk}/"),
                completeness_floor,
            ),
            ("  the same, data only (selector)", lambda: completeness(period), None),
            (
                "REGIME 95: who has not reported (Excel)",
                get(regime, f"/periods/{period.pk}/not-reported.xlsx"),
                None,
            ),
        ]
    total = Session.objects.filter(activity__centre__commune__path__startswith="99/").aggregate(
        v=Sum("participants")
    )["v"]
    print(
        f"database: {connection.vendor}; participant-visits in the dataset: {total:,}".replace(
            ",", "."
        )
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"{'case':<56} {'median ms':>10} {'p95 ms':>9} {'queries':>8} {'floor ms':>9} {'ratio':>6}"
    )
    for name, action, floor_action in cases:
        if args.only not in name:
            continue
        median, p95, queries, floor_ms = measure(action, args.runs, floor_action)
        floor_text = f"{floor_ms:.1f}" if floor_ms else ""
        ratio = f"{median / floor_ms:.2f}".replace(".", ",") if floor_ms else ""
        print(f"{name:<56} {median:>10.1f} {p95:>9.1f} {queries:>8} {floor_text:>9} {ratio:>6}")
    if rated is not None and rated.grade != first_grade:
        rated.grade = first_grade
        rated.save(update_fields=["grade"])
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
