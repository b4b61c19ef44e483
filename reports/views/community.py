"""The report of communes recognised "Cộng đồng học tập" (TT 25/2023), per level, sub-unit and
year: the rating summary's selector and renderers, with the learning-community kind."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from centres.models import AdministrativeUnit
from centres.selectors import report_roots
from ratings.models import Kind

from .. import selectors, sentences, tables
from ..cache import RATINGS, cached_under, report_key
from ..forms import DocumentForm
from .summaries import _document, _filters, _reader, _respond, _rounding, _saved_settings


@require_safe
def community_summary(request):
    form, criteria = _filters(request)
    unit, year, compare = criteria["unit"], criteria["year"], criteria.get("compare")
    grouping = criteria["grouping"]
    if unit.level == AdministrativeUnit.Level.COMMUNE:
        raise PermissionDenied
    saved = _saved_settings(unit)
    rounding = _rounding(saved)
    key = report_key(
        "community-summary",
        [RATINGS],
        [unit.pk, year, compare, grouping, rounding.key, _reader(request.user, unit)],
        roots=report_roots(unit),
        years=[year, *([compare] if compare else [])],
    )
    summary = cached_under(
        key,
        lambda: selectors.rating_summary(
            request.user, unit, year, compare, grouping, rounding, kind=Kind.COMMUNITY
        ),
    )
    title = _("Report on the recognition of learning communities of the communes")
    subtitle = _("%(unit)s, year %(year)s") % {"unit": unit.name, "year": year}
    headline = sentences.community_headline(summary)
    doc = _document(request, unit, title, subtitle, summary.read_at, saved) | {
        "notes": summary.notes,
        "sentences": [headline],
    }
    table_list = tables.community_tables(summary)
    context = {
        "template": "reports/community_summary.html", "form": form, "summary": summary,
        "headline": headline, "tables": table_list, "query": request.GET.urlencode(),
        "doc_form": DocumentForm(initial={k: v for k, v in doc.items() if k in DocumentForm.base_fields}),
    }  # fmt: skip
    return _respond(
        request,
        request.GET.get("format", "html"),
        context,
        doc,
        table_list,
        [],
        f"cong-dong-hoc-tap-{year}",
    )
