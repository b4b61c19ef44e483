"""The tables of each report, as plain rows: what the Excel and PDF renderers print."""

from dataclasses import dataclass, field

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from centres.models import AdministrativeUnit, Staff
from ratings.models import Grade, result_label

from .selectors import GRADES, LEVELS, ActivitySummary, RatingSummary


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list]
    kinds: list[str]  # per column: text, int, pct (a share in %, e.g. 55.2), dec, change
    total_rows: int = 1
    # A two-row header: the top row's cells and how many columns each spans; a cell spanning one
    # column covers both rows. The second row names the columns of spans above one.
    groups: list[tuple[str, int]] | None = None
    subheaders: list[str] | None = None
    notes: list[str] = field(default_factory=list)  # lines printed under the table

    @property
    def wide(self) -> bool:
        """More than eight columns: printed on landscape pages of its own."""
        return len(self.headers) > 8

    @property
    def header_rows(self) -> list[list[tuple[str, int, int]]]:
        """The header as rows of (text, columns spanned, rows spanned)."""
        if not self.groups:
            return [[(h, 1, 1) for h in self.headers]]
        top, bottom, column = [], [], 0
        for label, span in self.groups:
            if span == 1:
                top.append((label, 1, 2))
            else:
                top.append((label, span, 1))
                bottom += [(self.subheaders[i], 1, 1) for i in range(column, column + span)]
            column += span
        return [top, bottom]


def grade_headers() -> list[str]:
    return [*(str(Grade(g).label).capitalize() for g in GRADES), _("Not graded")]


def rating_tables(summary: RatingSummary) -> list[Table]:
    headers = [_("Unit"), _("Centres")]
    kinds = ["text", "int"]
    groups = [(_("Unit"), 1), (_("Centres"), 1)]
    subheaders = ["", ""]
    for name in grade_headers():
        headers += [f"{name}: {_('centres')}", f"{name}: %"]
        kinds += ["int", "pct"]
        groups.append((name, 2))
        subheaders += [_("centres"), "%"]

    compared = summary.compare_total is not None
    if compared:
        label = _("Good: change against %(year)s (points)") % {"year": summary.compare_year}
        headers.append(label)
        kinds.append("change")
        groups.append((label, 1))
        subheaders.append("")

    def row(r):
        values = [r.name, r.centres]
        for _grade, count, share in r.cells:
            values += [count, share]
        return values + ([r.change] if compared else [])

    tables = [
        Table(
            _("Rating of the centres in %(year)s") % {"year": summary.year},
            headers,
            [
                *(row(r) for r in summary.rows),
                [_("Total"), *row(summary.total)[1:-1], summary.changes[0]]
                if compared
                else [_("Total"), *row(summary.total)[1:]],
            ],
            kinds,
            groups=groups,
            subheaders=subheaders,
            notes=[summary.rounding.note],
        )
    ]
    if summary.compare_total is not None:
        names = grade_headers()[:4]
        before, after = summary.compared_shares
        title = _("Compared with %(year)s") % {"year": summary.compare_year}
        if summary.compares_graded:
            title += " — " + _("shares of the graded centres (%(a)s/%(b)s and %(c)s/%(d)s)") % {
                "a": summary.compare_total.graded, "b": summary.compare_total.centres,
                "c": summary.total.graded, "d": summary.total.centres,
            }  # fmt: skip
        tables.append(
            Table(
                title,
                [_("Grade"), str(summary.compare_year), str(summary.year), _("Change (points)")],
                [
                    [name, b, a, change]
                    for name, b, a, change in zip(
                        names, before, after, summary.changes, strict=False
                    )
                ],
                ["text", "pct", "pct", "change"],
                total_rows=0,
                notes=[summary.rounding.note],
            )
        )
    return tables


def _activity_columns() -> tuple[list[str], list[str]]:
    return (
        [
            _("Classes"),
            _("Talks"),
            _("Sessions"),
            _("Participant-visits"),
            _("Women %"),
            _("Ethnic minority %"),
        ],
        ["int", "int", "int", "int", "pct", "pct"],
    )


