"""Who issues a unit's reports, and how: the header fields of its PDF.

A field the unit left blank is the default of its level and format: a province's Sở GD&ĐT
("UBND TỈNH THÁI BÌNH / SỞ GIÁO DỤC VÀ ĐÀO TẠO", Số …/BC-SGDĐT), a district's Phòng GD&ĐT
before the reform ("UBND HUYỆN QUỲNH PHỤ / PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", BC-PGDĐT), a commune's
centre ("UBND XÃ AN KHÊ / TRUNG TÂM HỌC TẬP CỘNG ĐỒNG"), or the party committee's board in
the party format ("ĐẢNG BỘ TỈNH THÁI BÌNH / BAN TUYÊN GIÁO TỈNH ỦY", Số …-BC/BTGTU). How shares
are rounded is the province's (or district's) choice until a unit below it makes its own.
"""

import dataclasses

from django.db.models import Q
from django.urls import reverse

from centres.models import AdministrativeUnit
from centres.scope import ADMIN_ROLES, EDITING_ROLES, scope_of

from .models import UnitSettings

Level = AdministrativeUnit.Level
Style = UnitSettings.Style
HEADER_FIELDS = ("parent_body", "issuing_body", "number_suffix", "place", "signer_title")
INHERITED = ("share_decimals", "rounding")  # passed down to the units below until set there

# The kind words units' names start with, longest first ("Thành phố" before "Thành").
KINDS = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Huyện", "Phường", "Quận", "Tỉnh", "Xã")
# The party committee of a unit, by its kind: Tỉnh ủy, Thành ủy, Huyện ủy, Quận ủy, Thị ủy.
COMMITTEES = {"Tỉnh": "TỈNH ỦY", "Thành phố": "THÀNH ỦY", "Huyện": "HUYỆN ỦY",
              "Quận": "QUẬN ỦY", "Thị xã": "THỊ ỦY"}  # fmt: skip
COMMITTEE_SUFFIX = {"TỈNH ỦY": "TU", "THÀNH ỦY": "ThU", "HUYỆN ỦY": "HU", "QUẬN ỦY": "QU",
                    "THỊ ỦY": "TU"}  # fmt: skip


def split_name(name: str) -> tuple[str, str]:
    """("Tỉnh", "Thái Bình") from "Tỉnh Thái Bình"; ("", name) when it starts with no kind."""
    for kind in KINDS:
        if name.startswith(kind + " "):
            return kind, name[len(kind) + 1 :]
    return "", name


@dataclasses.dataclass(frozen=True)
class Defaults:
    parent_body: str
    issuing_body: str
    number_suffix: str
    place: str
    signer_title: str


def _state(unit: AdministrativeUnit) -> Defaults:
    bare = split_name(unit.name)[1]
    parent = f"UBND {unit.name.upper()}"
    if unit.level == Level.PROVINCE:
        return Defaults(parent, "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "BC-SGDĐT", bare, "GIÁM ĐỐC")
    if unit.level == Level.DISTRICT:
        return Defaults(parent, "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "BC-PGDĐT", bare, "TRƯỞNG PHÒNG")
    return Defaults(parent, "TRUNG TÂM HỌC TẬP CỘNG ĐỒNG", "BC-TTHTCĐ", bare, "GIÁM ĐỐC")


def _party(unit: AdministrativeUnit) -> Defaults:
    """The party format (shared/domain.md, seed 002): "ĐẢNG BỘ TỈNH THÁI BÌNH" over "BAN TUYÊN
    GIÁO TỈNH ỦY"; a commune's party committee under the party organisation above it."""
    kind, bare = split_name(unit.name)
    if unit.level == Level.COMMUNE:
        above = f"ĐẢNG BỘ {unit.parent.name.upper()}" if unit.parent_id else ""
        return Defaults(above, f"ĐẢNG ỦY {unit.name.upper()}", "BC/ĐU", bare, "T/M ĐẢNG ỦY")
    committee = COMMITTEES.get(kind, "TỈNH ỦY" if unit.level == Level.PROVINCE else "HUYỆN ỦY")
    suffix = f"BC/BTG{COMMITTEE_SUFFIX[committee]}"
    return Defaults(
        f"ĐẢNG BỘ {unit.name.upper()}", f"BAN TUYÊN GIÁO {committee}", suffix, bare, "TRƯỞNG BAN"
    )


def defaults(unit: AdministrativeUnit, style: str = Style.STATE) -> Defaults:
    """The header a unit's reports carry when it has set none, in the state or party format."""
    return _party(unit) if style == Style.PARTY else _state(unit)


def _ancestor_paths(path: str) -> list[str]:
    """ "34/336/12454/" → ["34/", "34/336/", "34/336/12454/"]."""
    parts = path.strip("/").split("/")
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def effective(unit: AdministrativeUnit) -> UnitSettings:
    """The settings a unit's reports use (one query): its own saved fields, the defaults of its
    level for the header fields it left blank, and its nearest ancestor's rounding when it saved
    none. An unsaved copy: never save it."""
    saved = {
        s.unit_id: s
        for s in UnitSettings.objects.filter(
            unit__path__in=_ancestor_paths(unit.path)
        ).select_related("unit")
    }
    own = saved.get(unit.pk)
    result = UnitSettings(unit=unit)
    if own is not None:
        for f in UnitSettings._meta.concrete_fields:
            if not f.primary_key:
                setattr(result, f.attname, getattr(own, f.attname))
    else:
        nearest = max(saved.values(), key=lambda s: len(s.unit.path), default=None)
        for name in INHERITED:
            if nearest is not None:
                setattr(result, name, getattr(nearest, name))
    fallback = defaults(unit, result.style)
    for name in HEADER_FIELDS:
        if not getattr(result, name):
            setattr(result, name, getattr(fallback, name))
    return result


def editable_units(user):
    """The units whose settings the user may change: the units they administer above the
    communes, and the communes whose centre they run or administer."""
    scope = scope_of(user)
    units = AdministrativeUnit.objects.all()
    above = scope.filter(units.exclude(level=Level.COMMUNE), "path", ADMIN_ROLES, write=True)
    communes = scope.filter(units.filter(level=Level.COMMUNE), "path", EDITING_ROLES, write=True)
    return AdministrativeUnit.objects.filter(
        Q(pk__in=above.values("pk")) | Q(pk__in=communes.values("pk"))
    ).order_by("path")


def may_edit(user, unit: AdministrativeUnit) -> bool:
    """Whether the unit is one of `editable_units(user)`, from the user's scope alone."""
    roles = EDITING_ROLES if unit.level == Level.COMMUNE else ADMIN_ROLES
    return scope_of(user).covers(unit.path, roles, write=True)


def settings_url(user, unit: AdministrativeUnit) -> str:
    """The settings page of the unit's reports, for a user who may change them; else ""."""
    if not may_edit(user, unit):
        return ""
    return f"{reverse('reports:settings')}?unit={unit.pk}"
