"""The default "Cộng đồng học tập" cấp xã rubric (our design after TT 25/2023/TT-BGDĐT, in force
since 12/02/2024): its five criteria — leadership; resources and environment; the effectiveness
of the TTHTCĐ, the commune library and the cultural-sports centre; PCGD-XMC results; the effects
of building the learning community — scored like the centre rubric, 20 points each, so that a
province edits it with the same editor and a commune's result follows one rule:

- đạt mức độ 2: 85 points or more, no criterion below 70 % of its maximum;
- đạt mức độ 1: 70 points or more, no criterion below 50 % of its maximum;
- chưa đạt otherwise.

The circular judges each indicator "đạt / không đạt"; points let a partly met indicator count
partly, and a province that wants the circular's strict reading sets every share to 100 %. The
TTHTCĐ indicator is prefilled from the centre's approved rating of the year (Measure.CENTRE_RATING).
"""

from decimal import Decimal

from django.db import transaction

from centres.models import AdministrativeUnit

from .default_rubric import add_criteria
from .models import Grade, Kind, Measure, Rubric

COMMUNITY_FROM = 2024  # TT 25/2023/TT-BGDĐT took effect on 12/02/2024
NAME = "Bộ tiêu chí đánh giá, công nhận “Cộng đồng học tập” cấp xã (mặc định, theo TT 25/2023)"
CRITERIA = [
    ("Công tác lãnh đạo, chỉ đạo xây dựng “Cộng đồng học tập” cấp xã", [
        ("Cấp ủy có nghị quyết hoặc chỉ thị, UBND xã có kế hoạch xây dựng xã hội học tập, "
         "cộng đồng học tập hằng năm", 8, True, ""),
        ("Kiện toàn Ban chỉ đạo xây dựng xã hội học tập cấp xã, phân công nhiệm vụ cụ thể cho "
         "các thành viên", 6, False, ""),
        ("Tuyên truyền về học tập suốt đời; kiểm tra, sơ kết, tổng kết, khen thưởng", 6, False, ""),
    ]),
    ("Các điều kiện bảo đảm: nguồn lực và môi trường học tập", [
        ("Bố trí kinh phí từ ngân sách và huy động nguồn lực xã hội hóa cho học tập suốt đời",
         8, True, Measure.SOCIAL_FUNDING),
        ("Cơ sở vật chất, thiết bị phục vụ học tập của cộng đồng (trung tâm học tập cộng đồng, "
         "nhà văn hóa thôn, tổ dân phố)", 6, False, ""),
        ("Các ban, ngành, đoàn thể, doanh nghiệp cùng tham gia; ứng dụng công nghệ thông tin, "
         "chuyển đổi số trong học tập", 6, False, Measure.PARTNERS),
    ]),
    ("Hiệu quả hoạt động của Trung tâm học tập cộng đồng, thư viện xã, trung tâm văn hóa - thể "
     "thao xã", [
        ("Trung tâm học tập cộng đồng được đánh giá, xếp loại trong năm", 10, False,
         Measure.CENTRE_RATING),
        ("Thư viện hoặc tủ sách của xã hoạt động thường xuyên, phục vụ nhu cầu đọc của người dân",
         5, False, ""),
        ("Trung tâm văn hóa - thể thao xã tổ chức thường xuyên các hoạt động văn hóa, văn nghệ, "
         "thể dục thể thao", 5, False, ""),
    ]),
    ("Kết quả thực hiện phổ cập giáo dục, xóa mù chữ", [
        ("Duy trì đạt chuẩn phổ cập giáo dục mầm non cho trẻ em 5 tuổi", 5, True, ""),
        ("Duy trì đạt chuẩn phổ cập giáo dục tiểu học và phổ cập giáo dục trung học cơ sở",
         8, True, ""),
        ("Duy trì đạt chuẩn xóa mù chữ", 7, True, ""),
    ]),
    ("Tác động của việc xây dựng “Cộng đồng học tập” cấp xã", [
        ("Gia đình học tập, dòng họ học tập, cộng đồng học tập cấp thôn, đơn vị học tập được "
         "công nhận", 8, False, Measure.LEARNING_MODELS),
        ("Người dân tham gia học tập thường xuyên, vận dụng kiến thức vào sản xuất, đời sống",
         6, False, Measure.VISITS_PER_ADULT),
        ("Góp phần phát triển kinh tế - xã hội, xây dựng nông thôn mới, đô thị văn minh", 6,
         False, ""),
    ]),
]  # fmt: skip

# The share of the TTHTCĐ indicator's maximum that the centre's grade of the year suggests.
CENTRE_GRADE_SHARE = {
    Grade.GOOD: Decimal(1),
    Grade.FAIR: Decimal("0.75"),
    Grade.AVERAGE: Decimal("0.5"),
    Grade.WEAK: Decimal(0),
}


@transaction.atomic
def create_community_rubric(
    province: AdministrativeUnit, first_year: int = COMMUNITY_FROM, last_year: int | None = None
) -> Rubric:
    """The default learning-community rubric for a province, its next version of that kind."""
    latest = Rubric.objects.filter(province=province, kind=Kind.COMMUNITY).order_by("-version")
    version = (latest.values_list("version", flat=True).first() or 0) + 1
    rubric = Rubric.objects.create(
        province=province, kind=Kind.COMMUNITY, name=NAME, version=version,
        first_year=first_year, last_year=last_year,
        good_total=Decimal(85), good_min_share=Decimal("0.7"),
        fair_total=Decimal(70), fair_min_share=Decimal("0.5"),
        average_total=None, average_min_share=Decimal(0),
    )  # fmt: skip
    add_criteria(rubric, CRITERIA)
    return rubric
