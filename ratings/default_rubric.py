"""The default rubric shipped with the portal (our design, shared/domain.md): 100 points over the
four national areas (20 / 30 / 20 / 30); tốt ≥ 85 with no area below half its maximum, khá ≥ 70,
trung bình ≥ 50, yếu below 50."""

from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from centres.models import AdministrativeUnit

from .models import Criterion, Indicator, Measure, Rubric

NAME = "Bộ tiêu chí đánh giá, xếp loại TTHTCĐ (mặc định)"
CRITERIA = [
    ("Tổ chức, bộ máy quản lý", [
        ("Có quyết định thành lập; có con dấu và tài khoản riêng", 4, False, ""),
        ("Ban giám đốc đủ thành phần, có phân công nhiệm vụ cụ thể", 6, True, Measure.BOARD_COMPLETE),
        ("Có kế hoạch hoạt động năm xây dựng từ khảo sát nhu cầu học tập", 5, True, Measure.PLAN_SURVEY),
        ("Hồ sơ, sổ sách (kế hoạch, danh sách người học, tài chính, tài sản) đầy đủ", 5, False, ""),
    ]),
    ("Tổ chức các hoạt động giáo dục", [
        ("Thực hiện kế hoạch mở lớp học, chuyên đề", 10, False, Measure.ACTIVITIES_VS_PLAN),
        ("Nội dung đa dạng, đáp ứng nhu cầu học tập của người dân", 8, False, Measure.CONTENT_AREAS),
        ("Có đội ngũ giáo viên, báo cáo viên, hướng dẫn viên, cộng tác viên", 6, False, Measure.ACTIVE_STAFF),
        ("Sử dụng hiệu quả cơ sở vật chất, trang thiết bị", 6, False, ""),
    ]),
    ("Huy động sự tham gia của xã hội", [
        ("Phối hợp với các ban, ngành, đoàn thể tổ chức hoạt động", 8, False, Measure.PARTNERS),
        ("Huy động nguồn lực xã hội hóa cho hoạt động của trung tâm", 7, True, Measure.SOCIAL_FUNDING),
        ("Xây dựng gia đình, dòng họ, cộng đồng học tập", 5, False, Measure.LEARNING_MODELS),
    ]),
    ("Hiệu quả hoạt động", [
        ("Số lượt người tham gia học tập so với dân số trong độ tuổi trưởng thành", 12, False, Measure.VISITS_PER_ADULT),
        ("Người học vận dụng kiến thức vào sản xuất, đời sống", 10, True, ""),
        ("Góp phần xây dựng nông thôn mới, xã hội học tập ở địa phương", 8, False, ""),
    ]),
]  # fmt: skip


@transaction.atomic
def create_default_rubric(province: AdministrativeUnit, first_year: int = 2007) -> Rubric:
    """The default rubric for a province (version after the province's latest)."""
    latest = Rubric.objects.filter(province=province, first_year=first_year).order_by("-version")
    version = (latest.values_list("version", flat=True).first() or 0) + 1
    rubric = Rubric.objects.create(
        province=province, name=NAME, version=version, first_year=first_year,
        good_total=Decimal(85), good_min_share=Decimal("0.5"),
        fair_total=Decimal(70), average_total=Decimal(50),
    )  # fmt: skip
    for c_order, (name, indicators) in enumerate(CRITERIA, start=1):
        criterion = Criterion.objects.create(rubric=rubric, order=c_order, name=name)
        bulk_create_with_history(
            [
                Indicator(
                    criterion=criterion, order=i_order, text=text, max_points=Decimal(points),
                    evidence_required=evidence, measure=measure,
                )
                for i_order, (text, points, evidence, measure) in enumerate(indicators, start=1)
            ],
            Indicator,
        )  # fmt: skip
    return rubric


def rubric_for(province: AdministrativeUnit, year: int) -> Rubric:
    """The province's newest rubric version covering the year; the default one if it has none."""
    candidates = Rubric.objects.filter(province=province, first_year__lte=year).order_by(
        "-first_year", "-version"
    )
    for rubric in candidates:
        if rubric.covers(year):
            return rubric
    return create_default_rubric(province)
