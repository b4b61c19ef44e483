"""Write functions of the centres app."""

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from core.signals import bulk_written
from core.text import fold

from .models import AdministrativeUnit
from .models.units import LAST_THREE_LEVEL_DAY, REFORM_DATE

THREE_LEVEL_DATA = Path(__file__).parent / "data" / "units-2025-01-04.tsv.gz"
Level = AdministrativeUnit.Level
LEVEL_ORDER = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}


@dataclass(frozen=True)
class UnitRecord:
    level: str
    code: str
    name: str
    parent_path: str
    valid_from: date | None = None
    valid_until: date | None = None

    @property
    def path(self) -> str:
        return f"{self.parent_path}{self.code}/"


def _current_provinces() -> dict[str, str]:
    from vietnam_provinces import Province, VietNamDivisionType

    names = {}
    for province in Province.iter_all():
        name = province.name
        if province.division_type == VietNamDivisionType.TINH and not name.startswith("Tỉnh"):
            name = f"Tỉnh {name}"
        names[f"{int(province.code):02d}"] = name
    return names


def current_unit_records(province: str | None = None) -> Iterator[UnitRecord]:
    """Provinces and communes since 1 July 2025, from the installed vietnam-provinces."""
    from vietnam_provinces import Ward

    provinces = _current_provinces()
    for code, name in provinces.items():
        if province in (None, code):
            yield UnitRecord(Level.PROVINCE, code, name, "")
    for ward in Ward.iter_all():
        parent = f"{int(ward.province_code):02d}"
        if province in (None, parent):
            yield UnitRecord(
                Level.COMMUNE, f"{int(ward.code):05d}", ward.name, f"{parent}/", REFORM_DATE
            )


def three_level_unit_records(province: str | None = None) -> Iterator[UnitRecord]:
    """Provinces, districts and communes before 1 July 2025, from the shipped data file."""
    current = _current_provinces()
    district_paths: dict[str, str] = {}
    with gzip.open(THREE_LEVEL_DATA, "rt", encoding="utf-8") as rows:
        for line in rows:
            if line.startswith("#") or not line.strip():
                continue
            kind, code, name, parent = line.rstrip("\n").split("\t")
            if kind == "P":
                if province in (None, code):
                    if code in current:
                        # The province goes on after the reform: one unit for both shapes.
                        yield UnitRecord(Level.PROVINCE, code, current[code], "")
                    else:
                        yield UnitRecord(Level.PROVINCE, code, name, "", None, LAST_THREE_LEVEL_DAY)
            elif kind == "D":
                district_paths[code] = f"{parent}/{code}/"
                if province in (None, parent):
                    yield UnitRecord(
                        Level.DISTRICT, code, name, f"{parent}/", None, LAST_THREE_LEVEL_DAY
                    )
            else:
                parent_path = district_paths[parent]
                if province is None or parent_path.startswith(f"{province}/"):
                    yield UnitRecord(
                        Level.COMMUNE, code, name, parent_path, None, LAST_THREE_LEVEL_DAY
                    )


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


FIELDS = ("name", "level", "valid_from", "valid_until")


@transaction.atomic
def load_units(*, records: Iterable[UnitRecord]) -> LoadResult:
    """Create or update units by path; running it again with the same records changes nothing."""
    records = sorted(records, key=lambda r: (LEVEL_ORDER[r.level], r.path))
    roots = {r.path.split("/", 1)[0] + "/" for r in records}
    subtrees = Q(pk__in=[])
    for root in roots:
        subtrees |= Q(path__startswith=root)
    known = {u.path: u for u in AdministrativeUnit.objects.filter(subtrees)}
    result = LoadResult()
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        new, changed = [], []
        for record in (r for r in records if r.level == level):
            unit = known.get(record.path)
            if unit is None:
                parent = known[record.parent_path] if record.parent_path else None
                new.append(
                    AdministrativeUnit(
                        code=record.code,
                        parent=parent,
                        path=record.path,
                        search_name=fold(record.name),
                        **{f: getattr(record, f) for f in FIELDS},
                    )
                )
            elif any(getattr(unit, f) != getattr(record, f) for f in FIELDS):
                for f in FIELDS:
                    setattr(unit, f, getattr(record, f))
                unit.search_name = fold(record.name)
                changed.append(unit)
            else:
                result.unchanged += 1
        AdministrativeUnit.objects.bulk_create(new, batch_size=500)
        AdministrativeUnit.objects.bulk_update(changed, [*FIELDS, "search_name"], batch_size=500)
        if new or changed:
            bulk_written.send(sender=AdministrativeUnit)  # bulk writes send no signals
        result.created += len(new)
        result.updated += len(changed)
        if new:
            known.update(
                (u.path, u)
                for u in AdministrativeUnit.objects.filter(
                    level=level, path__in=[u.path for u in new]
                )
            )
    return result
