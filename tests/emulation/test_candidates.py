"""Candidate helpers suggest, never decide: centres graded tốt two years running, the staff and
centres with the most sessions of a year; the page links each to a prefilled draft."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from emulation import selectors
from emulation.models import Proposal
from ratings.models import Rating

from ..factories import ActivityFactory, ProposalFactory, SessionFactory, StaffFactory

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year - 1


def grade(centre, year: int, grade: str = "good", status: str = "approved") -> Rating:
    historical = status == "approved"
    return Rating.objects.create(
        centre=centre, year=year, status=status, grade=grade if historical else "",
        is_historical=historical,
    )  # fmt: skip


def sessions(staff, n: int, year: int = YEAR, participants: int = 30) -> None:
    activity = ActivityFactory(
        centre=staff.centre, instructor=staff, start_date=datetime.date(year, 3, 1),
        end_date=datetime.date(year, 3, 1),
    )  # fmt: skip
    for _i in range(n):
        SessionFactory(activity=activity, participants=participants)


def test_a_centre_graded_good_two_years_running_is_a_candidate(district, centre):
    grade(centre, YEAR - 1)
    grade(centre, YEAR)
    assert list(selectors.good_two_years(district, YEAR)) == [centre]


def test_one_good_year_is_not_enough(district, centre):
    grade(centre, YEAR)
    grade(centre, YEAR - 1, "fair")
    assert list(selectors.good_two_years(district, YEAR)) == []


def test_good_years_that_are_not_consecutive_do_not_count(district, centre):
    grade(centre, YEAR)
    grade(centre, YEAR - 2)
    assert list(selectors.good_two_years(district, YEAR)) == []


def test_a_good_grade_not_yet_approved_does_not_count(district, centre):
    grade(centre, YEAR - 1)
    Rating.objects.create(centre=centre, year=YEAR, status="submitted", grade="good")
    assert list(selectors.good_two_years(district, YEAR)) == []


def test_only_centres_under_the_unit_are_candidates(district, centre, far_centre):
    for c in (centre, far_centre):
        grade(c, YEAR - 1)
        grade(c, YEAR)
    assert list(selectors.good_two_years(district, YEAR)) == [centre]


def test_a_centre_already_proposed_for_the_year_is_marked(district, centre):
    grade(centre, YEAR - 1)
    grade(centre, YEAR)
    ProposalFactory(centre=centre, year=YEAR)
    assert [c.proposed for c in selectors.good_two_years(district, YEAR)] == [True]


def test_a_rejected_proposal_leaves_the_centre_free_to_propose(district, centre):
    grade(centre, YEAR - 1)
    grade(centre, YEAR)
    ProposalFactory(centre=centre, year=YEAR, status="rejected", reason="Chưa đủ.")
    assert [c.proposed for c in selectors.good_two_years(district, YEAR)] == [False]


def test_staff_are_ranked_by_the_sessions_they_led_in_the_year(district, centre, far_centre):
    busy = StaffFactory(centre=centre, full_name="Nguyễn Văn Bận")
    quiet = StaffFactory(centre=centre, full_name="Lê Thị Ít")
    outside = StaffFactory(centre=far_centre, full_name="Ở Huyện Khác")
    sessions(busy, 5)
    sessions(busy, 9, year=YEAR - 1)  # another year
    sessions(quiet, 2, participants=100)
    sessions(outside, 20)
    StaffFactory(centre=centre, full_name="Không Dạy")
    ranked = list(selectors.busiest_staff(district, YEAR))
    assert [(s.full_name, s.sessions, s.visits) for s in ranked] == [
        ("Nguyễn Văn Bận", 5, 150),
        ("Lê Thị Ít", 2, 200),
    ]


def test_centres_are_ranked_by_participant_visits(district, centre, neighbour_centre):
    sessions(StaffFactory(centre=centre), 3, participants=20)
    sessions(StaffFactory(centre=neighbour_centre), 2, participants=50)
    ranked = list(selectors.busiest_centres(district, YEAR))
    assert [(c, c.sessions, c.visits) for c in ranked] == [
        (neighbour_centre, 2, 100),
        (centre, 3, 60),
    ]


def test_the_page_links_each_candidate_to_a_prefilled_draft(
    client_for, district_reviewer, district, centre
):
    grade(centre, YEAR - 1)
    grade(centre, YEAR)
    teacher = StaffFactory(centre=centre, full_name="Trần Văn Giỏi")
    sessions(teacher, 4)
    client = client_for(district_reviewer)
    page = client.get(reverse("emulation:candidates"), {"unit": district.pk, "year": YEAR})
    assert page.status_code == 200
    [good] = page.context["good"]
    query = parse_qs(urlsplit(good.propose_url).query)
    assert query["recipient"] == ["centre"]
    assert query["centre"] == [str(centre.pk)]
    assert query["proposing_unit"] == [str(district.pk)]
    assert query["year"] == [str(YEAR)]
    [person] = page.context["staff"]
    form = client.get(person.propose_url).context["form"]
    assert (form.initial["staff"], form.initial["name"]) == (teacher.pk, "Trần Văn Giỏi")
    assert "4" in form.initial["achievement"]
    assert not Proposal.objects.exists()  # the page proposes nothing by itself


def test_the_candidates_page_is_for_proposers_only(client_for, province_viewer):
    assert client_for(province_viewer).get(reverse("emulation:candidates")).status_code == 403


def test_centre_staff_see_their_own_commune_only(
    client_for, commune_staff, centre, neighbour_centre, district
):
    for c in (centre, neighbour_centre):
        grade(c, YEAR - 1)
        grade(c, YEAR)
    client = client_for(commune_staff)
    page = client.get(reverse("emulation:candidates"), {"year": YEAR})
    assert page.context["good"] == [centre]
    refused = client.get(reverse("emulation:candidates"), {"unit": district.pk, "year": YEAR})
    assert refused.status_code == 404
