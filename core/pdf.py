"""PDF rendering with WeasyPrint, imported lazily: it is heavy and only PDF downloads need it."""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    """The template rendered to PDF; static files (fonts, CSS) resolve under static/."""
    return html_to_pdf(render_to_string(template_name, context))


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()
