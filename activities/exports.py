"""xlsx templates to fill in, and the export of a year's activities."""

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core.xlsx.stream import list_workbook
from core.xlsx.write import DATE, INTEGER, template_workbook

from .ethnicities import ETHNICITIES
from .models import Activity, ContentArea
from .xlsx_columns import ACTIVITY_COLUMNS, LEARNER_COLUMNS


def activities_template(areas=None) -> bytes:
    """The template for a centre's activities and their sessions, one row per session; its
    content-area list is `areas` (the user's: the national ones and their province's), else the
    national ones."""
    areas = ContentArea.objects.national() if areas is None else areas
    return template_workbook(
        ACTIVITY_COLUMNS,
        {
            "kind": [str(label).capitalize() for label in Activity.Kind.labels],
            "content_area": list(areas.filter(is_active=True).values_list("name", flat=True)),
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
    """A year's activities with their sessions and participant-visits, as real numbers and dates:
    read as tuples and streamed (core/xlsx/stream.py), for a province's thousands of rows."""
    kinds = {kind: str(label) for kind, label in Activity.Kind.choices}  # translated once
    rows = (
        activities.order_by("centre__commune__path", "start_date", "pk")
        .annotate(sessions_n=Count("sessions"), visits=Coalesce(Sum("sessions__participants"), 0))
        .values_list(
            "centre__commune__code", "centre__commune__name", "kind", "title",
            "content_area__name", "partner", "start_date", "end_date", "sessions_n", "visits",
        )
    )  # fmt: skip
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
    return list_workbook(
        sheet_name=_("Activities"),
        title=title,
        headers=headers,
        rows=((*row[:2], kinds[row[2]], *row[3:]) for row in rows.iterator(chunk_size=5000)),
        formats={7: DATE, 8: DATE, 9: INTEGER, 10: INTEGER},
    )
