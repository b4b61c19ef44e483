"""Centre lists for reviewers and the self-assessment distribution: one selector per page, and
the tables the Excel and PDF print from what it returns, so the three formats agree."""

import datetime
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from centres.lifetime import counted_in
from centres.models import AdministrativeUnit, Centre
from centres.selectors import report_roots, under
from ratings.grading import compute_grade
from ratings.models import Grade, Kind, Rating, RatingRound, Rubric, Score

from .published import published_figures
from .ranking import known_first
from .rounding import DEFAULT_ROUNDING, ShareRounding
from .selectors import (
    AS_THEN,
    GRADES,
    DistributionRow,
    _distribution,
    _names,
    _published_total,
    _sub_unit,
)
from .tables import Table, grade_headers

NO_RATING = "none"  # the status of a centre with no rating in the year
ASC, DESC = "asc", "desc"
# A self-assessment counts once submitted: it stays one when returned for correction or approved.
SELF_ASSESSED = [Rating.Status.SUBMITTED, Rating.Status.RETURNED, Rating.Status.APPROVED]
STATUS_ORDER = [NO_RATING, *Rating.Status.values]

# Vietnamese alphabetical order: a ă â b c d đ e ê …; tones (ngang, huyền, hỏi, ngã, sắc, nặng)
# only break ties. Code-point order would put "Đ" after "Z" and "Ă" after "Y".
_LETTERS = {c: i for i, c in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}
_LETTER_MARKS = "\u0306\u0302\u031b"  # breve, circumflex, horn: part of the letter
_TONES = {m: i for i, m in enumerate("\u0300\u0309\u0303\u0301\u0323", start=1)}


def vietnamese_key(text: str) -> tuple | None:
    """A sort key in Vietnamese alphabetical order; None for no text (listed last)."""
    if not text:
        return None
    letters, tones = [], []
    for char in text.lower():
        parts = unicodedata.normalize("NFD", char)
        base = parts[0] + "".join(m for m in parts[1:] if m in _LETTER_MARKS)
        letter = unicodedata.normalize("NFC", base)
        letters.append((1, _LETTERS[letter]) if letter in _LETTERS else (0, ord(letter[0])))
        tones.append(max((_TONES.get(m, 0) for m in parts[1:]), default=0))
    return tuple(letters), tuple(tones)


def _grades(ratings: list[tuple[int, int]], side: str) -> dict[int, str]:
    """The grade each (rating id, rubric id) gets from its `side` points ("self" or "review"),
    for the ratings with a point for every indicator of their rubric.

    ratings.services.grade_of asks for one rating's points (a query per rating); this reads the
    points of all in one query and the rubrics in three, then applies the same compute_grade:
    the rubric's thresholds and its minimum per criterion stay in one place."""
    if not ratings:
        return {}
    points: dict[int, dict[int, Decimal]] = defaultdict(dict)
    scores = Score.objects.filter(
        rating_id__in=[pk for pk, _rubric in ratings], **{f"{side}_points__isnull": False}
    ).values_list("rating_id", "indicator_id", f"{side}_points")
    for rating_id, indicator_id, value in scores:
        points[rating_id][indicator_id] = value
    rubrics = Rubric.objects.filter(pk__in={r for _pk, r in ratings}).prefetch_related(
        "criteria__indicators"
    )
    indicators = {
        rubric.pk: (rubric, {i.pk for c in rubric.criteria.all() for i in c.indicators.all()})
        for rubric in rubrics
    }
    grades = {}
    for pk, rubric_id in ratings:
        rubric, expected = indicators[rubric_id]
        if expected and expected <= points[pk].keys():
            grades[pk] = compute_grade(rubric, points[pk]).grade
    return grades


@dataclass(frozen=True)
class Column:
    key: str  # the value of ?sort=
    label: str
    kind: str  # as reports.tables.Table.kinds


