"""Reads of the commendation pages: the scoped list, a proposal's history, the register of a
unit's year (one selector for its HTML, Excel and PDF) and the candidates worth proposing."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from centres.models import AdministrativeUnit, Centre, Staff
from centres.scope import scope_of
from core import history
from ratings.models import Grade, Kind, Rating

from .models import COLLECTIVES, Award, Proposal

PROPOSAL_RELATED = ("proposing_unit__parent__parent", "centre", "staff")


def visible_proposals(user) -> QuerySet[Proposal]:
    """The proposals of the units the user reads, with what the list and detail show."""
    return Proposal.objects.for_user(user).select_related(*PROPOSAL_RELATED)


def filtered_proposals(
    user, *, year: int | None, status: str, unit: AdministrativeUnit | None
) -> QuerySet[Proposal]:
    """The list page's rows: newest year first, then by unit."""
    proposals = visible_proposals(user)
    if year:
        proposals = proposals.filter(year=year)
    if status:
        proposals = proposals.filter(status=status)
    if unit is not None:
        proposals = proposals.filter(proposing_unit__path__startswith=unit.path)
    return proposals.order_by("-year", "proposing_unit__path", "-pk")


def filter_units(user) -> QuerySet[AdministrativeUnit]:
    """Units a user filters or opens a register by: the units they are assigned to and the
    provinces and districts they read."""
    scope = scope_of(user)
    readable = AdministrativeUnit.objects.for_user(user)
    if scope.everything:
        return readable.exclude(level=AdministrativeUnit.Level.COMMUNE).order_by("path")
    return readable.filter(
        ~Q(level=AdministrativeUnit.Level.COMMUNE) | Q(path__in=scope.read_roots())
    ).order_by("path")


def proposal_history(proposal: Proposal, limit: int = 50) -> list[history.Entry]:
    """The proposal's changes and moves, newest first, with the reasons given."""
    return history.object_history((Proposal, Proposal.history.filter(id=proposal.pk)), limit=limit)


@dataclass
class RegisterRow:
    number: int
    name: str
    position: str
    kind: str
    proposing_unit: str
    award: str
    decision_number: str  # "Số 123/QĐ-UBND"
    decision_day: str  # "ngày 05/01/2026"
    deciding_body: str

    @property
    def decision(self) -> str:
        return f"{self.decision_number} {self.decision_day}".strip()


@dataclass
class Register:
    """A unit's decided commendations of a year, collectives first, and their counts by form."""

    unit: AdministrativeUnit
    year: int
    collectives: list[RegisterRow] = field(default_factory=list)
    individuals: list[RegisterRow] = field(default_factory=list)
    by_award: list[tuple[str, int, int, int]] = field(default_factory=list)
    total: tuple[int, int, int] = (0, 0, 0)

    @property
    def rows(self) -> list[RegisterRow]:
        return [*self.collectives, *self.individuals]


def decision_parts(number: str, day: datetime.date | None) -> tuple[str, str]:
    """("Số 123/QĐ-UBND", "ngày 05/01/2026")."""
    if not number.casefold().startswith("số"):
        number = _("No. %(number)s") % {"number": number}
    return number, (_("of %(date)s") % {"date": day.strftime("%d/%m/%Y")} if day else "")


