"""Administrative documents in the state format (Nghị định 30/2020/NĐ-CP), with WeasyPrint."""

import datetime

from core.pdf import render_pdf as render_document


def vietnamese_date_line(place: str, day: datetime.date) -> str:
    """ "Thái Bình, ngày 05 tháng 01 năm 2012": days below 10 and months 1 and 2 take a zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def render_pdf(context: dict) -> bytes:
    """A report in the state format for administrative documents."""
    return render_document("reports/document_pdf.html", context, tagged=True, cached=True)
