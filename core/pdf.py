"""PDF rendering with WeasyPrint, imported lazily: it is heavy and only PDF downloads need it."""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(
    template_name: str, context: dict, *, tagged: bool = False, cached: bool = False
) -> bytes:
    """The template rendered to PDF; static files (fonts, CSS) resolve under static/.
    `tagged`: a tagged PDF (PDF/UA-1) that screen readers and reflow can follow; the template
    then needs its <title> and <html lang>. `cached`: kept by a digest of the HTML (the report's
    data and the document's fields), so the same document is laid out once."""
    html = render_to_string(template_name, context)
    if not cached:
        return html_to_pdf(html, tagged=tagged)
    from .cache import cached_by_content

    return cached_by_content(f"pdf:{int(tagged)}", html, lambda: html_to_pdf(html, tagged=tagged))


def html_to_pdf(html: str, *, tagged: bool = False) -> bytes:
    from weasyprint import HTML

    options = {"pdf_variant": "pdf/ua-1"} if tagged else {}
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf(**options)
