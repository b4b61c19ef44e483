"""Demo commendations (used by `load_demo`): last year's proposals of the demo commune and of
the province in every state, made and decided through the services so that their history reads
as a real one. Only named collectives and people (families, clans, a donor…), no centre or staff
row, so that `load_demo --reset` can delete the centres."""

import datetime

from django.utils import timezone

from centres.models import AdministrativeUnit, Assignment, Role
from emulation import services
from emulation.models import Proposal


def _proposal(user, unit, **fields) -> Proposal:
    year = timezone.localdate().year - 1
    return services.save_proposal(
        user=user, proposal=Proposal(year=year, proposing_unit=unit, **fields)
    )


def _submit(user, proposal) -> Proposal:
    return services.submit(user=user, proposal=proposal, version=proposal.version)


def build(province: AdministrativeUnit, logins: dict) -> str:
    """A handful of proposals: decided, submitted, rejected, returned and draft."""
    staff, reviewer, admin = logins["xa"], logins["tinh_danhgia"], logins["quantri"]
    commune = Assignment.objects.get(user=staff, role=Role.CENTRE_STAFF).unit
    if Proposal.objects.filter(proposing_unit__path__startswith=province.path).exists():
        return "Demo commendations already loaded."
    today = timezone.localdate()
    decided_on = min(datetime.date(today.year, 1, 15), today)
    family = _submit(staff, _proposal(
        staff, commune, recipient="family", name="Gia đình ông Nguyễn Văn Khuyến",
        achievement="Ba thế hệ cùng học tập; con cháu đều học hết trung học phổ thông, tham gia "
        "đầy đủ các chuyên đề của Trung tâm.",
        award="certificate", deciding_level="commune",
    ))  # fmt: skip
    services.approve(
        user=reviewer, proposal=family, decision_number="Số 12/QĐ-UBND",
        decision_date=decided_on, deciding_body=f"Chủ tịch UBND {commune.name}",
        version=family.version,
    )  # fmt: skip
    _submit(staff, _proposal(
        staff, commune, recipient="learner", name="Bà Trần Thị Chăm",
        position="Học viên lớp tin học cơ bản",
        achievement="Tham gia đủ 24 buổi học, hướng dẫn lại cho 10 hội viên phụ nữ sử dụng "
        "dịch vụ công trực tuyến.",
        award="certificate", deciding_level="commune",
    ))  # fmt: skip
    clan = _submit(staff, _proposal(
        staff, commune, recipient="clan", name="Dòng họ Phạm",
        achievement="Lập quỹ khuyến học của dòng họ, khen thưởng 35 cháu học giỏi.",
        award="certificate", deciding_level="commune",
    ))  # fmt: skip
    services.return_to_draft(
        user=reviewer, proposal=clan, reason="Bổ sung số tiền quỹ khuyến học và số cháu được "
        "khen thưởng từng năm.", version=clan.version,
    )  # fmt: skip
    donor = _submit(reviewer, _proposal(
        reviewer, province, recipient="donor", name="Ông Lê Văn Hảo",
        position="Giám đốc Công ty TNHH Thương mại Hảo Phát",
        achievement="Tài trợ 150.000.000 đồng mua máy tính cho 12 trung tâm học tập cộng đồng.",
        award="diploma", deciding_level="province",
    ))  # fmt: skip
    services.approve(
        user=admin, proposal=donor, decision_number="Số 245/QĐ-UBND", decision_date=decided_on,
        deciding_body="Chủ tịch UBND tỉnh", version=donor.version,
    )  # fmt: skip
    _submit(reviewer, _proposal(
        reviewer, province, recipient="community",
        name="Cộng đồng học tập thôn Đông",
        achievement="100% hộ gia đình đạt danh hiệu gia đình học tập.",
        award="diploma", deciding_level="province",
    ))  # fmt: skip
    person = _submit(reviewer, _proposal(
        reviewer, province, recipient="person", name="Bà Nguyễn Thị Hiền",
        position="Chủ tịch Hội Khuyến học xã", achievement="Vận động xã hội hóa cho Trung tâm.",
        award="certificate", deciding_level="province",
    ))  # fmt: skip
    services.reject(
        user=admin, proposal=person, reason="Thành tích chưa có số liệu minh chứng.",
        version=person.version,
    )  # fmt: skip
    _proposal(
        staff, commune, recipient="family", name="Gia đình bà Vũ Thị Lan",
        achievement="Gia đình học tập tiêu biểu của thôn.", award="certificate",
        deciding_level="commune",
    )  # fmt: skip
    count = Proposal.objects.filter(proposing_unit__path__startswith=province.path).count()
    return f"Demo commendations: {count} proposals."
