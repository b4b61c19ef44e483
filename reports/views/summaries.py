import dataclasses

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from centres.lifetime import counted_in
from centres.models import AdministrativeUnit, Centre
from centres.models.assignments import user_assignments
from centres.scope import scope_of
from centres.selectors import filter_units, report_roots, under
from core.responses import pdf_response, xlsx_response
from core.text import whole_number
from core.years import last_year
from ratings.models import Kind, Rating, result_label

from .. import charts, headers, indicators, ranking, selectors, sentences, tables
from ..cache import ACTIVITIES, INDICATORS, RATINGS, cached_under, cached_years, report_key
from ..forms import DocumentForm, ReportFilterForm
from ..models import UnitSettings
from ..pdf import render_pdf, vietnamese_date_line
from ..rounding import ShareRounding
from ..xlsx import tables_workbook


def _default_unit(user) -> AdministrativeUnit | None:
    for assignment in user_assignments(user):
        if assignment.unit.level != AdministrativeUnit.Level.COMMUNE:
            return assignment.unit
    return None


def _reader(user, unit: AdministrativeUnit) -> str:
    """Who the cached summary is for: everyone who may read the unit, when they read all it
    covers (the unit and the units it was formed from), as a unit's own users do; else only
    this user (e.g. a former district's reviewer reading one commune it became in part)."""
    scope = scope_of(user)
    if all(scope.covers(root, write=False) for root in report_roots(unit)):
        return "all"
    return f"user{user.pk}"


def _year(request, *, earliest: int) -> int:
    """?year= when it is a year from `earliest` to next year, else this year."""
    year = whole_number(request.GET.get("year"))
    if year is not None and earliest <= year <= last_year():
        return year
    return timezone.localdate().year


def _filters(request):
    units = filter_units(request.user)
    asked = request.GET.get("unit", "")
    if (
        asked
        and not AdministrativeUnit.objects.for_user(request.user)
        .filter(pk=whole_number(asked) or 0)
        .exists()
    ):
        raise Http404  # a unit outside the user's scope does not exist for them
    data = request.GET.copy()
    default = _default_unit(request.user) or units.first()
    if default is None:
        raise PermissionDenied
    data.setdefault("unit", str(default.pk))
    data.setdefault("year", str(timezone.localdate().year))
    form = ReportFilterForm(data, units=units)
    if not form.is_valid():
        # Only what is wrong goes back to its default (the unit asked stays the unit shown),
        # and the page says so.
        wrong = [str(form.fields[name].label) for name in form.errors if name in form.fields]
        kept = {k: v for k, v in data.items() if k not in form.errors}
        form = ReportFilterForm(
            {"unit": default.pk, "year": timezone.localdate().year} | kept, units=units
        )
        if not form.is_valid():
            form = ReportFilterForm(
                {"unit": default.pk, "year": timezone.localdate().year}, units=units
            )
            form.is_valid()
        messages.warning(
            request,
            _("Not a valid choice, shown as the default: %(fields)s.")
            % {"fields": ", ".join(wrong)},
        )
    return form, form.cleaned_data


# The filters a sort link keeps (the links sit in a cached fragment shared by every reader:
# nothing else of one reader's query may reach another's page).
FILTER_KEYS = ("unit", "year", "compare", "first_year", "grouping")


def _sorting(request, columns) -> tuple[str, bool, dict[str, str]]:
    """?sort= (one of `columns`, else the units' own order) and ?dir=, and for each column the
    query string of its header link (which reverses the order when it is the column shown)."""
    sort = request.GET.get("sort", "name")
    sort = sort if sort in columns else "name"
    asked = request.GET.get("dir", "")
    descending = asked == "desc" if sort == "name" else asked != "asc"
    links = {}
    kept = {k: request.GET[k] for k in FILTER_KEYS if request.GET.get(k)}  # nothing else
    for column in columns:
        query = QueryDict(mutable=True)
        query.update(kept)
        query["sort"] = column
        if column == sort:
            query["dir"] = "asc" if descending else "desc"
        else:
            query["dir"] = "asc" if column == "name" else "desc"
        links[column] = query.urlencode()
    return sort, descending, links


