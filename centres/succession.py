"""The 2025 conversion of former units into new ones, joined to the units loaded here.

The conversion is the one the vietnamadminunits package (MIT) publishes: it names units by keys
("tinhthaibinh_huyenquynhphu_xaankhe") and its SQLite tables give each key a GSO code, which is
what our units are known by. Only its data files are read: importing the package loads shapely
and geopy, which takes seconds and is not needed here.

Nothing is guessed. A key without a code, a code not among our units, a unit named differently
here: each is listed in the Reconciliation. A new commune named differently here is not linked,
because the two sources number some new communes differently, so the code alone may point at
the wrong one (in Cao Bằng three codes go round in a circle between the two).
"""

import importlib.util
import json
import operator
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, reduce
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.signals import bulk_written
from core.text import fold

from .models import AdministrativeUnit, UnitSuccession
from .models.units import REFORM_DATE

Level = AdministrativeUnit.Level


# --- The dataset -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """A unit as the dataset lists it."""

    code: str
    name: str
    parent_path: str  # our path of its parent: "34/336/" for a former commune, "33/" for a new one
    place: str = ""  # "Huyện Quỳnh Phụ, Tỉnh Thái Bình", for reports

    @property
    def path(self) -> str:
        return f"{self.parent_path}{self.code}/"


@dataclass(frozen=True)
class Conversion:
    new_province: str  # keys, as in the converter
    new_ward: str
    former: str  # "province_district_ward"; the ward is empty for a district without communes
    is_default: bool


@dataclass
class Dataset:
    provinces: dict[str, list[str]]  # new province key -> former province keys
    new_provinces: dict[str, Listed]
    former_provinces: dict[str, Listed]
    new_communes: dict[tuple[str, str], Listed]  # (province key, ward key)
    former: dict[str, Listed]  # by our path: districts and communes before the reform
    former_keys: dict[str, str]  # "province_district_ward" -> our path; "p_d_" is a district
    conversions: list[Conversion]
    duplicates: list[tuple[str, str]]  # (key, codes) the tables give more than one code


def data_dir() -> Path:
    """The package's data folder, found without importing the package."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The vietnamadminunits package is not installed.")
    return Path(spec.submodule_search_locations[0]) / "data"


def _code(value: str | None, width: int) -> str:
    return f"{int(value):0{width}d}" if value and value.isdigit() else ""


def _index(rows: Iterable[tuple], duplicates: list) -> dict:
    """Values by key; a key given two different values joins nothing and is listed instead."""
    found: dict = {}
    clashes: dict = defaultdict(set)
    for key, value in rows:
        if key in found and _shown(found[key]) != _shown(value):
            clashes[key] |= {_shown(found[key]), _shown(value)}
        found.setdefault(key, value)
    for key, values in clashes.items():
        del found[key]
        duplicates.append(
            ("_".join(key) if isinstance(key, tuple) else key, ", ".join(sorted(values)))
        )
    return found


def _shown(value: "Listed | str") -> str:
    return value.code if isinstance(value, Listed) else value


@cache
def dataset() -> Dataset:
    """The converter and the code tables of the installed package, read once per process."""
    folder = data_dir()
    converter = json.loads((folder / "converter_2025.json").read_text(encoding="utf-8"))
    db = sqlite3.connect(f"{(folder / 'dataset.db').as_uri()}?mode=ro", uri=True)
    try:
        new_rows = db.execute(
            "SELECT provinceKey, provinceCode, province, wardKey, wardCode, ward FROM admin_units"
        ).fetchall()
        old_rows = db.execute(
            "SELECT provinceKey, provinceCode, province, districtKey, districtCode, district,"
            " wardKey, wardCode, ward FROM admin_units_legacy"
        ).fetchall()
    finally:
        db.close()
    duplicates: list = []
    former, keys = {}, []
    for pk, pc, province, dk, dc, district, wk, wc, ward in old_rows:
        unit = Listed(_code(dc, 3), district, f"{_code(pc, 2)}/", province)
        former[unit.path] = unit
        if not wk:
            keys.append((f"{pk}_{dk}_", unit.path))  # a district without communes: Hoàng Sa
        elif _code(wc, 5):
            commune = Listed(_code(wc, 5), ward, unit.path, f"{district}, {province}")
            former[commune.path] = commune
            keys.append((f"{pk}_{dk}_{wk}", commune.path))
    return Dataset(
        provinces=converter["DICT_PROVINCE"],
        new_provinces=_index(
            ((r[0], Listed(_code(r[1], 2), r[2], "")) for r in new_rows), duplicates
        ),
        former_provinces=_index(
            ((r[0], Listed(_code(r[1], 2), r[2], "")) for r in old_rows), duplicates
        ),
        new_communes=_index(
            (
                ((pk, wk), Listed(_code(wc, 5), ward, f"{_code(pc, 2)}/", province))
                for pk, pc, province, wk, wc, ward in new_rows
                if _code(wc, 5)
            ),
            duplicates,
        ),
        former=former,
        former_keys=_index(keys, duplicates),
        conversions=_conversions(converter),
        duplicates=duplicates,
    )


def _conversions(converter: dict) -> list[Conversion]:
    conversions = [
        Conversion(npk, nwk, former, True)
        for npk, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items()
        for nwk, formers in wards.items()
        for former in formers
    ]
    conversions += [
        Conversion(npk, part["newWardKey"], former, bool(part.get("isDefaultNewWard")))
        for npk, formers in converter["DICT_PROVINCE_WARD_DIVIDED"].items()
        for former, parts in formers.items()
        for part in parts
    ]
    return conversions


def successor_province(code: str) -> str | None:
    """The code of the province that `code` (a former or a new province) is part of since 2025."""
    data = dataset()
    for key, formers in data.provinces.items():
        new = data.new_provinces.get(key)
        if new and (new.code == code or code in _codes(data.former_provinces, formers)):
            return new.code
    return None


def _codes(listed: dict[str, Listed], keys: Iterable[str]) -> set[str]:
    return {listed[k].code for k in keys if k in listed}


# --- Our units ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    id: int
    code: str
    name: str
    level: str
    path: str

    @property
    def parent_path(self) -> str:
        return self.path[: -len(self.code) - 1]


@dataclass
class Units:
    """Our units in some provinces, by path; the depth of a path tells the shapes apart."""

    by_path: dict[str, Unit]
    former: list[Unit]  # districts and communes of the three-level shape
    current: list[Unit]  # communes hung under their province

    def place(self, unit: Unit) -> str:
        """ "Huyện Quỳnh Phụ, Tỉnh Thái Bình": the names of the unit's ancestors."""
        parts, path = [], unit.parent_path
        while path:
            parts.append(self.by_path[path].name if path in self.by_path else path)
            path = path[: path.rstrip("/").rfind("/") + 1]
        return ", ".join(parts)


