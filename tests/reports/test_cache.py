"""Cached report data: reused while nothing changes, recomputed after every kind of write."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities import rollups
from activities.imports import import_activities
from activities.models import Mark, Session
from activities.services import save_attendance
from core import cache as generational
from ratings import services
from ratings.models import Rating
from reports import cache as report_cache
from reports import charts
from reports.selectors import rating_summary

from ..activities.test_spreadsheets import filled, talk_row
from ..factories import ClassFactory, LearnerFactory, SessionFactory, enrol
from ..ratings.conftest import reviewed, submitted

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year


def summary_of(client, name, unit, **params):
    return client.get(reverse(name), {"unit": unit.pk, "year": YEAR, **params}).context["summary"]


def good_count(client, unit) -> int:
    return summary_of(client, "reports:ratings", unit).total.counts[0]


def visits(client, unit) -> int:
    return summary_of(client, "reports:activities", unit).total.visits


def test_a_summary_asked_again_is_served_from_the_cache(client_for, province_viewer, province):
    client = client_for(province_viewer)
    url = reverse("reports:ratings")
    with CaptureQueriesContext(connection) as first:
        client.get(url, {"unit": province.pk, "year": YEAR})
    with CaptureQueriesContext(connection) as second:
        client.get(url, {"unit": province.pk, "year": YEAR})
    rating_queries = [q for q in second.captured_queries if '"ratings_rating"' in q["sql"]]
    assert rating_queries == []
    assert len(second) < len(first)


def test_an_approval_after_the_summary_was_cached_shows_at_once(
    client_for, province_viewer, province, district, district_reviewer, commune_staff, centre
):
    client = client_for(province_viewer)
    rating_round = services.open_round(
        user=district_reviewer, unit=district, year=YEAR,
        deadline=datetime.date.today() + datetime.timedelta(days=10),
    )  # fmt: skip
    rating = Rating.objects.get(round=rating_round, centre=centre)
    rating = reviewed(submitted(rating, commune_staff), district_reviewer)
    assert good_count(client, province) == 0
    services.approve(user=district_reviewer, rating=rating, version=rating.version)
    assert good_count(client, province) == 1
    rating.refresh_from_db()
    services.reopen(user=district_reviewer, rating=rating, reason="Sai sót", version=rating.version)
    assert good_count(client, province) == 0


def test_an_import_after_the_summary_was_cached_shows_at_once(
    client_for, province_viewer, province, centre
):
    client = client_for(province_viewer)
    assert visits(client, province) == 0
    result = import_activities(centre=centre, upload=filled([talk_row(people=120)]))
    assert result.ok, result.errors
    assert visits(client, province) == 120


def test_attendance_after_the_summary_was_cached_shows_at_once(
    client_for, province_viewer, province, centre
):
    client = client_for(province_viewer)
    course = ClassFactory(centre=centre, start_date=datetime.date(YEAR, 1, 5))
    session = SessionFactory(activity=course, date=datetime.date(YEAR, 1, 5), participants=0)
    learners = LearnerFactory.create_batch(3, centre=centre)
    enrol(course, learners)
    assert visits(client, province) == 0
    save_attendance(session=session, statuses={learner.pk: "present" for learner in learners})
    assert visits(client, province) == 3
    Session.objects.get(pk=session.pk).delete()
    assert visits(client, province) == 0


def test_a_centre_renamed_after_the_summary_was_cached_shows_its_new_name(
    client_for, district_reviewer, district, centre
):
    client = client_for(district_reviewer)
    assert "Xã An Khê" in [row.name for row in summary_of(client, "reports:ratings", district).rows]
    centre.commune.name = "Xã Đổi Tên"
    centre.commune.save()
    rows = summary_of(client, "reports:ratings", district).rows
    assert "Xã Đổi Tên" in [row.name for row in rows]


def test_saving_an_unchanged_sheet_again_writes_nothing(centre):
    course = ClassFactory(centre=centre)
    session = SessionFactory(activity=course, participants=0)
    learners = LearnerFactory.create_batch(2, centre=centre)
    enrol(course, learners)
    statuses = {learner.pk: "present" for learner in learners}
    save_attendance(session=session, statuses=statuses)
    history = Session.history.filter(id=session.pk).count()
    generation = report_cache.generations([report_cache.ACTIVITIES])
    save_attendance(session=Session.objects.get(pk=session.pk), statuses=statuses)
    assert Session.history.filter(id=session.pk).count() == history
    assert report_cache.generations([report_cache.ACTIVITIES]) == generation


def test_counts_are_compared_with_the_saved_row_not_a_stale_copy(centre):
    course = ClassFactory(centre=centre)
    session = SessionFactory(activity=course, participants=0)
    learner = LearnerFactory(centre=centre)
    enrol(course, [learner])
    stale = Session.objects.get(pk=session.pk)
    stale.participants = 1  # what the page showed; the database still says 0
    save_attendance(session=stale, statuses={learner.pk: Mark.Status.PRESENT})
    assert Session.objects.get(pk=session.pk).participants == 1


def test_a_lost_generation_never_brings_back_an_older_report(province_viewer, province):
    first = report_cache.cached(
        "probe", [report_cache.RATINGS], [province.pk],
        lambda: rating_summary(province_viewer, province, YEAR),
    )  # fmt: skip
    cache.delete("generation:reports:ratings")  # evicted, or the cache restarted
    second = report_cache.cached("probe", [report_cache.RATINGS], [province.pk], lambda: "fresh")
    assert first != "fresh" and second == "fresh"


def test_the_generation_moves_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    before = report_cache.generations([report_cache.RATINGS])[0]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report_cache.bump(report_cache.RATINGS)
        during = report_cache.generations([report_cache.RATINGS])[0]
    assert len(callbacks) == 1
    assert report_cache.generations([report_cache.RATINGS])[0] == during + 1 == before + 2


def test_a_user_outside_the_scope_gets_404_even_when_the_report_is_cached(
    client_for, province_viewer, district_reviewer, other_district
):
    url = reverse("reports:ratings")
    assert client_for(province_viewer).get(url, {"unit": other_district.pk}).status_code == 200
    assert client_for(district_reviewer).get(url, {"unit": other_district.pk}).status_code == 404


def test_a_chart_is_drawn_once_per_set_of_numbers_and_language(
    monkeypatch, province_viewer, province
):
    drawn = []
    real = charts._draw_rating_chart
    monkeypatch.setattr(charts, "_draw_rating_chart", lambda *a: drawn.append(a) or real(*a))
    summary = rating_summary(province_viewer, province, YEAR)
    svg = charts.rating_chart(summary)
    assert charts.rating_chart(summary) == svg
    assert len(drawn) == 1
    summary.total.counts[0] += 1
    charts.rating_chart(summary)
    assert len(drawn) == 2
    from django.utils import translation

    with translation.override("en"):
        charts.rating_chart(summary)
    assert len(drawn) == 3


@pytest.fixture
def redis_cache(settings):
    """The production cache backend, on the machine's Redis (CI has one; elsewhere skipped)."""
    import os

    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("no Redis at " + url)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{os.getpid()}",
        }
    }
    cache.clear()
    yield
    cache.clear()