def _activity_values(row) -> list:
    return [row.classes, row.talks, row.sessions, row.visits, row.women_share, row.minority_share]


def activity_tables(summary: ActivitySummary) -> list[Table]:
    headers, kinds = _activity_columns()
    average = summary.average
    by_year = Table(
        _("By year"),
        [_("Year"), *headers],
        [
            *([r.name, *_activity_values(r)] for r in summary.by_year),
            [_("Total"), *_activity_values(summary.total)],
            [
                _("Yearly average"),
                average["classes"],
                average["talks"],
                average["sessions"],
                average["visits"],
                None,
                None,
            ],
        ],
        ["text", *kinds[:4], "pct", "pct"],
        total_rows=2,
    )
    return [
        by_year,
        Table(
            _("By content area"),
            [_("Content area"), *headers],
            [[r.name, *_activity_values(r)] for r in summary.by_area],
            ["text", *kinds],
            0,
        ),
        Table(
            _("By unit"),
            [_("Unit"), *headers],
            [[r.name, *_activity_values(r)] for r in summary.by_unit],
            ["text", *kinds],
            0,
        ),
    ]


def extras_tables(extras: dict) -> list[Table]:
    return [
        Table(
            _("Board completeness"),
            [_("Active centres"), _("Without a current director")],
            [[extras["centres"], extras["without_director"]]],
            ["int", "int"],
            0,
        ),
    ]


def centre_tables(report) -> list[Table]:
    from django.utils.formats import date_format

    centre = report.centre
    yes_no = {True: _("yes"), False: _("no")}
    profile = [
        [_("Commune"), f"{centre.commune.name}, {centre.commune.parent.name if centre.commune.parent else ''}"],
        [_("Establishment decision"), f"{centre.decision_number} {date_format(centre.decision_date, 'SHORT_DATE_FORMAT') if centre.decision_date else ''}".strip()],
        [_("Premises"), str(centre.get_premises_display()).capitalize()],
        [_("Rooms"), centre.rooms], [_("Seats"), centre.seats], [_("Computers"), centre.computers],
        [_("Library books"), centre.library_books], [_("Internet connection"), yes_no[centre.has_internet]],
        [_("Adult population"), centre.adult_population],
    ]  # fmt: skip
    totals = report.activity_total
    tables = [
        Table(_("Profile and facilities"), [_("Item"), _("Value")], profile, ["text", "int"], 0),
        Table(
            _("Management board"),
            [_("Full name"), _("Position"), _("Main post")],
            [
                [m.full_name, str(m.get_position_display()).capitalize(), m.main_post]
                for m in report.board
            ],
            ["text", "text", "text"],
            0,
        ),
        Table(
            _("Staff by kind"),
            [_("Kind"), _("Active staff")],
            [[str(label).capitalize(), n] for label, n in report.staff],
            ["text", "int"],
            0,
        ),
        Table(
            _("Activities"),
            [
                _("Start"),
                _("Kind"),
                _("Title"),
                _("Content area"),
                _("Sessions"),
                _("Participant-visits"),
            ],
            [
                [
                    a.start_date,
                    a.get_kind_display(),
                    a.title,
                    a.content_area.name,
                    a.session_count,
                    a.visits,
                ]
                for a in report.activities
            ]
            + [[_("Total"), "", "", "", totals["sessions"], totals["visits"]]],
            ["date", "text", "text", "text", "int", "int"],
        ),
        Table(
            _("Plan versus done"),
            [
                _("Content area"),
                _("Planned classes"),
                _("Classes held"),
                _("Planned talks"),
                _("Talks held"),
                _("Participant-visits"),
            ],
            [
                [
                    r["area"].name,
                    r["planned_classes"],
                    r["classes"],
                    r["planned_talks"],
                    r["talks"],
                    r["visits"],
                ]
                for r in report.plan["rows"]
            ],
            ["text", "int", "int", "int", "int", "int"],
            0,
        ),
    ]
    funding = report.plan["funding"]
    if funding is not None:
        tables.append(
            Table(
                _("Funding by source (VND)"),
                [_("Source"), _("Amount")],
                [
                    [_("State budget"), funding.state_budget],
                    [_("Commune budget"), funding.commune_budget],
                    [_("Community contributions"), funding.social_contributions],
                    [_("Other sources"), funding.other_sources],
                    [_("Total"), funding.total],
                    [_("Spending"), funding.spending],
                ],
                ["text", "int"],
                2,
            )
        )
    if report.grade_result is not None:
        result = report.grade_result
        tables.append(
            Table(
                _("Rating: %(grade)s") % {"grade": str(result.grade_label).capitalize()},
                [_("Criterion"), _("Points"), _("Maximum")],
                [[c.name, c.points, c.maximum] for c in result.criteria]
                + [[_("Total"), result.total, result.maximum]],
                ["text", "dec", "dec"],
            )
        )
    elif report.rating is not None and report.rating.grade:
        tables.append(
            Table(
                _("Rating"),
                [_("Grade")],
                [[str(report.rating.get_grade_display()).capitalize()]],
                ["text"],
                0,
            )
        )
    return tables


