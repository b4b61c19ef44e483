"""PDF rendering with WeasyPrint, imported lazily: it is heavy and only PDF downloads need it."""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict, *, tagged: bool = False) -> bytes:
    """The template rendered to PDF; static files (fonts, CSS) resolve under static/.
    `tagged`: a tagged PDF (PDF/UA-1) that screen readers and reflow can follow; the template
    then needs its <title> and <html lang>."""
    return html_to_pdf(render_to_string(template_name, context), tagged=tagged)


def html_to_pdf(html: str, *, tagged: bool = False) -> bytes:
    from weasyprint import HTML

    options = {"pdf_variant": "pdf/ua-1"} if tagged else {}
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf(**options)