def our_units(provinces: Iterable[str] | None) -> Units:
    """One query for every unit under the provinces (or in the whole country)."""
    query = AdministrativeUnit.objects.all()
    if provinces is not None:
        query = query.filter(
            reduce(operator.or_, (Q(path__startswith=f"{p}/") for p in provinces), Q(pk__in=[]))
        )
    units = [Unit(*row) for row in query.values_list("id", "code", "name", "level", "path")]
    former = [u for u in units if u.path.count("/") == 3 or u.level == Level.DISTRICT]
    current = [u for u in units if u.path.count("/") == 2 and u.level == Level.COMMUNE]
    return Units({u.path: u for u in units}, former, current)


def same_name(a: str, b: str) -> bool:
    """Names equal but for case, diacritics, spaces and punctuation (a curly apostrophe)."""
    return _name_key(a) == _name_key(b)


def _name_key(name: str) -> str:
    return re.sub(r"[\W_]+", "", fold(name))


def _identity(path: str) -> tuple[str, int, str]:
    """A former unit is its code within its province: a commune moved to another district is
    still itself (and reported as moved)."""
    parts = path.rstrip("/").split("/")
    return parts[0], len(parts), parts[-1]


# --- The reconciliation ------------------------------------------------------------------------


@dataclass(frozen=True)
class Mismatch:
    code: str  # the GSO code, or the dataset's key when it has none
    name: str
    place: str = ""
    note: str = ""


KINDS = (
    ("missing_former", "former units in the dataset but not here"),
    ("extra_former", "former units here but not in the dataset"),
    ("renamed_former", "former units named differently here"),
    ("moved_former", "former communes under another district here"),
    ("missing_current", "new communes in the dataset but not here"),
    ("extra_current", "new communes here but not in the dataset"),
    ("renamed_current", "new communes named differently here (not linked)"),
    ("joined_by_name", "new communes linked by their name, the codes differing"),
    ("unjoined", "dataset keys without a code"),
    ("ambiguous", "ambiguous joins (not linked)"),
)


