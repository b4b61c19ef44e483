"""A write to a centre's year makes stale only the cached reports counting that centre and year."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Funding, Session
from centres.models import Centre
from ratings.models import Rating
from reports import cache as report_cache

from ..factories import (
    ActivityFactory,
    CentreFactory,
    CommuneFactory,
    DistrictFactory,
    SessionFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year - 1  # a past year: talks are dated inside it


def _talk(centre, year=YEAR, people=10):
    day = datetime.date(year, 4, 1)
    talk = ActivityFactory(centre=centre, start_date=day, end_date=day)
    return SessionFactory(activity=talk, participants=people)


def _key(unit, topic, years):
    return report_cache.report_key(
        "probe", [topic], [unit.pk], roots=[unit.path], years=list(years)
    )


@pytest.fixture
def other_district(province):
    return DistrictFactory(code="337", name="Huyện Đông Hưng", parent=province)


@pytest.fixture
def other_centre(other_district):
    return CentreFactory(commune=CommuneFactory(code="12500", parent=other_district))


def test_a_session_makes_stale_its_year_at_its_commune_district_and_province_only(
    province, district, commune, centre, other_district, other_centre
):
    session = _talk(centre)
    ours = {
        unit: _key(unit, report_cache.ACTIVITIES, [YEAR]) for unit in (province, district, commune)
    }
    before_year = _key(province, report_cache.ACTIVITIES, [YEAR - 1])
    elsewhere = _key(other_district, report_cache.ACTIVITIES, [YEAR])
    ratings = _key(province, report_cache.RATINGS, [YEAR])
    session.participants = 25
    session.save()
    for unit, key in ours.items():
        assert _key(unit, report_cache.ACTIVITIES, [YEAR]) != key, unit
    assert _key(province, report_cache.ACTIVITIES, [YEAR - 1]) == before_year
    assert _key(other_district, report_cache.ACTIVITIES, [YEAR]) == elsewhere
    assert _key(province, report_cache.RATINGS, [YEAR]) == ratings


def test_a_centres_profile_makes_stale_every_year_of_its_units_only(
    province, district, centre, other_district
):
    years = [YEAR - 3, YEAR]
    ours = _key(district, report_cache.RATINGS, years)
    elsewhere = _key(other_district, report_cache.RATINGS, years)
    centre.premises = Centre.Premises.OWN
    centre.save()
    assert _key(district, report_cache.RATINGS, years) != ours
    assert _key(other_district, report_cache.RATINGS, years) == elsewhere


def test_moving_a_centre_to_another_commune_makes_both_stale(district, centre, other_district):
    ours, theirs = (_key(u, report_cache.ACTIVITIES, [YEAR]) for u in (district, other_district))
    moved = Centre.objects.get(pk=centre.pk)
    moved.commune = CommuneFactory(code="12501", parent=other_district)
    moved.save()
    assert _key(district, report_cache.ACTIVITIES, [YEAR]) != ours
    assert _key(other_district, report_cache.ACTIVITIES, [YEAR]) != theirs


def test_a_rating_makes_stale_its_year_only(province, centre):
    other_year = _key(province, report_cache.RATINGS, [YEAR - 1])
    this_year = _key(province, report_cache.RATINGS, [YEAR])
    Rating.objects.create(centre=centre, year=YEAR, status="approved", grade="good")
    assert _key(province, report_cache.RATINGS, [YEAR]) != this_year
    assert _key(province, report_cache.RATINGS, [YEAR - 1]) == other_year


def test_a_write_under_a_former_unit_makes_stale_the_report_of_its_successor(db):
    former = UnitFactory(code="96", name="Tỉnh Cũ")
    old_district = DistrictFactory(code="900", parent=former)
    old_centre = CentreFactory(commune=CommuneFactory(code="90001", parent=old_district))
    # The successor's report reads the former province's path among its roots.
    key = report_cache.report_key(
        "probe", [report_cache.ACTIVITIES], [1], roots=["97/", former.path], years=[YEAR]
    )
    _talk(old_centre)
    assert key != report_cache.report_key(
        "probe", [report_cache.ACTIVITIES], [1], roots=["97/", former.path], years=[YEAR]
    )


def test_a_write_to_this_year_recomputes_only_this_years_groups_of_a_long_summary(
    client_for, province_viewer, province, centre
):
    for year in (YEAR - 2, YEAR - 1, YEAR):
        _talk(centre, year, people=year - 2000)
    client = client_for(province_viewer)
    params = {"unit": province.pk, "year": YEAR, "first_year": YEAR - 2}
    first = client.get(reverse("reports:activities"), params).context["summary"]
    assert first.total.visits == sum(y - 2000 for y in (YEAR - 2, YEAR - 1, YEAR))
    session = Session.objects.get(activity__start_date__year=YEAR)
    session.participants += 5
    session.save()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(reverse("reports:activities"), params).context["summary"]
    assert again.total.visits == first.total.visits + 5
    rollup_reads = [q["sql"] for q in queries.captured_queries if "rollup" in q["sql"]]
    assert len(rollup_reads) == 1  # the district's rollups; no commune lies under the province
    assert f"IN ({YEAR})" in rollup_reads[0]  # the two earlier years came from the cache


def test_attendance_in_one_province_leaves_another_provinces_summary_cached(
    client_for, province_viewer, province, centre
):
    elsewhere = UnitFactory(code="35", name="Tỉnh Hà Nam")
    far_district = DistrictFactory(code="347", parent=elsewhere)
    far_centre = CentreFactory(commune=CommuneFactory(code="13300", parent=far_district))
    client = client_for(province_viewer)
    params = {"unit": province.pk, "year": YEAR}
    client.get(reverse("reports:activities"), params)
    _talk(far_centre)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("reports:activities"), params)
    assert not [q for q in queries.captured_queries if "activityrollup" in q["sql"]]


def test_a_session_leaves_the_indicators_cached_and_a_plan_makes_them_stale(province, centre):
    activities = _key(province, report_cache.ACTIVITIES, [YEAR])
    indicators = _key(province, report_cache.INDICATORS, [YEAR])
    _talk(centre)
    assert _key(province, report_cache.ACTIVITIES, [YEAR]) != activities
    assert _key(province, report_cache.INDICATORS, [YEAR]) == indicators
    activities = _key(province, report_cache.ACTIVITIES, [YEAR])
    Funding.objects.create(centre=centre, year=YEAR, state_budget=15_000_000)
    assert _key(province, report_cache.INDICATORS, [YEAR]) != indicators
    assert _key(province, report_cache.ACTIVITIES, [YEAR]) == activities


def test_an_attendance_save_reads_the_sessions_again_but_not_the_indicators(
    client_for, province_viewer, province, centre
):
    session = _talk(centre)
    client = client_for(province_viewer)
    params = {"unit": province.pk, "year": YEAR}
    first = client.get(reverse("reports:activities"), params).context["summary"]
    session.participants += 7
    session.save()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(reverse("reports:activities"), params).context["summary"]
    assert again.total.visits == first.total.visits + 7
    sql = [q["sql"] for q in queries.captured_queries]
    assert [q for q in sql if "rollup" in q]
    assert not [q for q in sql if "activities_funding" in q or "learningmodelcount" in q]


def test_new_funding_shows_in_the_cached_activity_summary_at_once(
    client_for, province_viewer, province, centre
):
    _talk(centre)
    client = client_for(province_viewer)
    params = {"unit": province.pk, "year": YEAR}
    before = client.get(reverse("reports:activities"), params)
    assert before.context["indicator_tables"]  # read once: the cached fragment is made
    Funding.objects.create(centre=centre, year=YEAR, state_budget=15_000_000)
    after = client.get(reverse("reports:activities"), params)
    assert "15.000.000" in after.content.decode()
    assert "15.000.000" not in before.content.decode()


def test_an_attendance_save_leaves_the_indicator_tables_html_and_a_new_class_shows_at_once(
    client_for, province_viewer, province, centre, monkeypatch
):
    from reports import tables

    session = _talk(centre)
    client = client_for(province_viewer)
    params = {"unit": province.pk, "year": YEAR}
    built = []
    original = tables.indicator_tables
    monkeypatch.setattr(
        tables, "indicator_tables", lambda *a, **k: built.append(1) or original(*a, **k)
    )
    page = client.get(reverse("reports:activities"), params).content.decode()
    assert built == [1]
    held = page[page.index('id="indicators"') :]
    session.participants += 7
    session.save()
    page = client.get(reverse("reports:activities"), params).content.decode()
    assert built == [1]  # the fragment kept: the classes and talks held are the same
    assert page[page.index('id="indicators"') :] == held
    ActivityFactory(centre=centre, start_date=datetime.date(YEAR, 5, 2), kind="class")
    client.get(reverse("reports:activities"), params)
    assert built == [1, 1]  # one class more held: "plan versus done" drawn again


def test_a_renamed_content_area_or_unit_and_new_published_totals_show_in_the_cached_summary(
    client_for, province_viewer, province, district, centre
):
    from reports.models import PublishedFigures

    talk = _talk(centre).activity
    client = client_for(province_viewer)
    params = {"unit": province.pk, "first_year": YEAR - 1, "year": YEAR}

    def page() -> str:
        return client.get(reverse("reports:activities"), params).content.decode()

    assert talk.content_area.name in page()
    talk.content_area.name = "Pháp luật mới"
    talk.content_area.save()
    district.name = "Huyện Đổi Tên"
    district.save()
    shown = page()
    assert "Pháp luật mới" in shown and "Huyện Đổi Tên" in shown
    PublishedFigures.objects.create(
        unit=province, year=YEAR - 1, source="Báo cáo số 12/BC-SGDĐT", visits=250_000
    )
    assert "Báo cáo số 12/BC-SGDĐT" in page()
