"""The columns of the activities and learner templates, shared by the writer and the importers."""

from django.utils.translation import gettext_lazy as _

from core.xlsx.columns import Column

ACTIVITY_COLUMNS = [
    Column("kind", _("Kind"), True, 12, _("Class or Talk, from the list")),
    Column("title", _("Title of the class or talk"), True, 40),
    Column("content_area", _("Content area"), True, 34, _("From the list")),
    Column("partner", _("Organising partner"), False, 22),
    Column("start_date", _("Start date"), True, 13, _("dd/mm/yyyy"), kind="date"),
    Column(
        "end_date", _("End date"), False, 13, _("dd/mm/yyyy; empty: same as the start"), kind="date"
    ),
    Column("place", _("Place"), False, 20),
    Column("target_group", _("Target group"), False, 20),
    Column(
        "session_date",
        _("Session date"),
        True,
        13,
        _("dd/mm/yyyy; one row per session"),
        kind="date",
    ),
    Column("start_time", _("Start time"), False, 10, _("hh:mm"), kind="time"),
    Column("topic", _("Session topic"), False, 26),
    Column("participants", _("People present"), False, 12, _("Talks only"), kind="count"),
    Column("participants_women", _("Of whom women"), False, 12, _("Talks only"), kind="count"),
    Column(
        "participants_minority",
        _("Of whom ethnic minority"),
        False,
        12,
        _("Talks only"),
        kind="count",
    ),
]

LEARNER_COLUMNS = [
    Column("full_name", _("Full name"), True, 28),
    Column("sex", _("Sex"), True, 10, _("From the list")),
    Column("birth_year", _("Birth year"), False, 10, _("e.g. 1975"), kind="count"),
    Column("ethnicity", _("Ethnicity"), False, 16, _("From the list; empty: Kinh")),
    Column("village", _("Village / residential group"), False, 22),
    Column("phone", _("Phone"), False, 14),
]
