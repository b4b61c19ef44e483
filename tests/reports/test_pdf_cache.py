"""A report's PDF is laid out once per document: the same data and fields reuse it."""

import datetime

import pytest
from django.urls import reverse

from core import pdf

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year


@pytest.fixture
def layouts(monkeypatch):
    done = []
    real = pdf.html_to_pdf
    monkeypatch.setattr(
        pdf, "html_to_pdf", lambda html, **kw: done.append(html) or real(html, **kw)
    )
    return done


def test_the_same_report_pdf_is_laid_out_once(client_for, province_viewer, province, layouts):
    client = client_for(province_viewer)
    params = {"unit": province.pk, "year": YEAR, "format": "pdf"}
    first = client.get(reverse("reports:ratings"), params)
    second = client.get(reverse("reports:ratings"), params)
    assert first.content.startswith(b"%PDF")
    assert second.content == first.content
    assert len(layouts) == 1


def test_other_document_fields_or_data_lay_out_a_new_pdf(
    client_for, province_viewer, province, centre, layouts
):
    from ratings.models import Rating

    client = client_for(province_viewer)
    params = {"unit": province.pk, "year": YEAR - 1, "format": "pdf"}
    client.get(reverse("reports:ratings"), params)
    signed = params | {
        "issuing_body": "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "place": "Thái Bình",
        "signer_title": "GIÁM ĐỐC", "signer_name": "Nguyễn Văn Bình",
    }  # fmt: skip
    numbered = client.get(reverse("reports:ratings"), signed)
    assert len(layouts) == 2
    assert "Nguyễn Văn Bình" in layouts[-1]
    Rating.objects.create(centre=centre, year=YEAR - 1, status="approved", grade="good")
    client.get(reverse("reports:ratings"), signed)
    assert len(layouts) == 3
    assert numbered.content != b""