@dataclass
class CentreRatingRow:
    """One centre's line: its rating of the year, or none ("not self-assessed")."""

    centre: Centre
    rating: Rating | None
    commune: str
    district: str  # the district the commune was under, before the 2025 reform
    status: str  # a Rating.Status value, or NO_RATING
    status_label: str
    self_total: Decimal | None
    review_total: Decimal | None
    grade: str  # the approved grade, else the grade a complete review gives
    approved: bool
    grade_label: str
    days_late: int | None
    submitted_on: datetime.date | None
    url: str = ""  # the centre's page

    def value(self, key: str):
        """The cell of column `key`, as the tables print it."""
        return {
            "commune": self.commune, "district": self.district, "name": self.centre.name,
            "status": self.status_label, "self_score": self.self_total,
            "review_score": self.review_total, "grade": self.grade_label,
            "days_late": self.days_late, "submitted": self.submitted_on,
        }[key]  # fmt: skip


def _grade_rank(row: CentreRatingRow) -> tuple[int, bool] | None:
    # Ascending is weak first, as scores go low first; an approved grade above a pending one.
    return (-GRADES.index(row.grade), row.approved) if row.grade else None


# The columns a list may be sorted by, and how; None sorts last in either direction.
SORTS: dict[str, Callable[[CentreRatingRow], object]] = {
    "commune": lambda r: vietnamese_key(r.commune),
    "district": lambda r: vietnamese_key(r.district),
    "name": lambda r: vietnamese_key(r.centre.name),
    "status": lambda r: STATUS_ORDER.index(r.status),
    "self_score": lambda r: r.self_total,
    "review_score": lambda r: r.review_total,
    "grade": _grade_rank,
    "days_late": lambda r: r.days_late,
    "submitted": lambda r: r.submitted_on,
}


def sorting(params: Mapping[str, str]) -> tuple[str, str]:
    """?sort= when it names a column (else "", the communes' order) and ?dir= (asc unless desc)."""
    sort = params.get("sort", "")
    return (sort if sort in SORTS else ""), (DESC if params.get("dir") == DESC else ASC)


def _sorted(rows: list[CentreRatingRow], sort: str, direction: str) -> list[CentreRatingRow]:
    if sort not in SORTS:
        return rows
    return known_first(rows, SORTS[sort], direction == DESC)


@dataclass
class RatingList:
    unit: AdministrativeUnit
    year: int
    rows: list[CentreRatingRow]
    rounds: list[RatingRound]
    read_at: datetime.datetime
    sort: str = ""
    direction: str = ASC

    @property
    def has_district(self) -> bool:
        return any(r.district for r in self.rows)

    @property
    def columns(self) -> list[Column]:
        columns = [
            Column("commune", _("Commune"), "text"),
            Column("district", _("District"), "text"),
            Column("name", _("Centre"), "text"),
            Column("status", _("Status"), "text"),
            Column("self_score", _("Self-score"), "dec"),
            Column("review_score", _("Review score"), "dec"),
            Column("grade", _("Grade"), "text"),
            Column("days_late", _("Days late"), "int"),
            Column("submitted", _("Submitted on"), "date"),
        ]
        return [c for c in columns if c.key != "district" or self.has_district]

    @property
    def notes(self) -> list[str]:
        """The rounds the ratings belong to, with their deadlines (days late count from them)."""
        return [
            f"{_('Rating round')} {r.unit.name} · {_('Deadline')}: {r.deadline:%d/%m/%Y}"
            for r in self.rounds
        ]


def _row(centre: Centre, rating: Rating | None, pending: dict[int, str]) -> CentreRatingRow:
    parent = centre.commune.parent
    district = parent.name if parent and parent.level == AdministrativeUnit.Level.DISTRICT else ""
    if rating is None:
        return CentreRatingRow(
            centre, None, centre.commune.name, district, NO_RATING,
            _("not self-assessed").capitalize(), None, None, "", False, "", None, None,
        )  # fmt: skip
    approved = rating.status == Rating.Status.APPROVED
    grade = rating.grade if approved else pending.get(rating.pk, "")
    label = str(Grade(grade).label).capitalize() if grade else ""
    if grade and not approved:
        label = _("%(grade)s (not approved yet)") % {"grade": label}
    submitted = rating.submitted_at
    return CentreRatingRow(
        centre, rating, centre.commune.name, district, rating.status,
        str(rating.get_status_display()).capitalize(), rating.self_total, rating.review_total,
        grade, approved, label, rating.days_late if rating.round_id else None,
        timezone.localtime(submitted).date() if submitted else None,
    )  # fmt: skip


