"""A small 2025 reform, as the tests need it: new Hưng Yên (33) formed from old Hưng Yên and
old Thái Bình (34), with a divided commune, centres before and after, and a user per side.

    old Thái Bình 34 ── Huyện Quỳnh Phụ 338 ── Xã An Khê, Xã An Đồng, Xã An Bài (divided)
    old Hưng Yên  33 ── Huyện Tiên Lữ 331 ──── Xã Thiện Phiến
    new Hưng Yên  33 ── Xã Quỳnh Phụ  ← An Khê, An Đồng, An Bài (default)
                     └─ Xã Tiên Lữ   ← Thiện Phiến, An Bài (in part)
"""

import datetime
from types import SimpleNamespace

from centres.models import Centre, UnitSuccession
from centres.models.units import LAST_THREE_LEVEL_DAY, REFORM_DATE

from .factories import CentreFactory, CommuneFactory, DistrictFactory, UnitFactory

FOUNDED = datetime.date(2005, 3, 1)


def _old_commune(code, name, district):
    return CommuneFactory(code=code, name=name, parent=district, valid_until=LAST_THREE_LEVEL_DAY)


def build() -> SimpleNamespace:
    thai_binh = UnitFactory(code="34", name="Tỉnh Thái Bình", valid_until=LAST_THREE_LEVEL_DAY)
    hung_yen = UnitFactory(code="33", name="Tỉnh Hưng Yên")
    quynh_phu = DistrictFactory(
        code="338", name="Huyện Quỳnh Phụ", parent=thai_binh, valid_until=LAST_THREE_LEVEL_DAY
    )
    tien_lu = DistrictFactory(
        code="331", name="Huyện Tiên Lữ", parent=hung_yen, valid_until=LAST_THREE_LEVEL_DAY
    )
    an_khe = _old_commune("12454", "Xã An Khê", quynh_phu)
    an_dong = _old_commune("12457", "Xã An Đồng", quynh_phu)
    an_bai = _old_commune("12460", "Xã An Bài", quynh_phu)
    thien_phien = _old_commune("12100", "Xã Thiện Phiến", tien_lu)
    new_quynh_phu = CommuneFactory(
        code="20001", name="Xã Quỳnh Phụ", parent=hung_yen, valid_from=REFORM_DATE
    )
    new_tien_lu = CommuneFactory(
        code="20002", name="Xã Tiên Lữ", parent=hung_yen, valid_from=REFORM_DATE
    )
    for old, new, default in [
        (thai_binh, hung_yen, True),
        (an_khe, new_quynh_phu, True),
        (an_dong, new_quynh_phu, True),
        (an_bai, new_quynh_phu, True),
        (an_bai, new_tien_lu, False),
        (thien_phien, new_tien_lu, True),
    ]:
        UnitSuccession.objects.create(predecessor=old, successor=new, is_default=default)
    old = {
        unit.code: CentreFactory(commune=unit, decision_date=FOUNDED)
        for unit in (an_khe, an_dong, an_bai, thien_phien)
    }
    return SimpleNamespace(
        thai_binh=thai_binh, hung_yen=hung_yen, quynh_phu=quynh_phu, tien_lu=tien_lu,
        an_khe=an_khe, an_dong=an_dong, an_bai=an_bai, thien_phien=thien_phien,
        new_quynh_phu=new_quynh_phu, new_tien_lu=new_tien_lu,
        centre_an_khe=old["12454"], centre_an_dong=old["12457"], centre_an_bai=old["12460"],
        centre_thien_phien=old["12100"],
    )  # fmt: skip


def merge(world) -> tuple[Centre, Centre]:
    """The province creates the new communes' centres from the lineage, as on 01/07/2025."""
    from centres import lineage

    created = lineage.create_centres_from_lineage(
        province=world.hung_yen, first_day=REFORM_DATE, decision_number="15/QĐ-UBND"
    )
    by_commune = {c.commune_id: c for c in created}
    world.centre_quynh_phu = by_commune[world.new_quynh_phu.pk]
    world.centre_tien_lu = by_commune[world.new_tien_lu.pk]
    for name in ("centre_an_khe", "centre_an_dong", "centre_an_bai", "centre_thien_phien"):
        getattr(world, name).refresh_from_db()
    return world.centre_quynh_phu, world.centre_tien_lu


def open_2026_round(world):
    """The province's 2026 round, opened by its reviewer, one of the two new centres approved."""
    from ratings.models import Rating
    from ratings.services import open_round

    from .factories import UserFactory, assign

    reviewer = UserFactory(username="tinh_danhgia")
    assign(reviewer, world.hung_yen, "reviewer")
    rating_round = open_round(
        user=reviewer, unit=world.hung_yen, year=2026, deadline=datetime.date(2026, 12, 15)
    )
    Rating.objects.filter(round=rating_round, centre=world.centre_quynh_phu).update(
        status="approved", grade="good"
    )
    return rating_round
