"""The reviewers' list of centres with their ratings, and the self-assessment distribution; both
read by whoever may read the unit's reports (the rating summary's filters and scope)."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from centres.models import AdministrativeUnit

from .. import centre_lists
from ..forms import DocumentForm
from .summaries import _document, _filters, _respond, _rounding, _saved_settings


def _doc_form(doc: dict) -> DocumentForm:
    return DocumentForm(initial={k: v for k, v in doc.items() if k in DocumentForm.base_fields})


def _sort_links(listing: centre_lists.RatingList, base: dict) -> list[dict]:
    """Each column's header link: sorts by it ascending, or descending when it already is."""
    links = []
    for column in listing.columns:
        current = column.key == listing.sort
        asc, desc = centre_lists.ASC, centre_lists.DESC
        direction = desc if current and listing.direction == asc else asc
        links.append({
            "column": column,
            "url": "?" + urlencode(base | {"sort": column.key, "dir": direction}),
            "aria_sort": ("ascending" if listing.direction == asc else "descending")
            if current else "",
        })  # fmt: skip
    return links


@require_safe
def rating_list(request):
    form, criteria = _filters(request)
    unit, year = criteria["unit"], criteria["year"]
    if unit.level == AdministrativeUnit.Level.COMMUNE:
        raise PermissionDenied
    sort, direction = centre_lists.sorting(request.GET)
    listing = centre_lists.rating_list(request.user, unit, year, sort, direction)
    subtitle = _("%(unit)s, year %(year)s") % {"unit": unit.name, "year": year}
    title = _("List of the centres and their ratings")
    doc = _document(request, unit, title, subtitle, listing.read_at) | {"notes": listing.notes}
    base = {"unit": unit.pk, "year": year}
    context = {
        "template": "reports/rating_list.html", "form": form, "listing": listing,
        "headers": _sort_links(listing, base), "doc_form": _doc_form(doc),
        "query": urlencode(base | ({"sort": sort, "dir": direction} if sort else {})),
    }  # fmt: skip
    table = centre_lists.rating_list_table(listing)
    kind = request.GET.get("format", "html")
    return _respond(request, kind, context, doc, [table], [], f"danh-sach-xep-loai-{year}")


@require_safe
def self_assessment(request):
    form, criteria = _filters(request)
    unit, year = criteria["unit"], criteria["year"]
    if unit.level == AdministrativeUnit.Level.COMMUNE:
        raise PermissionDenied
    saved = _saved_settings(unit)
    # Sub-units as they were that year: the PDF form carries no ?grouping=, so none is offered.
    summary = centre_lists.self_assessment(request.user, unit, year, rounding=_rounding(saved))
    title = _("Report on the self-assessment of community learning centres")
    subtitle = _("%(unit)s, year %(year)s") % {"unit": unit.name, "year": year}
    doc = _document(request, unit, title, subtitle, summary.read_at, saved)
    table_list = centre_lists.self_assessment_tables(summary)
    context = {
        "template": "reports/self_assessment.html", "form": form, "summary": summary,
        "tables": table_list, "doc_form": _doc_form(doc), "query": request.GET.urlencode(),
    }  # fmt: skip
    kind = request.GET.get("format", "html")
    return _respond(request, kind, context, doc, table_list, [], f"tu-danh-gia-{year}")