def rating_list(
    user, unit: AdministrativeUnit, year: int, sort: str = "", direction: str = ASC
) -> RatingList:
    """Every centre a unit's report covers in a year with its rating (status, scores, grade,
    days late, submission), the centres with none too; sorted by a whitelisted column.

    The centres are those of the rating summary: under the unit and the units it was formed
    from, open on 31 December, or graded that year. Two queries (centres, their ratings), and
    for the ratings under review four more (their reviewed points and rubrics)."""
    ratings = (
        Rating.objects.for_user(user)
        .filter(year=year, kind=Kind.CENTRE)
        .select_related("round__unit")
    )
    approved = Rating.objects.filter(year=year, status=Rating.Status.APPROVED, kind=Kind.CENTRE)
    centres = (
        Centre.objects.for_user(user)
        .filter(under(report_roots(unit), "commune__path"))
        .filter(
            counted_in(year)
            | Q(Exists(approved.filter(centre=OuterRef("pk"))))  # as the summary counts them
        )
        .select_related("commune__parent")
        .prefetch_related(Prefetch("ratings", queryset=ratings, to_attr="year_ratings"))
        .order_by("commune__path", "name", "pk")
    )
    pairs = [(c, c.year_ratings[0] if c.year_ratings else None) for c in centres]
    under_review = [
        (r.pk, r.rubric_id)
        for _c, r in pairs
        if r is not None and r.status == Rating.Status.SUBMITTED and r.rubric_id
    ]
    pending = _grades(under_review, "review")
    rows = [_row(c, r, pending) for c, r in pairs]
    # The centres' pages from one reverse (a few hundred rows).
    marker = 987654321
    pattern = reverse("centres:detail", args=[marker])
    for row in rows:
        row.url = pattern.replace(str(marker), str(row.centre.pk))
    rounds = {r.round_id: r.round for _c, r in pairs if r is not None and r.round_id}
    return RatingList(
        unit, year, _sorted(rows, sort, direction),
        sorted(rounds.values(), key=lambda r: r.unit.path), timezone.now(), sort, direction,
    )  # fmt: skip


def rating_list_table(listing: RatingList) -> Table:
    """The list as one table (no total row), in the order shown."""
    columns = listing.columns
    return Table(
        _("Rating of the centres in %(year)s") % {"year": listing.year},
        [c.label for c in columns],
        [[row.value(c.key) for c in columns] for row in listing.rows],
        [c.kind for c in columns],
        total_rows=0,  # the rounds' deadlines head the document (the view's notes)
    )


@dataclass
class SelfAssessmentSummary:
    unit: AdministrativeUnit
    year: int
    rows: list[DistributionRow]  # counts per grade band, then the centres not self-assessed
    total: DistributionRow
    approved: DistributionRow  # the approved grades' total (reports.selectors.rating_summary)
    read_at: datetime.datetime
    grouping: str = AS_THEN
    rounding: ShareRounding = DEFAULT_ROUNDING
    notes: list[str] = field(default_factory=list)


