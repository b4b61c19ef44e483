"""The commendation lists run the same number of queries for one row and for many."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation import services
from emulation.models import Proposal
from ratings.models import Rating

from ..factories import (
    ActivityFactory,
    CentreFactory,
    CommuneFactory,
    ProposalFactory,
    SessionFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year - 1


def add(district, n: int, start: int) -> None:
    """Centres with a decided proposal each (for a centre and for a staff member), graded tốt
    two years running, with sessions led by a staff member."""
    for i in range(n):
        centre = CentreFactory(commune=CommuneFactory(parent=district, code=f"{start + i:05d}"))
        staff = StaffFactory(centre=centre)
        decision = {
            "status": "approved", "decision_number": f"{i + 1}/QĐ-UBND",
            "decision_date": datetime.date(YEAR, 12, 20), "deciding_body": "UBND xã",
        }  # fmt: skip
        ProposalFactory(centre=centre, year=YEAR, **decision)
        ProposalFactory(
            centre=None, proposing_unit=centre.commune, recipient="staff", staff=staff,
            name=staff.full_name, year=YEAR, **decision,
        )  # fmt: skip
        for year in (YEAR - 1, YEAR):
            Rating.objects.create(
                centre=centre, year=year, status="approved", grade="good", is_historical=True
            )
        activity = ActivityFactory(
            centre=centre, instructor=staff, start_date=datetime.date(YEAR, 5, 1),
            end_date=datetime.date(YEAR, 5, 1),
        )  # fmt: skip
        SessionFactory(activity=activity, participants=25)


def queries(client, url, query) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
        assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url_name", "extra"),
    [
        ("emulation:list", {}),
        ("emulation:register", {}),
        ("emulation:register", {"format": "xlsx"}),
        ("emulation:candidates", {}),
    ],
)
def test_the_lists_query_count_does_not_grow_with_rows(
    client_for, unit_admin, district, url_name, extra
):
    client = client_for(unit_admin)
    # The candidates are the proposing unit's: the province's admin proposes for the province.
    unit = district.parent if url_name == "emulation:candidates" else district
    url, query = reverse(url_name), {"unit": unit.pk, "year": YEAR, **extra}
    add(district, 1, 30000)
    client.get(url, query)  # the user's lineage, looked up once and kept
    one = queries(client, url, query)
    add(district, 12, 31000)
    many = queries(client, url, query)
    assert one == many


def test_the_detail_page_query_count_does_not_grow_with_its_history(
    client_for, district_reviewer, centre
):
    proposal = ProposalFactory(centre=centre, status="submitted")
    client = client_for(district_reviewer)

    def send_back():
        proposal.refresh_from_db()
        services.return_to_draft(
            user=district_reviewer, proposal=proposal, reason="Bổ sung.", version=proposal.version
        )
        Proposal.objects.filter(pk=proposal.pk).update(status="submitted")

    send_back()  # a change after the creation: the history compares rows from here on
    client.get(proposal.get_absolute_url())
    few = queries(client, proposal.get_absolute_url(), {})
    for _i in range(5):
        send_back()
    many = queries(client, proposal.get_absolute_url(), {})
    assert few == many