def indicator_tables(result, decimals: int = 1) -> list[Table]:
    """The seeds' other indicators, per sub-unit with a total row (reports/indicators.py)."""
    from .indicators import FACILITIES, MODELS, SOURCES, STAFF_KINDS

    rows = [*result.by_unit, result.total]
    total_name = _("Total")

    def name(row):
        return total_name if row is result.total else row.name

    period = (
        str(result.last_year)
        if result.first_year == result.last_year
        else f"{result.first_year}–{result.last_year}"
    )
    model_labels = [_("Learning families"), _("Learning clans"), _("Learning communities"),
                    _("Learning units"), _("Learning citizens")]  # fmt: skip
    facility_labels = [_("Own premises"), _("Own seal"), _("Bank account"),
                       _("Internet connection"), _("Audio equipment")]  # fmt: skip
    facility_headers, facility_sub = [_("Unit"), _("Centres")], ["", ""]
    facility_groups = [(_("Unit"), 1), (_("Centres"), 1)]
    for label in facility_labels:
        facility_headers += [f"{label}: {_('centres')}", f"{label}: %"]
        facility_sub += [_("centres"), "%"]
        facility_groups.append((label, 2))
    facility_headers += [_("Computers"), _("Library books")]
    facility_sub += ["", ""]
    facility_groups += [(_("Computers"), 1), (_("Library books"), 1)]
    staff_labels = [str(label).capitalize() for label in Staff.Kind.labels]
    money = [_("State budget"), _("Commune budget"), _("Community contributions"),
             _("Other sources"), _("Total funds"), _("Spending")]  # fmt: skip
    fund_keys = [*SOURCES, "funding", "spending"]
    return [
        Table(
            _("Learning models recognised in %(year)s") % {"year": result.last_year},
            [_("Unit"), *model_labels],
            [[name(r), *(r.get(m) for m in MODELS)] for r in rows],
            ["text", *["int"] * len(MODELS)],
        ),
        Table(
            _("Facilities and library in %(year)s") % {"year": result.last_year},
            facility_headers,
            [
                [
                    name(r),
                    r.get("centres"),
                    *(v for f in FACILITIES for v in (r.get(f), r.share(f, decimals))),
                    r.get("computers"),
                    r.get("books"),
                ]
                for r in rows
            ],
            ["text", "int", *["int", "pct"] * len(FACILITIES), "int", "int"],
            groups=facility_groups,
            subheaders=facility_sub,
            notes=[_("Shares of the centres open in the year, each rounded on its own.")],
        ),
        Table(
            _("Staff by kind"),
            [_("Unit"), *staff_labels, _("Total")],
            [
                [
                    name(r),
                    *(r.get(f"staff_{k}") for k in STAFF_KINDS),
                    sum(r.get(f"staff_{k}") for k in STAFF_KINDS),
                ]
                for r in rows
            ],
            ["text", *["int"] * (len(STAFF_KINDS) + 1)],
            notes=[_("Staff active today at the centres open in the year.")],
        ),
        Table(
            _("Plan versus done, %(period)s") % {"period": period},
            [
                _("Unit"),
                _("Planned classes"),
                _("Classes held"),
                _("Classes: share of plan (%)"),
                _("Planned talks"),
                _("Talks held"),
                _("Talks: share of plan (%)"),
            ],
            [
                [
                    name(r),
                    r.get("planned_classes"),
                    r.get("classes"),
                    r.done("planned_classes", "classes", decimals),
                    r.get("planned_talks"),
                    r.get("talks"),
                    r.done("planned_talks", "talks", decimals),
                ]
                for r in rows
            ],
            ["text", "int", "int", "pct", "int", "int", "pct"],
        ),
        Table(
            _("Funding by source and year (VND)"),
            [_("Year"), *money],
            [[r.name, *(r.get(k) for k in fund_keys)] for r in result.funding_by_year]
            + [[total_name, *(result.total.get(k) for k in fund_keys)]],
            ["text", *["int"] * len(money)],
        ),
        Table(
            _("Funding by unit, %(period)s (VND)") % {"period": period},
            [_("Unit"), *money],
            [[name(r), *(r.get(k) for k in fund_keys)] for r in rows],
            ["text", *["int"] * len(money)],
        ),
    ]