def test_reports_are_cached_and_invalidated_in_redis(
    redis_cache, client_for, province_viewer, province, centre
):
    client = client_for(province_viewer)
    assert visits(client, province) == 0
    assert cache.get(f"generation:reports:{report_cache.ACTIVITIES}") is not None
    with CaptureQueriesContext(connection) as again:
        assert visits(client, province) == 0
    assert not [q for q in again.captured_queries if '"activities_session"' in q["sql"]]
    result = import_activities(centre=centre, upload=filled([talk_row(people=120)]))
    assert result.ok, result.errors
    assert visits(client, province) == 120


def test_a_transaction_registers_one_commit_bump_however_many_rows_it_deletes(centre):
    course = ClassFactory(centre=centre)
    learners = LearnerFactory.create_batch(5, centre=centre)
    enrol(course, learners)
    for day in range(4):
        session = SessionFactory(
            activity=course, date=course.start_date + datetime.timedelta(days=day)
        )
        save_attendance(session=session, statuses={learner.pk: "present" for learner in learners})
    course.delete()  # 4 sessions, 20 marks, 5 enrolments, each with a signal
    bumps = [
        entry[1]
        for entry in connection.run_on_commit
        if isinstance(entry[1], generational.BumpOnCommit)
    ]
    assert len(bumps) == 1
    assert f"reports:{report_cache.ACTIVITIES}" in bumps[0].names


