"""xlsx templates to fill in, and the export of a year's activities."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.xlsx.write import (
    DATE,
    INTEGER,
    fit_columns,
    font,
    new_workbook,
    save_workbook,
    set_up_printing,
    template_workbook,
    write_lines,
    write_table,
)

from .ethnicities import ETHNICITIES
from .models import Activity, ContentArea
from .xlsx_columns import ACTIVITY_COLUMNS, LEARNER_COLUMNS


def activities_template() -> bytes:
    """The template for a centre's activities and their sessions, one row per session."""
    return template_workbook(
        ACTIVITY_COLUMNS,
        {
            "kind": [str(label).capitalize() for label in Activity.Kind.labels],
            "content_area": list(
                ContentArea.objects.filter(is_active=True).values_list("name", flat=True)
            ),
        },
        [
            _("How to fill in the activities template"),
            _("Fill the first sheet, one row per session. Columns marked * are required."),
            _(
                "A talk usually has one row; a class has one row for each of its sessions, "
                "repeating the kind, title and start date so the rows are recognised as the same "
                "class."
            ),
            _(
                "For talks enter the number of people present; for classes leave the numbers "
                "empty: they come from the attendance sheet of each session."
            ),
            _("Dates are written dd/mm/yyyy, e.g. 05/03/2025; times hh:mm, e.g. 19:30."),
            _(
                "Uploading the same file again does not create duplicates. If a row is wrong, "
                "nothing is imported and every error is listed with its row and column."
            ),
        ],
    )


def learners_template() -> bytes:
    """The template for a class's learner list."""
    return template_workbook(
        LEARNER_COLUMNS,
        {
            "sex": [_("Male"), _("Female")],
            "ethnicity": [name for _code, name in ETHNICITIES],
        },
        [
            _("How to fill in the learner list"),
            _("One row per learner. Columns marked * are required."),
            _(
                "Learners already recorded at the centre (same name, birth year and village) are "
                "reused, not recorded twice; uploading the same file again changes nothing."
            ),
        ],
    )


def activities_workbook(activities: QuerySet[Activity], *, title: str) -> bytes:
    """A year's activities with their sessions and participant-visits, as real numbers and dates."""
    from .selectors import with_counts

    rows = with_counts(activities).order_by("centre__commune__path", "start_date", "pk")
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = _("Activities")
    headers = [
        _("Commune code"),
        _("Commune"),
        _("Kind"),
        _("Title"),
        _("Content area"),
        _("Organising partner"),
        _("Start date"),
        _("End date"),
        _("Sessions"),
        _("Participant-visits"),
    ]
    formats = {7: DATE, 8: DATE, 9: INTEGER, 10: INTEGER}
    last = write_table(
        sheet,
        headers,
        (
            [
                a.centre.commune.code,
                a.centre.commune.name,
                a.get_kind_display(),
                a.title,
                a.content_area.name,
                a.partner,
                a.start_date,
                a.end_date,
                a.session_count,
                a.visits,
            ]
            for a in rows.iterator(chunk_size=2000)
        ),
        first_row=3,
        formats=formats,
    )
    columns = len(headers)
    fit_columns(sheet, header_first_row=3, header_last_row=3, last_row=last, columns=columns)
    write_lines(sheet, [title], first_row=1, columns=columns, fonts=[font(size=14, bold=True)])
    set_up_printing(sheet, header_first_row=3, header_last_row=3, columns=columns)
    return save_workbook(workbook)