def level_headers() -> list[str]:
    return [*(capfirst(result_label(level)) for level in LEVELS), _("Not assessed")]


def community_tables(summary: RatingSummary) -> list[Table]:
    """The communes recognised "Cộng đồng học tập" per level and sub-unit (TT 25/2023)."""
    headers, kinds = [_("Unit"), _("Communes")], ["text", "int"]
    groups, subheaders = [(_("Unit"), 1), (_("Communes"), 1)], ["", ""]
    for name in level_headers():
        headers += [f"{name}: {_('communes')}", f"{name}: %"]
        kinds += ["int", "pct"]
        groups.append((name, 2))
        subheaders += [_("communes"), "%"]

    def row(r):
        values = [r.name, r.centres]
        for _level, count, share in r.cells:
            values += [count, share]
        return values

    # Under a province of communes (since 2025) a row per commune would be one count in one
    # column: the communes are listed with their level instead, under the total.
    # (A present commune grouping several former ones, "as now", keeps its row of counts.)
    by_commune = bool(summary.rows) and all(
        r.unit.level == AdministrativeUnit.Level.COMMUNE and r.centres <= 1 for r in summary.rows
    )
    tables = [
        Table(
            _("Communes recognised as learning communities in %(year)s") % {"year": summary.year},
            headers,
            [
                *(row(r) for r in ([] if by_commune else summary.rows)),
                [_("Total"), *row(summary.total)[1:]],
            ],
            kinds,
            groups=groups,
            subheaders=subheaders,
            notes=[summary.rounding.note],
        )
    ]
    if by_commune:
        labels = level_headers()
        tables.append(
            Table(
                _("Communes and their level in %(year)s") % {"year": summary.year},
                [_("No."), _("Commune"), _("Recognition level")],
                [
                    [n, r.name, next(label for label, c in zip(labels, r.counts, strict=True) if c)]
                    for n, r in enumerate([r for r in summary.rows if r.centres], start=1)
                ],
                ["int", "text", "text"],
                total_rows=0,
            )
        )
    if summary.compare_total is not None:
        before, after = summary.compared_shares
        title = _("Compared with %(year)s") % {"year": summary.compare_year}
        if summary.compares_graded:  # a round under way: shares of the assessed communes
            title += " — " + _("shares of the assessed communes (%(a)s/%(b)s and %(c)s/%(d)s)") % {
                "a": summary.compare_total.graded, "b": summary.compare_total.centres,
                "c": summary.total.graded, "d": summary.total.centres,
            }  # fmt: skip
        tables.append(
            Table(
                title,
                [
                    _("Recognition level"),
                    str(summary.compare_year),
                    str(summary.year),
                    _("Change (points)"),
                ],
                [
                    [name, b, a, change]
                    for name, b, a, change in zip(
                        level_headers(), before, after, summary.changes, strict=False
                    )
                ],
                ["text", "pct", "pct", "change"],
                total_rows=0,
                notes=[summary.rounding.note],
            )
        )
    return tables