def test_charts_are_drawn_for_pages_and_pdfs_never_for_excel_nor_a_single_year(
    monkeypatch, client_for, province_viewer, province
):
    drawn = []
    for name in ("_draw_rating_chart", "_draw_activity_chart"):
        real = getattr(charts, name)
        monkeypatch.setattr(
            charts, name, lambda *a, name=name, real=real: drawn.append(name) or real(*a)
        )
    client = client_for(province_viewer)
    base = {"unit": province.pk, "year": YEAR}
    page = client.get(reverse("reports:ratings"), base)
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()
    client.get(reverse("reports:ratings"), base | {"format": "xlsx"})
    client.get(reverse("reports:activities"), base | {"format": "xlsx", "first_year": YEAR - 3})
    one_year = client.get(reverse("reports:activities"), base)
    assert "data:image/svg+xml" not in one_year.content.decode()
    assert drawn == ["_draw_rating_chart"]
    period = client.get(reverse("reports:activities"), base | {"first_year": YEAR - 3})
    assert 'src="data:image/svg+xml;base64,' in period.content.decode()
    assert drawn == ["_draw_rating_chart", "_draw_activity_chart"]


def test_without_a_shared_cache_report_data_are_computed_every_time(
    settings, client_for, province_viewer, province, centre
):
    settings.REPORTS_CACHE_DATA = False  # production without REDIS_URL: workers share nothing
    client = client_for(province_viewer)
    assert visits(client, province) == 0
    session = SessionFactory(activity=ClassFactory(centre=centre))
    Session.objects.filter(pk=session.pk).update(participants=7)  # a write no cache heard of
    rollups.refresh({(centre.pk, session.activity.start_date.year)})  # (the rollups did)
    assert visits(client, province) == 7


class Unreachable:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache down")

        return fail


def test_an_unreachable_cache_neither_fails_a_save_nor_a_report(
    monkeypatch, client_for, province_viewer, province, centre
):
    monkeypatch.setattr(generational, "cache", Unreachable())
    course = ClassFactory(centre=centre, start_date=datetime.date(YEAR, 1, 5))
    session = SessionFactory(activity=course, date=datetime.date(YEAR, 1, 5), participants=0)
    learner = LearnerFactory(centre=centre)
    enrol(course, [learner])
    save_attendance(session=session, statuses={learner.pk: "present"})
    client = client_for(province_viewer)
    assert visits(client, province) == 1
    assert client.get(reverse("reports:ratings"), {"unit": province.pk}).status_code == 200


def test_migrations_make_every_cached_report_stale():
    from django.core.management import call_command

    before = report_cache.generations(report_cache.TOPICS)
    call_command("migrate", verbosity=0)
    after = report_cache.generations(report_cache.TOPICS)
    assert all(a > b for a, b in zip(after, before, strict=True))


def test_the_cached_table_follows_the_data(client_for, province_viewer, province, centre):
    import re

    client = client_for(province_viewer)

    def table() -> str:
        page = client.get(reverse("reports:ratings"), {"unit": province.pk, "year": 2011})
        return re.search(r'<table[^>]*id="rating-table".*?</table>', page.content.decode(), re.S)[0]

    before = table()
    assert table() == before
    Rating.objects.create(
        centre=centre, year=2011, status="approved", grade="good", is_historical=True
    )
    after = table()
    assert after != before
    assert "grade=good" in after
    assert ">1</a>/1<" in after


def test_the_cached_activity_tables_follow_the_data_and_the_sort(
    client_for, province_viewer, province, centre
):
    import re

    client = client_for(province_viewer)

    def by_year(**extra) -> str:
        page = client.get(
            reverse("reports:activities"), {"unit": province.pk, "year": YEAR, **extra}
        )
        return re.search(r'<table[^>]*id="by-year".*?</table>', page.content.decode(), re.S)[0]

    before = by_year()
    assert by_year() == before
    course = ClassFactory(centre=centre, start_date=datetime.date(YEAR, 1, 5))
    SessionFactory(activity=course, date=datetime.date(YEAR, 1, 5), participants=1234)
    assert "1.234" in by_year()
    assert "1.234" not in before

    def visits_link(direction: str) -> str:
        page = client.get(
            reverse("reports:activities"),
            {"unit": province.pk, "year": YEAR, "sort": "visits", "dir": direction},
        ).content.decode()
        return re.search(r'href="\?([^"]*sort=visits[^"]*)"', page)[1]

    # Each sort order has its own cached tables: the header links reverse the order shown.
    assert visits_link("asc").endswith("dir=desc")
    assert visits_link("desc").endswith("dir=asc")
