"""The commendation workflow's services: who moves a proposal, from which state, with history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from centres.models import Role
from emulation import permissions, services
from emulation.models import Proposal
from emulation.selectors import proposal_history

from ..factories import CommuneFactory, StaffFactory, UserFactory, assign

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
YEAR = TODAY.year


def draft(user, unit, **fields) -> Proposal:
    values = {
        "year": YEAR, "proposing_unit": unit, "recipient": "centre",
        "achievement": "Tổ chức 40 lớp học, chuyên đề cho 3.200 lượt người.",
        "award": "certificate", "deciding_level": "commune",
    } | fields  # fmt: skip
    if values["recipient"] == "centre" and "centre" not in values:
        values["centre"] = unit.centre
    return services.save_proposal(user=user, proposal=Proposal(**values))


def submitted(user, unit, **fields) -> Proposal:
    proposal = draft(user, unit, **fields)
    return services.submit(user=user, proposal=proposal, version=proposal.version)


def approve(user, proposal, **fields) -> Proposal:
    values = {
        "decision_number": "Số 123/QĐ-UBND", "decision_date": TODAY,
        "deciding_body": "Chủ tịch UBND xã An Khê", "version": proposal.version,
    } | fields  # fmt: skip
    return services.approve(user=user, proposal=proposal, **values)


@pytest.fixture
def commune_admin(commune):
    user = UserFactory(username="chu_tich_xa", first_name="Chủ tịch xã")
    assign(user, commune, Role.UNIT_ADMIN)
    return user


def test_centre_staff_propose_their_centre_as_a_draft_in_their_communes_name(
    commune_staff, commune, centre
):
    proposal = draft(commune_staff, commune)
    assert (proposal.status, proposal.proposing_unit, proposal.centre) == ("draft", commune, centre)
    assert proposal.created_by == commune_staff
    assert proposal.recipient_name == centre.name


def test_centre_staff_cannot_propose_in_the_name_of_another_commune(
    commune_staff, neighbour_commune, neighbour_centre
):
    with pytest.raises(PermissionDenied):
        draft(commune_staff, neighbour_commune)


def test_a_province_viewer_proposes_nothing(province_viewer, province, centre):
    assert not permissions.can_propose(province_viewer)
    with pytest.raises(PermissionDenied):
        draft(province_viewer, province, centre=centre, deciding_level="province")


def test_a_district_reviewer_proposes_in_the_districts_name_for_a_centre_under_it(
    district_reviewer, district, centre
):
    proposal = draft(district_reviewer, district, centre=centre, deciding_level="district")
    assert proposal.proposing_unit == district
    assert list(permissions.proposing_units(district_reviewer)) == [district]


def test_a_centre_outside_the_proposing_unit_is_refused(district_reviewer, district, far_centre):
    with pytest.raises(ValidationError) as error:
        draft(district_reviewer, district, centre=far_centre, deciding_level="district")
    assert "centre" in error.value.message_dict


def test_the_deciding_level_cannot_be_below_the_proposing_unit(district_reviewer, district, centre):
    with pytest.raises(ValidationError) as error:
        draft(district_reviewer, district, centre=centre, deciding_level="commune")
    assert "deciding_level" in error.value.message_dict


def test_a_commune_formed_in_2025_has_no_district_to_decide(province):
    commune = CommuneFactory(code="12455", name="Xã Quỳnh Phụ mới", parent=province)
    staff = UserFactory(username="canbo_xa_moi")
    assign(staff, commune, Role.CENTRE_STAFF)
    with pytest.raises(ValidationError) as error:
        draft(staff, commune, recipient="family", name="Gia đình ông Nguyễn Văn A",
              deciding_level="district")  # fmt: skip
    assert "deciding_level" in error.value.message_dict


def test_a_diploma_of_merit_is_not_decided_by_a_commune(commune_staff, commune, centre):
    with pytest.raises(ValidationError) as error:
        draft(commune_staff, commune, award="diploma", deciding_level="commune")
    assert "deciding_level" in error.value.message_dict


def test_an_individual_needs_a_name_and_a_staff_member_gives_it(commune_staff, commune, centre):
    with pytest.raises(ValidationError) as error:
        draft(commune_staff, commune, recipient="learner", name="  ")
    assert "name" in error.value.message_dict
    teacher = StaffFactory(centre=centre, full_name="Trần Thị Hoa", kind="teacher")
    proposal = draft(commune_staff, commune, recipient="staff", staff=teacher)
    assert (proposal.name, proposal.centre) == ("Trần Thị Hoa", None)


def test_a_staff_member_of_a_centre_outside_the_unit_is_refused(
    commune_staff, commune, neighbour_centre
):
    other = StaffFactory(centre=neighbour_centre)
    with pytest.raises(ValidationError) as error:
        draft(commune_staff, commune, recipient="staff", staff=other)
    assert "staff" in error.value.message_dict


def test_the_proposers_edit_a_draft_and_submit_it(commune_staff, commune, centre):
    proposal = draft(commune_staff, commune)
    proposal.achievement = "Xếp loại tốt hai năm liền."
    services.save_proposal(user=commune_staff, proposal=proposal, version=proposal.version)
    services.submit(user=commune_staff, proposal=proposal, version=proposal.version)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.achievement) == ("submitted", "Xếp loại tốt hai năm liền.")
    assert proposal.submitted_at is not None


def test_a_submitted_proposal_cannot_be_edited_or_submitted_again(commune_staff, commune, centre):
    proposal = submitted(commune_staff, commune)
    assert not permissions.can_edit(commune_staff, proposal)
    with pytest.raises(ValidationError):
        services.save_proposal(user=commune_staff, proposal=proposal, version=proposal.version)
    with pytest.raises(ValidationError):
        services.submit(user=commune_staff, proposal=proposal, version=proposal.version)


def test_a_stale_version_changes_nothing(commune_staff, commune, centre):
    proposal = draft(commune_staff, commune)
    stale = proposal.version
    proposal.achievement = "Lần sửa thứ nhất."
    services.save_proposal(user=commune_staff, proposal=proposal, version=stale)
    with pytest.raises(services.ConcurrentEdit):
        services.submit(user=commune_staff, proposal=proposal, version=stale)
    assert Proposal.objects.get(pk=proposal.pk).status == "draft"


def test_a_district_reviewer_records_the_decision_of_a_communes_proposal(
    commune_staff, district_reviewer, commune, centre
):
    proposal = approve(district_reviewer, submitted(commune_staff, commune))
    assert proposal.status == "approved"
    assert (proposal.decision_number, proposal.decision_date) == ("Số 123/QĐ-UBND", TODAY)
    assert proposal.decided_at is not None


def test_centre_staff_cannot_decide_their_own_proposal(commune_staff, commune, centre):
    proposal = submitted(commune_staff, commune)
    assert not permissions.can_decide(commune_staff, proposal)
    with pytest.raises(PermissionDenied):
        approve(commune_staff, proposal)


def test_the_communes_own_admin_decides_at_the_commune_level_only(
    commune_staff, commune_admin, commune, centre
):
    commune_level = submitted(commune_staff, commune)
    assert permissions.can_decide(commune_admin, commune_level)
    district_level = submitted(commune_staff, commune, deciding_level="district")
    assert not permissions.can_decide(commune_admin, district_level)
    with pytest.raises(PermissionDenied):
        approve(commune_admin, district_level)
    approve(commune_admin, commune_level)
    assert Proposal.objects.get(pk=commune_level.pk).status == "approved"


def test_a_district_reviewer_cannot_decide_at_the_province_level(
    commune_staff, district_reviewer, unit_admin, commune, centre
):
    proposal = submitted(commune_staff, commune, award="diploma", deciding_level="province")
    assert not permissions.can_decide(district_reviewer, proposal)
    approve(unit_admin, proposal, deciding_body="Chủ tịch UBND tỉnh Thái Bình")
    assert Proposal.objects.get(pk=proposal.pk).status == "approved"


def test_a_district_reviewer_cannot_decide_the_districts_own_proposal_but_the_province_can(
    district_reviewer, unit_admin, province_viewer, district, centre
):
    proposal = submitted(district_reviewer, district, centre=centre, deciding_level="district")
    assert not permissions.can_decide(district_reviewer, proposal)
    assert not permissions.can_decide(province_viewer, proposal)
    assert permissions.can_decide(unit_admin, proposal)


def test_an_admin_of_another_province_decides_nothing_here(
    commune_staff, outsider, commune, centre
):
    proposal = submitted(commune_staff, commune)
    assert not permissions.can_decide(outsider, proposal)
    assert not Proposal.objects.for_user(outsider).filter(pk=proposal.pk).exists()
    with pytest.raises(PermissionDenied):
        approve(outsider, proposal)


def test_a_decision_needs_its_number_body_and_a_past_date(
    commune_staff, district_reviewer, commune, centre
):
    proposal = submitted(commune_staff, commune)
    with pytest.raises(ValidationError) as error:
        approve(district_reviewer, proposal, decision_number=" ", deciding_body="")
    assert {"decision_number", "deciding_body"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        approve(district_reviewer, proposal, decision_date=TODAY + datetime.timedelta(days=1))
    assert "decision_date" in error.value.message_dict
    assert Proposal.objects.get(pk=proposal.pk).status == "submitted"


def test_a_draft_cannot_be_decided_or_rejected(commune_staff, district_reviewer, commune, centre):
    proposal = draft(commune_staff, commune)
    with pytest.raises(ValidationError):
        approve(district_reviewer, proposal)
    with pytest.raises(ValidationError):
        services.reject(
            user=district_reviewer, proposal=proposal, reason="Chưa đủ", version=proposal.version
        )


def test_a_rejection_says_why_and_is_final(commune_staff, district_reviewer, commune, centre):
    proposal = submitted(commune_staff, commune)
    with pytest.raises(ValidationError):
        services.reject(user=district_reviewer, proposal=proposal, reason=" ", version=1)
    services.reject(
        user=district_reviewer, proposal=proposal, reason="Thành tích chưa tiêu biểu.",
        version=proposal.version,
    )  # fmt: skip
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason) == ("rejected", "Thành tích chưa tiêu biểu.")
    assert not permissions.can_decide(district_reviewer, proposal)
    assert not permissions.can_return(district_reviewer, proposal)
    assert not permissions.can_edit(commune_staff, proposal)


def test_the_decider_returns_a_submitted_proposal_to_draft_with_a_reason(
    commune_staff, district_reviewer, commune, centre
):
    proposal = submitted(commune_staff, commune)
    services.return_to_draft(
        user=district_reviewer, proposal=proposal, reason="Bổ sung số liệu năm.",
        version=proposal.version,
    )  # fmt: skip
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason, proposal.submitted_at) == (
        "draft", "Bổ sung số liệu năm.", None,
    )  # fmt: skip
    assert permissions.can_edit(commune_staff, proposal)


def test_the_proposers_take_a_submitted_proposal_back_but_a_viewer_cannot(
    commune_staff, province_viewer, commune, centre
):
    proposal = submitted(commune_staff, commune)
    with pytest.raises(PermissionDenied):
        services.return_to_draft(
            user=province_viewer, proposal=proposal, reason="x", version=proposal.version
        )
    services.return_to_draft(
        user=commune_staff, proposal=proposal, reason="Sửa tên hình thức.", version=proposal.version
    )
    assert Proposal.objects.get(pk=proposal.pk).status == "draft"


def test_a_decided_proposal_can_no_longer_be_returned(
    commune_staff, district_reviewer, commune, centre
):
    proposal = approve(district_reviewer, submitted(commune_staff, commune))
    with pytest.raises(ValidationError):
        services.return_to_draft(
            user=district_reviewer, proposal=proposal, reason="x", version=proposal.version
        )


def test_every_move_is_in_the_history_with_who_and_why(
    commune_staff, district_reviewer, commune, centre
):
    proposal = submitted(commune_staff, commune)
    services.return_to_draft(
        user=district_reviewer, proposal=proposal, reason="Bổ sung minh chứng.",
        version=proposal.version,
    )  # fmt: skip
    services.submit(user=commune_staff, proposal=proposal, version=proposal.version)
    approve(district_reviewer, proposal)
    rows = list(proposal.history.order_by("history_id"))
    assert [r.status for r in rows] == ["draft", "submitted", "draft", "submitted", "approved"]
    assert [r.history_user for r in rows] == [
        commune_staff, commune_staff, district_reviewer, commune_staff, district_reviewer,
    ]  # fmt: skip
    assert rows[2].history_change_reason == "Bổ sung minh chứng."
    entries = proposal_history(proposal)
    assert entries[0].who == district_reviewer.get_full_name()
    assert "Bổ sung minh chứng." in [e.reason for e in entries]