def self_assessment(
    user,
    unit: AdministrativeUnit,
    year: int,
    grouping: str = AS_THEN,
    rounding: ShareRounding = DEFAULT_ROUNDING,
) -> SelfAssessmentSummary:
    """Per sub-unit, how many centres' self-assessment falls in each grade band (the grade the
    centre's own points give under its rating's rubric) and how many have not self-assessed,
    beside the approved grades' total.

    The centres and sub-units are the rating summary's (its two grouped queries); the
    self-assessments add one query, and their points and rubrics four."""
    approved_rows, approved, _under_way = _distribution(user, unit, year, grouping, rounding)
    known = published_figures(unit, [year]).get(year)
    if known is not None and known.has_distribution and not approved.graded:
        approved = _published_total(unit, known, rounding)  # as the rating summary shows it
    assessed = list(
        Rating.objects.for_user(user)
        .filter(under(report_roots(unit), "centre__commune__path"))
        .filter(year=year, status__in=SELF_ASSESSED, rubric__isnull=False, kind=Kind.CENTRE)
        .annotate(key=_sub_unit(unit, "centre__commune", grouping))
        .values_list("pk", "rubric_id", "key")
    )
    bands = _grades([(pk, rubric) for pk, rubric, _key in assessed], "self")
    counts: dict[int, Counter] = defaultdict(Counter)
    for pk, _rubric, key in assessed:
        if pk in bands:
            counts[key][bands[pk]] += 1
    units = {row.unit.pk: (row.unit, row.centres) for row in approved_rows}
    units |= {pk: (u, 0) for pk, u in _names(set(counts) - set(units)).items()}
    rows = []
    for key, (sub_unit, centres) in sorted(units.items(), key=lambda item: item[1][0].path):
        by_band = [counts[key][g] for g in GRADES]
        centres = max(centres, sum(by_band))
        rows.append(
            DistributionRow(
                sub_unit, sub_unit.name, centres, [*by_band, centres - sum(by_band)], rounding
            )
        )
    total = DistributionRow(
        unit, unit.name, sum(r.centres for r in rows),
        [sum(r.counts[i] for r in rows) for i in range(len(GRADES) + 1)], rounding,
    )  # fmt: skip
    note = _(
        "A centre's self-assessment falls in the grade its own points give under the rubric of "
        "its rating (the total thresholds and the minimum per criterion); it counts once "
        "submitted."
    )
    return SelfAssessmentSummary(
        unit, year, rows, total, approved, timezone.now(), grouping, rounding, [note]
    )


def self_assessment_tables(summary: SelfAssessmentSummary) -> list[Table]:
    """The distribution per sub-unit, and its total beside the approved grades' total."""
    names = [*grade_headers()[: len(GRADES)], _("not self-assessed").capitalize()]
    headers, kinds = [_("Unit"), _("Centres")], ["text", "int"]
    groups, subheaders = [(_("Unit"), 1), (_("Centres"), 1)], ["", ""]
    for name in names:
        headers += [f"{name}: {_('centres')}", f"{name}: %"]
        kinds += ["int", "pct"]
        groups.append((name, 2))
        subheaders += [_("centres"), "%"]

    def row(r: DistributionRow) -> list:
        values = [r.name, r.centres]
        for _band, count, share in r.cells:
            values += [count, share]
        return values

    rounding_note = summary.rounding.note
    by_unit = Table(
        _("Self-assessment of the centres in %(year)s") % {"year": summary.year},
        headers,
        [*(row(r) for r in summary.rows), [_("Total"), *row(summary.total)[1:]]],
        kinds,
        groups=groups,
        subheaders=subheaders,
        notes=[*summary.notes, rounding_note],
    )
    own, graded = summary.total, summary.approved
    labels = [*grade_headers()[: len(GRADES)], _("Not self-assessed / not graded")]
    compared = Table(
        _("Self-assessment and approved grades"),
        [
            _("Grade"),
            f"{_('Self-assessment')}: {_('centres')}",
            f"{_('Self-assessment')}: %",
            f"{_('Approved')}: {_('centres')}",
            f"{_('Approved')}: %",
        ],
        [
            *(
                [label, *values]
                for label, *values in zip(
                    labels, own.counts, own.shares, graded.counts, graded.shares, strict=True
                )
            ),
            [_("Total"), own.centres, sum(own.shares), graded.centres, sum(graded.shares)],
        ],
        ["text", "int", "pct", "int", "pct"],
        groups=[(_("Grade"), 1), (_("Self-assessment"), 2), (_("Approved"), 2)],
        subheaders=["", _("centres"), "%", _("centres"), "%"],
        notes=[rounding_note],
    )
    return [by_unit, compared]
