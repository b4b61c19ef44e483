"""Regressions of an independent review of the reports built for issue 15 (sorting, published
figures, indicators, the reviewers' lists)."""

import datetime
import html
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from activities.models import AnnualPlan, ContentArea, PlanItem
from centres.models import Centre, Role
from ratings.models import Rating
from reports.centre_lists import rating_list, self_assessment
from reports.models import PublishedFigures
from reports.selectors import rating_summary

from .. import reform
from ..factories import (
    ActivityFactory,
    CentreFactory,
    CommuneFactory,
    SessionFactory,
    UserFactory,
    assign,
)
from ..reports.test_centre_lists import YEAR, more_centres, rated  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_one_readers_query_never_reaches_anothers_cached_sort_links(
    client_for,
    province_viewer,
    unit_admin,
    province,
    rated,  # noqa: F811
):
    forged = {"issuing_body": "SO GIA MAO", "signer_name": "Mallory"}
    client_for(province_viewer).get(
        reverse("reports:ratings"), {"unit": province.pk, "year": YEAR, **forged}
    )
    victim = client_for(unit_admin)
    body = victim.get(reverse("reports:ratings"), {"unit": province.pk, "year": YEAR})
    body = body.content.decode()
    assert "GIA" not in body[body.index('id="rating-table"') :]
    link = html.unescape(re.search(r'href="(\?[^"]*sort=good[^"]*)"', body).group(1))
    pdf = victim.get(reverse("reports:ratings") + link + "&format=pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "GIA MAO" not in text
    assert "Mallory" not in text


def plan_rows(client, province):
    page = client.get(
        reverse("reports:activities"), {"unit": province.pk, "first_year": 2011, "year": 2012}
    )
    table = next(t for t in page.context["indicator_tables"] if "Kế hoạch" in t.title)
    *rows, total = table.rows
    return rows, total


def test_plan_versus_done_totals_its_recorded_rows_beside_a_published_year(
    client_for, province_viewer, province, centre
):
    PublishedFigures.objects.create(
        unit=province, year=2011, source="BC 45", classes=1200, talks=3400
    )
    plan = AnnualPlan.objects.create(centre=centre, year=2012)
    PlanItem.objects.create(plan=plan, content_area=ContentArea.objects.first(), planned_classes=10)
    day = datetime.date(2012, 4, 2)
    for _ in range(10):
        ActivityFactory(centre=centre, kind="class", start_date=day, end_date=day)
    rows, total = plan_rows(client_for(province_viewer), province)
    assert total[2] == sum(row[2] for row in rows) == 10
    assert rows[0][3] == total[3] == 100


def test_a_share_a_published_year_did_not_give_is_unknown_not_zero(
    client_for, province_viewer, province, centre
):
    PublishedFigures.objects.create(unit=province, year=2011, source="BC", visits=1000)
    day = datetime.date(2012, 4, 2)
    activity = ActivityFactory(centre=centre, start_date=day, end_date=day)
    SessionFactory(activity=activity, participants=100, participants_women=60)
    summary = (
        client_for(province_viewer)
        .get(reverse("reports:activities"), {"unit": province.pk, "first_year": 2011, "year": 2012})
        .context["summary"]
    )
    assert summary.by_year[0].women_share is None
    assert summary.by_year[1].women_share == 60
    assert summary.total.women_share is None  # not 60/1100 = 5,5%


def test_the_self_assessment_page_shows_a_published_year_as_the_summary_does(
    province_viewer, province, centre
):
    PublishedFigures.objects.create(
        unit=province, year=2011, source="BC 45", centres=286, good=158, fair=125, average=3,
        weak=0,
    )  # fmt: skip
    summary = rating_summary(province_viewer, province, 2011)
    assert self_assessment(province_viewer, province, 2011).approved.counts == (
        summary.total.counts
    )


def test_the_centre_list_counts_the_centres_the_summary_counts(
    district_reviewer,
    district,
    rated,  # noqa: F811
):
    closed = CentreFactory(commune=CommuneFactory(parent=district, code="12490", name="Xã Đóng"))
    some = Rating.objects.filter(year=YEAR).first()
    Rating.objects.create(centre=closed, year=YEAR, round=some.round, rubric=some.rubric)
    Centre.objects.filter(pk=closed.pk).update(
        status="closed", closed_on=datetime.date(YEAR, 10, 1)
    )
    summary = rating_summary(district_reviewer, district, YEAR)
    listing = rating_list(district_reviewer, district, YEAR)
    assert len(listing.rows) == summary.total.centres


def test_a_year_before_2005_is_recorded_and_reported_for_the_unit_asked(
    client_for, unit_admin, district, centre
):
    client = client_for(unit_admin)
    saved = client.post(
        reverse("reports:published_create") + f"?unit={district.pk}",
        {"year": "2000", "source": "BC 1/2001", "centres": "20", "good": "5"},
    )
    assert saved.status_code == 302
    summary = client.get(reverse("reports:ratings"), {"unit": district.pk, "year": 2000})
    assert (summary.context["summary"].unit, summary.context["summary"].year) == (district, 2000)
    assert summary.context["summary"].total.centres == 20


def test_a_wrong_filter_resets_that_filter_only_and_says_so(
    client_for, unit_admin, district, centre
):
    page = client_for(unit_admin).get(
        reverse("reports:activities"), {"unit": district.pk, "first_year": "x", "year": 2010}
    )
    summary = page.context["summary"]
    assert (summary.unit, summary.last_year) == (district, 2010)
    assert "Lựa chọn không hợp lệ" in page.content.decode()


def test_the_successor_province_corrects_its_predecessors_published_figures():
    world = reform.build()
    old = PublishedFigures.objects.create(
        unit=world.thai_binh, year=2011, source="BC 45", centres=286, good=158, fair=125,
        average=3, weak=0,
    )  # fmt: skip
    admin = UserFactory(username="hy_admin")
    assign(admin, world.hung_yen, Role.UNIT_ADMIN)
    client = Client()
    client.force_login(admin)
    assert client.get(reverse("reports:published_edit", args=[old.pk])).status_code == 200
    other = UserFactory(username="other_viewer")
    assign(other, world.hung_yen, Role.VIEWER)
    client.force_login(other)
    assert client.get(reverse("reports:published_edit", args=[old.pk])).status_code == 403
