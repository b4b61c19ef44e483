"""Reports that follow the 2025 reform: a unit's report covers the units it was formed from,
each year only the centres open then, rows as then or as now, a divided commune counted once,
an open round compared by the shares of the graded centres; HTML, Excel, PDF and drill-down agree."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ratings.models import Rating, RatingRound
from reports.selectors import activity_summary, rating_summary

from .. import reform
from ..factories import ActivityFactory, SessionFactory, UserFactory, assign

pytestmark = pytest.mark.django_db


def grade(centre, year, value):
    return Rating.objects.create(
        centre=centre, year=year, status="approved", grade=value, is_historical=True
    )


@pytest.fixture
def world(db):
    world = reform.build()
    grade(world.centre_an_khe, 2011, "good")
    grade(world.centre_an_dong, 2011, "fair")
    grade(world.centre_an_bai, 2011, "good")
    grade(world.centre_thien_phien, 2011, "average")
    reform.merge(world)
    return world


@pytest.fixture
def viewer(world):
    user = UserFactory(username="tinh")
    assign(user, world.hung_yen, "viewer")
    return user


def test_the_new_provinces_2011_summary_is_the_sum_of_its_former_units(viewer, world):
    whole = rating_summary(viewer, world.hung_yen, 2011)
    thai_binh = rating_summary(viewer, world.thai_binh, 2011)
    tien_lu = rating_summary(viewer, world.tien_lu, 2011)
    assert whole.total.counts == [
        a + b for a, b in zip(thai_binh.total.counts, tien_lu.total.counts, strict=True)
    ]
    assert whole.total.counts == [2, 1, 1, 0, 0]
    # As then: the old districts; as now: the communes their centres became.
    assert {r.name: r.centres for r in whole.rows} == {"Huyện Quỳnh Phụ": 3, "Huyện Tiên Lữ": 1}
    now = rating_summary(viewer, world.hung_yen, 2011, grouping="now")
    assert {r.name: r.counts for r in now.rows} == {
        "Xã Quỳnh Phụ": [2, 1, 0, 0, 0],  # Xã An Bài, divided, counted once: at its default
        "Xã Tiên Lữ": [0, 0, 1, 0, 0],
    }
    assert now.total.counts == whole.total.counts


def test_each_year_counts_only_the_centres_open_then(viewer, world):
    assert rating_summary(viewer, world.hung_yen, 2024).total.centres == 4  # the former ones
    assert rating_summary(viewer, world.hung_yen, 2026).total.centres == 2  # the new ones
    # A new commune's report on a past year covers the communes it was formed from.
    assert rating_summary(viewer, world.new_quynh_phu, 2011).total.centres == 3
    assert rating_summary(viewer, world.new_tien_lu, 2011).total.centres == 1


def test_the_activity_series_runs_on_across_the_reform_and_counts_nothing_twice(viewer, world):
    for centre, day in [
        (world.centre_an_khe, datetime.date(2015, 4, 2)),
        (world.centre_an_khe, datetime.date(2025, 5, 20)),  # an old centre, to 30/06/2025
        (world.centre_quynh_phu, datetime.date(2025, 9, 9)),  # its successor, from 01/07
        (world.centre_quynh_phu, datetime.date(2026, 3, 3)),
        (world.centre_an_bai, datetime.date(2020, 1, 15)),  # divided: counted once
    ]:
        SessionFactory(activity=ActivityFactory(centre=centre, start_date=day), participants=100)
    series = activity_summary(viewer, world.hung_yen, 2007, 2026)
    by_year = {row.key: row.activities for row in series.by_year}
    assert (by_year[2015], by_year[2020], by_year[2025], by_year[2026]) == (1, 1, 2, 1)
    assert series.total.visits == 500
    quynh_phu = activity_summary(viewer, world.new_quynh_phu, 2007, 2026)
    tien_lu = activity_summary(viewer, world.new_tien_lu, 2007, 2026)
    assert quynh_phu.total.activities + tien_lu.total.activities == series.total.activities
    now = activity_summary(viewer, world.hung_yen, 2015, 2015, grouping="now")
    # Tiên Lữ's centres recorded nothing in 2015: a row of 0, not a missing row.
    assert [(row.name, row.activities > 0) for row in now.by_unit] == [
        ("Xã Quỳnh Phụ", True), ("Xã Tiên Lữ", False),
    ]  # fmt: skip
    assert now.by_unit[1].visits == 0


@pytest.fixture
def open_2026(world):
    return reform.open_2026_round(world)


def test_an_open_round_shows_how_many_are_graded_and_compares_graded_shares(
    client, viewer, world, open_2026
):
    summary = rating_summary(viewer, world.hung_yen, 2026, 2011)
    assert summary.is_open
    assert summary.compares_graded
    assert (summary.total.graded, summary.total.centres) == (1, 2)
    # 1 of 1 graded centre is good (100%) against 2 of 4 in 2011 (50%): up, never a fall.
    assert summary.changes[0] == 50
    assert summary.changes[-1] is None
    client.force_login(viewer)
    page = client.get(
        reverse("reports:ratings"), {"unit": world.hung_yen.pk, "year": 2026, "compare": 2011}
    ).content.decode()
    assert "1/2" in page
    assert 'id="reform-notes"' in page


def test_excel_pdf_and_the_drill_down_show_the_same_figures(client, viewer, world):
    client.force_login(viewer)
    query = {"unit": world.hung_yen.pk, "year": 2011, "grouping": "now"}
    html = client.get(reverse("reports:ratings"), query)
    rows = {r.name: r.counts for r in html.context["summary"].rows}
    book = load_workbook(
        io.BytesIO(client.get(reverse("reports:ratings"), query | {"format": "xlsx"}).content)
    )
    values = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    quynh_phu = next(row for row in values if row[0] == "Xã Quỳnh Phụ")
    assert quynh_phu[1] == 3
    assert quynh_phu[2] == rows["Xã Quỳnh Phụ"][0]
    pdf = client.get(reverse("reports:ratings"), query | {"format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    drill = client.get(
        reverse("reports:rating_centres"),
        {"unit": world.new_quynh_phu.pk, "year": 2011, "grade": "good"},
    )
    listed = {c.pk for c in drill.context["centres"]}
    assert listed == {world.centre_an_khe.pk, world.centre_an_bai.pk}


def test_the_rounds_after_the_reform_are_the_provinces(world, open_2026):
    assert RatingRound.objects.get().unit == world.hung_yen
    rated = set(Rating.objects.filter(round=open_2026).values_list("centre_id", flat=True))
    assert rated == {world.centre_quynh_phu.pk, world.centre_tien_lu.pk}


def test_the_split_years_suggestions_include_the_predecessors_records(world):
    from ratings.models.rubrics import Measure
    from ratings.selectors import measured_values

    ActivityFactory(centre=world.centre_an_khe, start_date=datetime.date(2025, 3, 3))
    ActivityFactory(centre=world.centre_quynh_phu, start_date=datetime.date(2025, 8, 3))
    values = measured_values(world.centre_quynh_phu, 2025)
    assert values[Measure.ACTIVITIES_VS_PLAN].startswith("2 / ")
    assert measured_values(world.centre_quynh_phu, 2026)[Measure.ACTIVITIES_VS_PLAN].startswith(
        "0 / "
    )


def test_a_summary_is_shared_only_by_readers_of_all_it_covers(world, viewer):
    """Cached summaries are keyed without the user when the reader reads the unit and all the
    units it was formed from; a reader of part of it (a former district's reviewer following a
    divided commune into Xã Tiên Lữ, not Xã Thiện Phiến's past) gets a key of their own."""
    from reports.views.summaries import _reader

    former = UserFactory(username="huyen")
    assign(former, world.quynh_phu, "reviewer")
    assert _reader(viewer, world.new_tien_lu) == "all"
    assert _reader(viewer, world.hung_yen) == "all"
    assert _reader(former, world.new_tien_lu) == f"user{former.pk}"


def test_a_former_provinces_users_follow_its_communes_not_the_whole_new_province(world):
    from centres.models import Centre

    former = UserFactory(username="tb_viewer")
    assign(former, world.thai_binh, "viewer")
    visible = set(Centre.objects.for_user(former))
    assert world.centre_quynh_phu in visible  # what Thái Bình's communes became
    assert world.centre_thien_phien not in visible  # old Hưng Yên's past is not Thái Bình's


def test_a_new_succession_reaches_the_reports_at_once(viewer, world):
    from centres.models import UnitSuccession

    from ..factories import CentreFactory, CommuneFactory, DistrictFactory, UnitFactory

    assert rating_summary(viewer, world.hung_yen, 2011).total.centres == 4  # lineage now cached
    ha_nam = UnitFactory(code="35", name="Tỉnh Hà Nam", valid_until=datetime.date(2025, 6, 30))
    district = DistrictFactory(code="347", name="Huyện Lý Nhân", parent=ha_nam)
    centre = CentreFactory(commune=CommuneFactory(code="13324", parent=district))
    grade(centre, 2011, "weak")
    UnitSuccession.objects.create(predecessor=ha_nam, successor=world.hung_yen)
    fresh = UserFactory(username="tinh2")  # a new request: its scope reads Hà Nam too
    assign(fresh, world.hung_yen, "viewer")
    unit = type(world.hung_yen).objects.get(pk=world.hung_yen.pk)
    assert rating_summary(fresh, unit, 2011).total.centres == 5


def test_a_learning_community_summary_across_the_reform_counts_communes_in_its_notes(viewer, world):
    summary = rating_summary(viewer, world.hung_yen, 2026, compare_year=2024, kind="community")
    assert summary.notes == [
        "Năm 2024: 4 đơn vị cấp xã có trung tâm của năm đó thuộc Tỉnh Hưng Yên và các đơn vị "
        "cũ hợp thành "
        "(Tỉnh Thái Bình), theo đơn vị khi đó.",
        "Năm 2026: 2 đơn vị cấp xã hiện nay của Tỉnh Hưng Yên có trung tâm.",
    ]
    assert not any(re.search(r"\d+ trung tâm", note) for note in summary.notes)  # counts communes
    centre_notes = rating_summary(viewer, world.hung_yen, 2026, compare_year=2024).notes
    assert "Năm 2026: 2 trung tâm của Tỉnh Hưng Yên theo các xã, phường hiện nay." in centre_notes