def _saved_settings(unit: AdministrativeUnit) -> UnitSettings:
    """The settings the unit's reports use: its own, else its level's defaults (headers.py)."""
    return headers.effective(unit)


def _rounding(saved: UnitSettings) -> ShareRounding:
    return ShareRounding(saved.share_decimals, saved.rounding)


def _document(
    request, unit: AdministrativeUnit, title: str, subtitle: str, read_at, saved=None
) -> dict:
    saved = saved or _saved_settings(unit)
    form = DocumentForm(request.GET, instance=saved) if "issuing_body" in request.GET else None
    doc = dict(form.cleaned_data) if form is not None and form.is_valid() else {
        "style": saved.style, "parent_body": saved.parent_body,
        "issuing_body": saved.issuing_body, "number_suffix": saved.number_suffix,
        "place": saved.place, "signer_title": saved.signer_title,
        "signer_name": saved.signer_name, "recipients": saved.recipients, "number": "",
    }  # fmt: skip
    fallback = headers.defaults(unit, doc["style"])  # a field emptied for one print
    for name in headers.HEADER_FIELDS:
        doc[name] = doc[name] or getattr(fallback, name)
    return doc | {
        "unit": unit,  # the issuer, whose settings page the HTML page links to
        "title": title,
        "subtitle": subtitle,
        "date_line": vietnamese_date_line(doc["place"], timezone.localdate()),
        "read_at": read_at,
    }


def _respond(request, kind: str, html_context: dict, doc: dict, table_list, svg_charts, filename):
    if kind == "xlsx":
        lines = [
            doc["title"],
            doc["subtitle"],
            _("Data as of %(time)s")
            % {"time": timezone.localtime(doc["read_at"]).strftime("%H:%M %d/%m/%Y")},
            *doc.get("sentences", []),
            *doc.get("notes", []),
        ]
        return xlsx_response(tables_workbook(lines, table_list), f"{filename}.xlsx")
    if kind == "pdf":
        doc = doc | {
            "tables": table_list,
            "has_wide": any(t.wide for t in table_list),
            "charts": [charts.data_uri(c) for c in svg_charts],
        }
        return pdf_response(render_pdf({"doc": doc}), f"{filename}.pdf")
    html_context["settings_url"] = headers.settings_url(request.user, doc["unit"])
    return render(request, html_context.pop("template"), html_context)


def distribution(request, name: str, kind: str = Kind.CENTRE):
    """The filters, the cached distribution of a year (grades, or a learning community's
    levels), its cache key and the unit's settings: what the two distribution reports share."""
    form, criteria = _filters(request)
    unit, year, compare = criteria["unit"], criteria["year"], criteria.get("compare")
    grouping = criteria["grouping"]
    if unit.level == AdministrativeUnit.Level.COMMUNE:
        raise PermissionDenied
    saved = _saved_settings(unit)
    rounding = _rounding(saved)
    key = report_key(
        name,
        [RATINGS],
        [unit.pk, year, compare, grouping, rounding.key, _reader(request.user, unit)],
        roots=report_roots(unit),
        years=[year, *([compare] if compare else [])],
    )
    summary = cached_under(
        key,
        lambda: selectors.rating_summary(
            request.user, unit, year, compare, grouping, rounding, kind=kind
        ),
    )
    return form, summary, key, saved