@dataclass
class Reconciliation:
    """What the dataset and our units disagree on, by kind; `not_loaded` was not compared."""

    missing_former: list[Mismatch] = field(default_factory=list)
    extra_former: list[Mismatch] = field(default_factory=list)
    renamed_former: list[Mismatch] = field(default_factory=list)
    moved_former: list[Mismatch] = field(default_factory=list)
    missing_current: list[Mismatch] = field(default_factory=list)
    extra_current: list[Mismatch] = field(default_factory=list)
    renamed_current: list[Mismatch] = field(default_factory=list)
    joined_by_name: list[Mismatch] = field(default_factory=list)
    unjoined: list[Mismatch] = field(default_factory=list)
    ambiguous: list[Mismatch] = field(default_factory=list)
    not_loaded: list[Mismatch] = field(default_factory=list)  # note: the shape not loaded
    compared: list[str] = field(default_factory=list)  # new provinces, by code

    def groups(self) -> list[tuple[str, list[Mismatch]]]:
        return [(label, getattr(self, kind)) for kind, label in KINDS if getattr(self, kind)]

    @property
    def mismatches(self) -> int:
        return sum(len(items) for _, items in self.groups())

    def summary(self) -> str:
        counts = ", ".join(f"{len(items)} {label}" for label, items in self.groups())
        return counts or "everything matches"


@dataclass(frozen=True)
class SuccessionRecord:
    predecessor_id: int
    successor_id: int
    is_default: bool = True
    effective_on: date = REFORM_DATE


@dataclass
class Successions:
    records: list[SuccessionRecord]
    successors: set[int]  # the units whose predecessors `records` list completely
    report: Reconciliation


def succession_records(province: str | None = None) -> Successions:
    """The successions the dataset gives for our units, in one new province or the country.

    A new province is compared when its communes are here and so are the districts of at least
    one of its former provinces; what is not loaded is listed, not compared. It changes nothing.
    """
    data, report = dataset(), Reconciliation()
    scope = _scope(data, province, report)
    codes = {unit.code for new, formers in scope.values() for unit in (new, *formers)}
    units = our_units(None if province is None else codes)
    pairs, successors, formers = _join_provinces(scope, units, report)
    joined_formers = _join_formers(data, units, formers, report)
    joined_news = _join_news(data, units, set(report.compared), report)
    successors |= set(joined_news.values())
    keys = {key for key, (new, _) in scope.items() if new.code in report.compared}
    _link(data, keys, joined_formers, joined_news, pairs, report)
    keys |= {former for key in keys for former in data.provinces[key]}
    report.ambiguous += [
        Mismatch(key, "", note=f"the dataset gives {values}")
        for key, values in data.duplicates
        if province is None or key.split("_")[0] in keys
    ]
    records = _records(pairs, units, report)
    for kind, _ in KINDS:
        getattr(report, kind).sort(key=lambda m: (-len(m.code), m.code, m.note))  # communes first
    return Successions(records, successors, report)


def _scope(
    data: Dataset, province: str | None, report: Reconciliation
) -> dict[str, tuple[Listed, list[Listed]]]:
    """New province key -> (the new province, its former provinces), for one or all."""
    scope = {}
    for key, former_keys in data.provinces.items():
        new = data.new_provinces.get(key)
        if new is None and province is None:
            report.unjoined.append(Mismatch(key, "", note="new province key"))
        elif new is not None and province in (None, new.code):
            for former in former_keys:
                if former not in data.former_provinces:
                    report.unjoined.append(Mismatch(former, "", note="former province key"))
            formers = [data.former_provinces[k] for k in former_keys if k in data.former_provinces]
            scope[key] = (new, formers)
    if province is not None and not scope:
        raise ValueError(f"{province} is not the code of a province since 01/07/2025.")
    return scope


def _join_provinces(
    scope: dict[str, tuple[Listed, list[Listed]]], units: Units, report: Reconciliation
) -> tuple[dict[tuple[int, int], bool], set[int], set[str]]:
    """The provinces' successions, the new provinces and the former ones compared."""
    loaded_former = {u.path[:2] for u in units.former if u.level == Level.DISTRICT}
    loaded_current = {u.path[:2] for u in units.current}
    pairs, successors, compared = {}, set(), set()
    for new, formers in scope.values():
        here = [f for f in formers if f.code in loaded_former]
        report.not_loaded += [
            Mismatch(f.code, f.name, note="three-level") for f in formers if f not in here
        ]
        if new.code not in loaded_current:
            report.not_loaded.append(Mismatch(new.code, new.name, note="two-level"))
        if new.code not in loaded_current or not here:
            continue
        report.compared.append(new.code)
        compared |= {f.code for f in here}
        successor = units.by_path[f"{new.code}/"]
        successors.add(successor.id)
        _compare_name(report.renamed_current, new, successor)
        for former in here:
            if former.code != new.code:  # otherwise the same unit goes on
                predecessor = units.by_path[f"{former.code}/"]
                _compare_name(report.renamed_former, former, predecessor)
                pairs[(predecessor.id, successor.id)] = True
    return pairs, successors, compared


