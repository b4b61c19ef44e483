"""The report of communes recognised "Cộng đồng học tập" (TT 25/2023), per level, sub-unit and
year: the rating summary's selector and renderers, with the learning-community kind."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ratings.models import Kind

from .. import sentences, tables
from ..forms import DocumentForm
from .summaries import _document, _respond, distribution


@require_safe
def community_summary(request):
    form, summary, _key, saved = distribution(request, "community-summary", Kind.COMMUNITY)
    unit, year = summary.unit, summary.year
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
        "centres_url": reverse("reports:rating_centres"),
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