@require_safe
def rating_summary(request):
    form, summary, key, saved = distribution(request, "rating-summary")
    unit, year = summary.unit, summary.year
    sort, descending, sort_links = _sorting(request, ranking.RATING_SORTS)
    summary = dataclasses.replace(summary, rows=ranking.sort_rows(summary.rows, sort, descending))
    title = _("Report on the rating of community learning centres")
    subtitle = _("%(unit)s, year %(year)s") % {"unit": unit.name, "year": year}
    headline = sentences.rating_headline(summary)
    leaders = sentences.rating_ranking(summary)
    doc = _document(request, unit, title, subtitle, summary.read_at, saved) | {
        "notes": summary.notes,
        "sentences": [headline, *([leaders] if leaders else [])],
    }
    kind = request.GET.get("format", "html")
    chart = charts.rating_chart(summary) if kind != "xlsx" else None
    context = {
        "template": "reports/rating_summary.html", "form": form, "summary": summary, "table_key": key,
        "centres_url": reverse("reports:rating_centres"),  # each count links to its centres
        "headline": headline, "leaders": leaders, "sort_links": sort_links,
        "sorted_by": f"{sort}-{'desc' if descending else 'asc'}",
        "chart": charts.data_uri(chart) if chart else None,
        "doc_form": DocumentForm(initial={k: v for k, v in doc.items() if k in DocumentForm.base_fields}),
        "query": request.GET.urlencode(),
    }  # fmt: skip
    return _respond(
        request,
        kind,
        context,
        doc,
        tables.rating_tables(summary),
        [chart] if chart else [],
        f"xep-loai-{year}",
    )


def _by_year(groups: list[tuple], years) -> dict[int, list[tuple]]:
    found = {year: [] for year in years}
    for group in groups:
        found[group[0]].append(group)
    return found


@require_safe
def activity_summary(request):
    form, criteria = _filters(request)
    unit, last = criteria["unit"], criteria["year"]
    first = criteria.get("first_year") or last
    first, last = min(first, last), max(first, last)
    grouping = criteria["grouping"]
    saved = _saved_settings(unit)
    decimals = _rounding(saved).decimals
    reader, roots = _reader(request.user, unit), report_roots(unit)
    parts, years = [unit.pk, first, last, grouping, decimals, reader], range(first, last + 1)
    key = report_key("activity-summary", [ACTIVITIES, INDICATORS], parts, roots=roots, years=years)
    # The indicators and board completeness read no activity: an attendance save keeps them.
    beside_key = report_key("activity-indicators", [INDICATORS], parts, roots=roots, years=years)

    def groups(user, unit, roots, years, grouping):
        """Each year's groups kept apart: a write to one year leaves the others cached."""
        per_year = cached_years(
            "activity-groups", ACTIVITIES, roots, years, [unit.pk, grouping, reader],
            lambda wanted: _by_year(selectors.rollup_groups(user, unit, roots, wanted, grouping), wanted),
        )  # fmt: skip
        return [group for year in years for group in per_year[year]]

    def units(user, unit, roots, first, last, grouping):
        """The sub-units with a centre open then: centres' writes change them, sessions do not."""
        return cached_under(
            report_key("activity-units", [INDICATORS], parts, roots=roots, years=years),
            lambda: selectors.units_with_centres(user, unit, roots, first, last, grouping),
        )

    def compute():
        summary = selectors.activity_summary(
            request.user, unit, first, last, grouping, groups=groups, units=units
        )
        found, extras = cached_under(
            beside_key,
            lambda: (
                indicators.indicators(request.user, unit, first, last, grouping),
                selectors.unit_extras(request.user, unit, last),
            ),
        )
        indicators.add_held(found, summary)
        return summary, extras, found

    summary, extras, found = cached_under(key, compute)
    sort, descending, sort_links = _sorting(request, ranking.ACTIVITY_SORTS)
    summary = dataclasses.replace(
        summary,
        by_unit=ranking.sort_rows(summary.by_unit, sort, descending),
        by_area=ranking.sort_rows(summary.by_area, sort, descending),
    )
    title = _("Report on the activities of community learning centres")
    period = str(last) if first == last else f"{first} - {last}"
    subtitle = _("%(unit)s, %(period)s") % {"unit": unit.name, "period": period}
    headline = sentences.activity_headline(summary)
    leaders = sentences.activity_ranking(summary)
    facilities = sentences.facilities_headline(found)
    doc = _document(request, unit, title, subtitle, summary.read_at, saved) | {
        "sentences": [headline, *(s for s in (leaders, facilities) if s)],
        "notes": summary.notes,
    }
    kind = request.GET.get("format", "html")
    # A chart of visits per year, for a period; one year would be a single bar.
    chart = charts.activity_chart(summary) if kind != "xlsx" and last > first else None
    # The HTML page renders the indicator tables only when its cached fragment is gone: made
    # when first read.
    indicator_tables = SimpleLazyObject(lambda: tables.indicator_tables(found, decimals))
    context = {
        "template": "reports/activity_summary.html", "form": form, "summary": summary, "extras": extras,
        "headline": headline, "leaders": leaders, "sort_links": sort_links,
        "sorted_by": f"{sort}-{'desc' if descending else 'asc'}",
        "indicator_tables": indicator_tables, "facilities": facilities, "table_key": key,
        # The indicator tables' HTML is kept under the indicators' key and the classes and talks
        # held that "plan versus done" prints: an attendance save leaves it.
        "indicator_key": beside_key,
        "held": ",".join(f"{r.key}:{r.classes}:{r.talks}" for r in summary.by_unit),
        "chart": charts.data_uri(chart) if chart else None, "query": request.GET.urlencode(),
        "doc_form": DocumentForm(initial={k: v for k, v in doc.items() if k in DocumentForm.base_fields}),
    }  # fmt: skip
    table_list = (
        tables.activity_tables(summary) + list(indicator_tables) + tables.extras_tables(extras)
        if kind in ("xlsx", "pdf")
        else []
    )
    return _respond(
        request,
        kind,
        context,
        doc,
        table_list,
        [chart] if chart else [],
        f"hoat-dong-{first}-{last}",
    )