def _compare_name(into: list[Mismatch], listed: Listed, unit: Unit, note: str = "") -> bool:
    if same_name(listed.name, unit.name):
        return True
    into.append(Mismatch(listed.code, listed.name, listed.place, f"here: {unit.name}{note}"))
    return False


def _names(units: Iterable) -> dict[tuple[str, str], list[str]]:
    index = defaultdict(list)
    for unit in units:
        index[(unit.parent_path, _name_key(unit.name))].append(unit.code)
    return index


def _hint(names: dict, parent_path: str, name: str, where: str) -> str:
    """Where the same name is under another code, for a unit whose code does not join."""
    codes = names.get((parent_path, _name_key(name)), [])
    return f"{where} as {', '.join(codes)}" if codes else ""


def _join_formers(
    data: Dataset, units: Units, provinces: set[str], report: Reconciliation
) -> dict[str, int]:
    """Our unit for each path the dataset gives a former unit; what does not join, reported."""
    listed = [u for u in data.former.values() if u.path[:2] in provinces]
    ours_all = [u for u in units.former if u.path[:2] in provinces]
    ours = defaultdict(list)
    for unit in ours_all:
        ours[_identity(unit.path)].append(unit)
    theirs = {_identity(u.path) for u in listed}
    our_names, their_names = _names(ours_all), _names(listed)
    joined = {}
    for unit in listed:
        matches = ours.get(_identity(unit.path), [])
        if not matches:
            note = _hint(our_names, unit.parent_path, unit.name, "here")
            report.missing_former.append(Mismatch(unit.code, unit.name, unit.place, note))
        elif len(matches) > 1:
            paths = ", ".join(m.path for m in matches)
            report.ambiguous.append(Mismatch(unit.code, unit.name, unit.place, f"here: {paths}"))
        else:
            joined[unit.path] = matches[0].id
            _compare_name(report.renamed_former, unit, matches[0])
            if matches[0].parent_path != unit.parent_path:
                note = f"here under {units.place(matches[0])}"
                report.moved_former.append(Mismatch(unit.code, unit.name, unit.place, note))
    for unit in ours_all:
        if _identity(unit.path) not in theirs:
            note = _hint(their_names, unit.parent_path, unit.name, "in the dataset")
            report.extra_former.append(Mismatch(unit.code, unit.name, units.place(unit), note))
    return joined


def _join_news(
    data: Dataset, units: Units, provinces: set[str], report: Reconciliation
) -> dict[tuple[str, str], int]:
    """Our commune for each new commune key of the provinces compared, if named the same.

    The dataset's codes of new communes differ from vietnam-provinces' for about 120 of them
    (its author takes them from the mapping site; the package is keyed by names): a commune
    whose code does not join is linked by its name when exactly one of ours in the province
    has it and that one's code is not the dataset's for another commune; each is reported."""
    listed = {k: u for k, u in data.new_communes.items() if u.parent_path[:2] in provinces}
    ours = {u.path: u for u in units.current if u.path[:2] in provinces}
    our_names, their_names = _names(ours.values()), _names(listed.values())
    paths = {u.path for u in listed.values()}
    joined, by_name = {}, set()
    for key, unit in listed.items():
        match = ours.get(unit.path)
        if match is None:
            codes = our_names.get((unit.parent_path, _name_key(unit.name)), [])
            named = ours.get(f"{unit.parent_path}{codes[0]}/") if len(codes) == 1 else None
            if named is not None and named.path not in paths and named.path not in by_name:
                joined[key] = named.id
                by_name.add(named.path)
                note = f"here as {named.code}"
                report.joined_by_name.append(Mismatch(unit.code, unit.name, unit.place, note))
                continue
            note = _hint(our_names, unit.parent_path, unit.name, "here")
            report.missing_current.append(Mismatch(unit.code, unit.name, unit.place, note))
            continue
        hint = _hint(our_names, unit.parent_path, unit.name, "; its name is here")
        if _compare_name(report.renamed_current, unit, match, hint):
            joined[key] = match.id
    for unit in ours.values():
        if unit.path not in paths and unit.path not in by_name:
            note = _hint(their_names, unit.parent_path, unit.name, "in the dataset")
            report.extra_current.append(Mismatch(unit.code, unit.name, units.place(unit), note))
    return joined


