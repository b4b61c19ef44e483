"""The commendation pages: list and filters, create and edit, detail with its transitions,
by role and scope; what another province holds is a 404."""

import datetime

import pytest
from django.urls import reverse

from emulation.models import Proposal

from ..factories import (
    CentreFactory,
    CommuneFactory,
    DistrictFactory,
    ProposalFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
YEAR = TODAY.year


@pytest.fixture
def proposal(centre, commune_staff):
    return ProposalFactory(centre=centre, created_by=commune_staff)


@pytest.fixture
def foreign_proposal(other_province):
    district = DistrictFactory(code="347", name="Huyện Duy Tiên", parent=other_province)
    centre = CentreFactory(commune=CommuneFactory(code="13324", name="Xã Mộc Nam", parent=district))
    return ProposalFactory(centre=centre, status="submitted")


def submit(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted")
    proposal.refresh_from_db()
    return proposal


def form_data(unit, centre, **fields) -> dict:
    return {
        "year": YEAR, "proposing_unit": unit.pk, "recipient": "centre", "centre": centre.pk,
        "name": "", "position": "", "staff": "",
        "achievement": "Duy trì hoạt động thường xuyên, 45 chuyên đề trong năm.",
        "award": "certificate", "deciding_level": "commune", "version": 0,
    } | fields  # fmt: skip


def test_the_list_shows_the_proposals_under_the_users_units_only(
    client_for, district_reviewer, proposal, foreign_proposal
):
    response = client_for(district_reviewer).get(reverse("emulation:list"))
    assert response.status_code == 200
    assert list(response.context["page"]) == [proposal]
    assert "Xã Mộc Nam" not in response.content.decode()


def test_the_list_filters_by_year_status_and_unit(
    client_for, unit_admin, centre, far_centre, commune_staff, district
):
    kept = ProposalFactory(centre=centre, status="submitted")
    ProposalFactory(centre=centre, year=YEAR - 1, status="submitted")
    ProposalFactory(centre=centre)  # a draft
    ProposalFactory(centre=far_centre, status="submitted")  # in the other district
    query = {"year": YEAR, "status": "submitted", "unit": district.pk}
    response = client_for(unit_admin).get(reverse("emulation:list"), query)
    assert list(response.context["page"]) == [kept]


def test_a_unit_of_another_province_is_not_a_filter_choice(
    client_for, unit_admin, proposal, foreign_proposal
):
    unit = foreign_proposal.proposing_unit.parent
    response = client_for(unit_admin).get(reverse("emulation:list"), {"unit": unit.pk})
    assert response.context["form"].errors["unit"]
    assert list(response.context["page"]) == [proposal]


def test_centre_staff_create_a_draft_from_the_form(client_for, commune_staff, commune, centre):
    client = client_for(commune_staff)
    page = client.get(reverse("emulation:create"))
    assert page.context["form"].initial["proposing_unit"] == commune.pk
    response = client.post(reverse("emulation:create"), form_data(commune, centre))
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response.url == proposal.get_absolute_url()
    assert (proposal.status, proposal.centre, proposal.created_by) == (
        "draft", centre, commune_staff,
    )  # fmt: skip


def test_the_form_offers_only_the_users_units_and_the_centres_under_them(
    client_for, commune_staff, commune, centre, neighbour_centre, neighbour_commune
):
    client = client_for(commune_staff)
    form = client.get(reverse("emulation:create")).context["form"]
    assert list(form.fields["proposing_unit"].queryset) == [commune]
    assert list(form.fields["centre"].queryset) == [centre]
    response = client.post(
        reverse("emulation:create"), form_data(neighbour_commune, neighbour_centre)
    )
    assert response.status_code == 200
    assert "proposing_unit" in response.context["form"].errors
    assert not Proposal.objects.exists()


def test_a_viewer_cannot_open_the_new_proposal_form(client_for, province_viewer):
    assert client_for(province_viewer).get(reverse("emulation:create")).status_code == 403


def test_the_candidates_button_prefills_the_draft(client_for, commune_staff, commune, centre):
    teacher = StaffFactory(centre=centre, full_name="Phạm Văn Dạy", organisation="Trường THCS")
    query = {
        "proposing_unit": commune.pk, "year": YEAR - 1, "recipient": "staff",
        "staff": teacher.pk, "achievement": "Dạy 40 buổi.",
    }  # fmt: skip
    form = client_for(commune_staff).get(reverse("emulation:create"), query).context["form"]
    assert form.initial["staff"] == teacher.pk
    assert (form.initial["name"], form.initial["position"]) == ("Phạm Văn Dạy", "Trường THCS")
    assert (form.initial["year"], form.initial["achievement"]) == (YEAR - 1, "Dạy 40 buổi.")


def test_a_prefilled_staff_member_of_another_province_is_ignored(
    client_for, commune_staff, foreign_centre
):
    stranger = StaffFactory(centre=foreign_centre, full_name="Người Tỉnh Khác")
    form = (
        client_for(commune_staff)
        .get(reverse("emulation:create"), {"staff": stranger.pk, "recipient": "staff"})
        .context["form"]
    )
    assert "staff" not in form.initial
    assert "name" not in form.initial


def test_the_proposers_edit_a_draft_and_others_are_refused(
    client_for, commune_staff, district_reviewer, proposal, commune, centre
):
    url = reverse("emulation:update", args=[proposal.pk])
    assert client_for(district_reviewer).get(url).status_code == 403
    client = client_for(commune_staff)
    data = form_data(commune, centre, achievement="Đã sửa.", version=proposal.version)
    assert client.post(url, data).status_code == 302
    proposal.refresh_from_db()
    assert proposal.achievement == "Đã sửa."


def test_an_edit_from_a_stale_page_saves_nothing(
    client_for, commune_staff, proposal, commune, centre
):
    url = reverse("emulation:update", args=[proposal.pk])
    data = form_data(commune, centre, achievement="Cũ.", version=proposal.version + 5)
    response = client_for(commune_staff).post(url, data)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.achievement != "Cũ."


def test_a_submitted_proposal_has_no_edit_page(client_for, commune_staff, proposal):
    submit(proposal)
    url = reverse("emulation:update", args=[proposal.pk])
    assert client_for(commune_staff).get(url).status_code == 403


def test_the_detail_shows_the_proposers_submit_and_the_deciders_forms(
    client_for, commune_staff, district_reviewer, province_viewer, proposal
):
    page = client_for(commune_staff).get(proposal.get_absolute_url())
    assert page.context["can_edit"]
    assert not page.context["can_decide"]
    assert reverse("emulation:submit", args=[proposal.pk]) in page.content.decode()
    submit(proposal)
    page = client_for(district_reviewer).get(proposal.get_absolute_url())
    assert page.context["can_decide"]
    assert page.context["can_return"]
    assert reverse("emulation:approve", args=[proposal.pk]) in page.content.decode()
    page = client_for(province_viewer).get(proposal.get_absolute_url())
    assert page.status_code == 200
    assert not (page.context["can_decide"])
    assert not (page.context["can_return"])


def test_submitting_from_the_detail_page(client_for, commune_staff, proposal):
    url = reverse("emulation:submit", args=[proposal.pk])
    response = client_for(commune_staff).post(url, {"version": proposal.version})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_a_viewer_cannot_submit(client_for, province_viewer, proposal):
    url = reverse("emulation:submit", args=[proposal.pk])
    assert client_for(province_viewer).post(url, {"version": 1}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "draft"


def test_recording_a_decision_typed_the_vietnamese_way(client_for, district_reviewer, proposal):
    submit(proposal)
    url = reverse("emulation:approve", args=[proposal.pk])
    data = {
        "decision_number": "Số 45/QĐ-UBND", "decision_date": "05/01/2026",
        "deciding_body": "Chủ tịch UBND xã An Khê", "version": proposal.version,
    }  # fmt: skip
    if datetime.date(2026, 1, 5) > TODAY:
        data["decision_date"] = TODAY.strftime("%d/%m/%Y")
    assert client_for(district_reviewer).post(url, data).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    assert proposal.decision_number == "Số 45/QĐ-UBND"
    assert proposal.decision_date.strftime("%d/%m/%Y") == data["decision_date"]


def test_a_decision_without_a_date_is_refused_with_a_message(
    client_for, district_reviewer, proposal
):
    submit(proposal)
    url = reverse("emulation:approve", args=[proposal.pk])
    data = {"decision_number": "12/QĐ-UBND", "decision_date": "31/02/2025",
            "deciding_body": "UBND xã", "version": proposal.version}  # fmt: skip
    response = client_for(district_reviewer).post(url, data, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_centre_staff_cannot_decide_or_reject(client_for, commune_staff, proposal):
    submit(proposal)
    client = client_for(commune_staff)
    for name in ("approve", "reject"):
        url = reverse(f"emulation:{name}", args=[proposal.pk])
        assert client.post(url, {"version": proposal.version, "reason": "x"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_rejecting_and_returning_from_the_detail_page(client_for, district_reviewer, proposal):
    submit(proposal)
    client = client_for(district_reviewer)
    url = reverse("emulation:return", args=[proposal.pk])
    client.post(url, {"reason": "Bổ sung thành tích.", "version": proposal.version})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason) == ("draft", "Bổ sung thành tích.")
    submit(proposal)
    url = reverse("emulation:reject", args=[proposal.pk])
    client.post(url, {"reason": "Không đủ tiêu chuẩn.", "version": proposal.version})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason) == ("rejected", "Không đủ tiêu chuẩn.")


def test_the_detail_page_shows_the_history_in_vietnamese(client_for, district_reviewer, proposal):
    submit(proposal)
    client = client_for(district_reviewer)
    client.post(
        reverse("emulation:return", args=[proposal.pk]),
        {"reason": "Bổ sung minh chứng.", "version": proposal.version},
    )
    body = client.get(proposal.get_absolute_url()).content.decode()
    assert "Bổ sung minh chứng." in body
    assert "Chuyên viên huyện" in body  # who returned it


@pytest.mark.parametrize("name", ["detail", "update", "submit", "return", "approve", "reject"])
def test_a_proposal_of_another_province_is_not_found(
    client_for, unit_admin, foreign_proposal, name
):
    url = reverse(f"emulation:{name}", args=[foreign_proposal.pk])
    client = client_for(unit_admin)
    method = client.get if name in ("detail", "update") else client.post
    assert method(url, {"version": 1, "reason": "x"}).status_code == 404
    foreign_proposal.refresh_from_db()
    assert foreign_proposal.status == "submitted"


def test_the_transitions_refuse_a_get(client_for, commune_staff, proposal):
    url = reverse("emulation:submit", args=[proposal.pk])
    assert client_for(commune_staff).get(url).status_code == 405