def latest_decided_year(user, unit: AdministrativeUnit) -> int | None:
    """The last year with a decided commendation under the unit (the register opens on it)."""
    return (
        Proposal.objects.for_user(user)
        .decided()
        .filter(proposing_unit__path__startswith=unit.path)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def register(user, unit: AdministrativeUnit, year: int) -> Register:
    """The register of decided commendations proposed under the unit for the year."""
    decided = (
        Proposal.objects.for_user(user)
        .decided()
        .filter(year=year, proposing_unit__path__startswith=unit.path)
    )
    rows = decided.select_related("proposing_unit", "centre").order_by(
        "award", "decision_date", "proposing_unit__path", "name", "centre__name", "pk"
    )
    result = Register(unit=unit, year=year)
    for proposal in rows:
        target = result.collectives if proposal.is_collective else result.individuals
        number, day = decision_parts(proposal.decision_number, proposal.decision_date)
        target.append(
            RegisterRow(
                number=len(target) + 1,
                name=proposal.recipient_name,
                position=proposal.position,
                kind=str(proposal.get_recipient_display()).capitalize(),
                proposing_unit=proposal.proposing_unit.name,
                award=str(proposal.get_award_display()).capitalize(),
                decision_number=number,
                decision_day=day,
                deciding_body=proposal.deciding_body,
            )
        )
    counts = {
        row["award"]: row
        for row in decided.order_by()
        .values("award")
        .annotate(
            collectives=Count("pk", filter=Q(recipient__in=COLLECTIVES)),
            individuals=Count("pk", filter=~Q(recipient__in=COLLECTIVES)),
        )
    }
    for award in Award:
        if award.value in counts:
            c, i = counts[award.value]["collectives"], counts[award.value]["individuals"]
            result.by_award.append((str(award.label).capitalize(), c, i, c + i))
    result.total = tuple(sum(row[k] for row in result.by_award) for k in (1, 2, 3))
    return result


def open_proposals(year: int, **match) -> Exists:
    """Whether a proposal for the year (not rejected) already names the row."""
    return Exists(
        Proposal.objects.filter(year=year, **{k: OuterRef(v) for k, v in match.items()}).exclude(
            status=Proposal.Status.REJECTED
        )
    )


def good_two_years(unit: AdministrativeUnit, year: int) -> QuerySet[Centre]:
    """Centres under the unit graded tốt (approved) in the year and in the year before."""
    good = Rating.objects.filter(status=Rating.Status.APPROVED, grade=Grade.GOOD, kind=Kind.CENTRE)
    return (
        Centre.objects.filter(commune__path__startswith=unit.path)
        .filter(pk__in=good.filter(year=year).values("centre_id"))
        .filter(pk__in=good.filter(year=year - 1).values("centre_id"))
        .select_related("commune")
        .annotate(proposed=open_proposals(year, centre="pk"))
        .order_by("commune__path")
    )


def _in_year(prefix: str, year: int) -> Q:
    return Q(
        **{
            f"{prefix}date__gte": datetime.date(year, 1, 1),
            f"{prefix}date__lt": datetime.date(year + 1, 1, 1),
        }
    )


def busiest_staff(unit: AdministrativeUnit, year: int, limit: int = 10) -> QuerySet[Staff]:
    """Staff under the unit who led the most sessions in the year (as their activities'
    instructor), with the participant-visits of those sessions."""
    in_year = _in_year("activities__sessions__", year)
    return (
        Staff.objects.filter(centre__commune__path__startswith=unit.path)
        .annotate(
            sessions=Count("activities__sessions", filter=in_year),
            visits=Coalesce(Sum("activities__sessions__participants", filter=in_year), 0),
        )
        .filter(sessions__gt=0)
        .select_related("centre__commune")
        .annotate(proposed=open_proposals(year, staff="pk"))
        .order_by("-sessions", "-visits", "full_name", "pk")[:limit]
    )


def busiest_centres(unit: AdministrativeUnit, year: int, limit: int = 10) -> QuerySet[Centre]:
    """Centres under the unit with the most participant-visits in the year, and sessions."""
    in_year = _in_year("activities__sessions__", year)
    return (
        Centre.objects.filter(commune__path__startswith=unit.path)
        .annotate(
            sessions=Count("activities__sessions", filter=in_year),
            visits=Coalesce(Sum("activities__sessions__participants", filter=in_year), 0),
        )
        .filter(sessions__gt=0)
        .select_related("commune")
        .annotate(proposed=open_proposals(year, centre="pk"))
        .order_by("-visits", "-sessions", "commune__path")[:limit]
    )