def _link(
    data: Dataset,
    provinces: set[str],
    formers: dict[str, int],
    news: dict[tuple[str, str], int],
    pairs: dict[tuple[int, int], bool],
    report: Reconciliation,
) -> None:
    """Pairs (predecessor, successor) -> is default, from the conversions of the provinces."""
    unjoined = set()
    for conversion in data.conversions:
        if conversion.new_province not in provinces:
            continue
        new_key = (conversion.new_province, conversion.new_ward)
        if new_key not in data.new_communes:
            unjoined.add(("_".join(new_key), "new commune key"))
        if conversion.former not in data.former_keys:
            unjoined.add((conversion.former, "former unit key"))
        predecessor = formers.get(data.former_keys.get(conversion.former, ""))
        successor = news.get(new_key)
        if predecessor and successor:
            pair = (predecessor, successor)
            pairs[pair] = pairs.get(pair, False) or conversion.is_default
    report.unjoined += [Mismatch(key, "", note=note) for key, note in unjoined]


def _records(
    pairs: dict[tuple[int, int], bool], units: Units, report: Reconciliation
) -> list[SuccessionRecord]:
    """The pairs as records, but none for a former unit the dataset gives two defaults."""
    defaults = defaultdict(list)
    for (predecessor, successor), is_default in pairs.items():
        if is_default:
            defaults[predecessor].append(successor)
    by_id = {u.id: u for u in units.by_path.values()}
    twice = {p for p, successors in defaults.items() if len(successors) > 1}
    for p in twice:
        names = ", ".join(sorted(by_id[s].name for s in defaults[p]))
        unit = by_id[p]
        note = f"default successor twice: {names}"
        report.ambiguous.append(Mismatch(unit.code, unit.name, units.place(unit), note))
    return [SuccessionRecord(p, s, d) for (p, s), d in pairs.items() if p not in twice]


# --- Loading -----------------------------------------------------------------------------------


@dataclass
class SuccessionResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0


@transaction.atomic
def load_successions(
    *, records: Iterable[SuccessionRecord], successors: Iterable[int] | None = None
) -> SuccessionResult:
    """Make the reform's successions of `successors` exactly `records`; again, it changes nothing.

    `successors` defaults to those the records name. A succession dated otherwise than the
    reform (an earlier merger entered by hand) is never deleted.
    """
    wanted = {(r.predecessor_id, r.successor_id): r for r in records}
    covered = {s for _, s in wanted} if successors is None else set(successors)
    # One read of the whole table (a row per former unit and successor, about 10.500 for the
    # country) rather than IN lists of thousands of ids.
    existing = UnitSuccession.objects.values_list(
        "pk", "predecessor_id", "successor_id", "is_default", "effective_on"
    )
    result, stale, changed = SuccessionResult(), [], []
    for pk, predecessor, successor, is_default, effective_on in existing:
        record = wanted.pop((predecessor, successor), None)
        if record is None:
            if successor in covered and effective_on == REFORM_DATE:
                stale.append(pk)
        elif (is_default, effective_on) == (record.is_default, record.effective_on):
            result.unchanged += 1
        else:
            changed.append(
                UnitSuccession(
                    pk=pk, is_default=record.is_default, effective_on=record.effective_on
                )
            )
    for start in range(0, len(stale), 500):
        UnitSuccession.objects.filter(pk__in=stale[start : start + 500]).delete()
    # A default moving to another successor is cleared first: one default per former unit.
    for is_default in (False, True):
        rows = [row for row in changed if row.is_default is is_default]
        bulk_update_with_history(
            rows, UnitSuccession, ["is_default", "effective_on"], batch_size=500
        )
    bulk_create_with_history(
        [
            UnitSuccession(
                predecessor_id=r.predecessor_id,
                successor_id=r.successor_id,
                is_default=r.is_default,
                effective_on=r.effective_on,
            )
            for r in wanted.values()
        ],
        UnitSuccession,
        batch_size=500,
    )
    if stale or changed or wanted:
        bulk_written.send(sender=UnitSuccession)  # bulk writes send no signals
    result.created, result.updated, result.deleted = len(wanted), len(changed), len(stale)
    return result
