"""The default rubric shipped with the portal (our design, shared/domain.md): 100 points over the
four national areas (20 / 30 / 20 / 30); tốt ≥ 85 with no area below half its maximum, khá ≥ 70,
trung bình ≥ 50, yếu below 50.

Two versions: 2007–2025, and from 2026 one with a digital-transformation indicator (seed 003:
"chuyển đổi số … một trong những tiêu chí đánh giá"), its 5 points taken from the same area, so
that a rating of 2025 or before keeps its meaning."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from centres.models import AdministrativeUnit

from .models import Criterion, Indicator, Kind, Measure, Rubric

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


DIGITAL_FROM = 2026
DIGITAL = (
    "Ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt động của trung tâm; mở lớp, chuyên "
    "đề kỹ năng số cho người dân", 5, False, Measure.DIGITAL,
)  # fmt: skip
# From 2026: the activities area gives 2 points of "Thực hiện kế hoạch" and 3 of "Sử dụng hiệu
# quả cơ sở vật chất" to the digital indicator; the area keeps its 30 points.
CRITERIA_DIGITAL = [
    CRITERIA[0],
    (CRITERIA[1][0], [
        (CRITERIA[1][1][0][0], 8, *CRITERIA[1][1][0][2:]),
        CRITERIA[1][1][1],
        CRITERIA[1][1][2],
        (CRITERIA[1][1][3][0], 3, *CRITERIA[1][1][3][2:]),
        DIGITAL,
    ]),
    CRITERIA[2],
    CRITERIA[3],
]  # fmt: skip


@transaction.atomic
def create_default_rubric(
    province: AdministrativeUnit, first_year: int = 2007, last_year: int | None = None
) -> Rubric:
    """The default rubric for a province (version after the province's latest), with the
    digital-transformation indicator when it starts in DIGITAL_FROM or later."""
    latest = Rubric.objects.filter(province=province, kind=Kind.CENTRE).order_by("-version")
    version = (latest.values_list("version", flat=True).first() or 0) + 1
    rubric = Rubric.objects.create(
        province=province, name=NAME, version=version, first_year=first_year,
        last_year=last_year, good_total=Decimal(85), good_min_share=Decimal("0.5"),
        fair_total=Decimal(70), average_total=Decimal(50),
    )  # fmt: skip
    add_criteria(rubric, CRITERIA_DIGITAL if first_year >= DIGITAL_FROM else CRITERIA)
    return rubric


def add_criteria(rubric: Rubric, criteria: list) -> None:
    """A default rubric's criteria and indicators, as the lists above give them."""
    for c_order, (name, indicators) in enumerate(criteria, start=1):
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


@transaction.atomic
def install_default_rubrics(province: AdministrativeUnit) -> list[Rubric]:
    """The two default versions for a province that has none: 2007–2025 and from 2026."""
    return [
        create_default_rubric(province, 2007, DIGITAL_FROM - 1),
        create_default_rubric(province, DIGITAL_FROM),
    ]


def rubric_for(province: AdministrativeUnit, year: int, kind: str = Kind.CENTRE) -> Rubric:
    """The province's newest rubric version of the kind covering the year; the default ones if
    it has none (a province whose versions leave the year out gets the default for that year).

    A learning-community rubric has a default from 2024 (TT 25/2023) only: an earlier year needs
    the province's own version (ValidationError otherwise)."""
    candidates = Rubric.objects.filter(province=province, kind=kind, first_year__lte=year).order_by(
        "-first_year", "-version"
    )
    for rubric in candidates:
        if rubric.covers(year):
            return rubric
    if kind == Kind.COMMUNITY:
        from .default_community_rubric import COMMUNITY_FROM, create_community_rubric

        if year < COMMUNITY_FROM:
            raise ValidationError(
                {"year": _(
                    "The learning-community rubric of TT 25/2023 applies from %(year)s: for an "
                    "earlier year, make the province's own version in the rubric editor first."
                ) % {"year": COMMUNITY_FROM}}
            )  # fmt: skip
        has_own = Rubric.objects.filter(province=province, kind=kind).exists()
        return create_community_rubric(province, year if has_own else COMMUNITY_FROM)
    if not Rubric.objects.filter(province=province, kind=Kind.CENTRE).exists():
        installed = install_default_rubrics(province)
        return next(r for r in reversed(installed) if r.covers(year))
    return create_default_rubric(province, year if year >= DIGITAL_FROM else 2007)