@require_safe
def rating_centres(request):
    """The centres behind one count of the rating summary, scoped the same way."""
    unit = get_object_or_404(
        AdministrativeUnit.objects.for_user(request.user),
        pk=whole_number(request.GET.get("unit")) or 0,
    )
    year = _year(request, earliest=1900)
    grade = request.GET.get("grade", "")
    kind = Kind.COMMUNITY if request.GET.get("kind") == Kind.COMMUNITY else Kind.CENTRE
    # The same centres as the summary's cell: the unit and the units it was formed from, the
    # centres open on the year's 31 December.
    centres = (
        Centre.objects.for_user(request.user)
        .filter(under(report_roots(unit), "commune__path"))
        .select_related("commune__parent")
    )
    approved = Rating.objects.filter(year=year, status=Rating.Status.APPROVED, kind=kind)
    if grade == selectors.UNGRADED:
        centres = centres.filter(counted_in(year)).exclude(pk__in=approved.values("centre_id"))
    elif grade in selectors.RESULTS_OF[kind]:
        centres = centres.filter(pk__in=approved.filter(grade=grade).values("centre_id"))
    else:
        grade = ""
    return render(
        request,
        "reports/rating_centres.html",
        {
            "unit": unit,
            "year": year,
            "grade": grade,
            "centres": centres.order_by("commune__path"),
            "kind": kind,
            "grade_label": (
                result_label(grade)
                or (_("Not assessed") if kind == Kind.COMMUNITY else _("Not graded"))
            )
            if grade
            else "",
        },
    )


@require_safe
def centre_report(request):
    pk = request.GET.get("centre", "")
    centre = get_object_or_404(
        Centre.objects.for_user(request.user).select_related("commune__parent"),
        pk=whole_number(pk) or 0,
    )
    year = _year(request, earliest=2000)
    report = selectors.centre_report(request.user, centre, year)
    title = _("Report on the activities of the centre in %(year)s") % {"year": year}
    doc = _document(request, centre.commune, title, centre.name, report.read_at)
    table_list = tables.centre_tables(report)
    context = {
        "template": "reports/centre_report.html", "report": report, "tables": table_list,
        "query": request.GET.urlencode(), "years": range(timezone.localdate().year, 2004, -1),
        "doc_form": DocumentForm(initial={k: v for k, v in doc.items() if k in DocumentForm.base_fields}),
    }  # fmt: skip
    return _respond(
        request,
        request.GET.get("format", "html"),
        context,
        doc,
        table_list,
        [],
        f"trung-tam-{centre.commune.code}-{year}",
    )
