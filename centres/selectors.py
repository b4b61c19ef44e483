"""Read functions: each builds the query one page needs, already scoped to the user."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from core import history
from core.text import fold

from .lifetime import open_on
from .lineage_cache import cached_lineage
from .models import (
    AdministrativeUnit,
    Assignment,
    BoardMember,
    Centre,
    Contact,
    Role,
    Staff,
    UnitSuccession,
)
from .models.assignments import user_assignments
from .scope import ADMIN_ROLES, predecessor_roots, scope_of
from .scope import under as scope_under


def _current_director() -> QuerySet[BoardMember]:
    return BoardMember.objects.current().filter(
        centre=OuterRef("pk"), position=BoardMember.Position.DIRECTOR
    )


def _current_director_name() -> Subquery:
    return Subquery(_current_director().values("full_name")[:1])


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT(*) subquery; avoids the row multiplication of joined counts."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(group=Value(1)).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def centre_list(user, *, unit=None, status: str = "", search: str = "") -> QuerySet[Centre]:
    """Centres the user may see, filtered, with district, director and staff count."""
    centres = Centre.objects.for_user(user).select_related("commune__parent")
    if unit is not None:
        centres = centres.filter(commune__path__startswith=unit.path)
    if status:
        centres = centres.filter(status=status)
    if search:
        centres = centres.filter(
            Q(name__icontains=search)
            | Q(commune__search_name__contains=fold(search))
            | Q(commune__code=search)
        )
    return _with_director_and_staff(centres).order_by("commune__path")


def _with_director_and_staff(centres: QuerySet[Centre]) -> QuerySet[Centre]:
    """Each centre's current director's name and count of active staff, as subqueries."""
    return centres.annotate(
        director_name=_current_director_name(),
        active_staff_count=_count(Staff.objects.filter(centre=OuterRef("pk"), is_active=True)),
    )


def filter_units(user) -> QuerySet[AdministrativeUnit]:
    """Provinces and districts the user may filter centre lists by."""
    return (
        AdministrativeUnit.objects.for_user(user)
        .exclude(level=AdministrativeUnit.Level.COMMUNE)
        .order_by("path")
    )


def centre_detail(user, pk: int) -> QuerySet[Centre]:
    """The centre with everything its detail page shows, loaded in a fixed number of queries."""
    return (
        Centre.objects.for_user(user)
        .filter(pk=pk)
        .select_related("commune__parent__parent")
        .prefetch_related(
            Prefetch(
                "board_members",
                queryset=BoardMember.objects.order_by("left_on", "position", "full_name"),
            ),
            Prefetch(
                "staff",
                queryset=Staff.objects.prefetch_related("training_courses"),
            ),
            Prefetch("merged_from", queryset=Centre.objects.select_related("commune")),
            Prefetch("merged_into", queryset=Centre.objects.select_related("commune")),
        )
    )


def centre_history(centre: Centre, limit: int = 30) -> list[history.Entry]:
    """Recent changes to the centre, its board and its staff, newest first, field by field."""
    return history.object_history(
        (Centre, Centre.history.filter(id=centre.pk)),
        (BoardMember, BoardMember.history.filter(centre_id=centre.pk)),
        (Staff, Staff.history.filter(centre_id=centre.pk)),
        limit=limit,
    )


def account_history(account, viewer, limit: int = 30) -> list[history.Entry]:
    """Changes to an account and to its roles under the viewer's units, newest first (its
    roles elsewhere are not the viewer's to read about)."""
    user_model = type(account)
    roles = scope_of(viewer).filter(
        Assignment.history.filter(user_id=account.pk), "unit__path", ADMIN_ROLES, past=True
    )
    return history.object_history(
        (user_model, user_model.history.filter(id=account.pk)),
        (Assignment, roles),
        (Contact, Contact.history.filter(user_id=account.pk)),
        limit=limit,
    )


@dataclass
class UnitSummary:
    unit: AdministrativeUnit
    role: str
    rows: list[AdministrativeUnit]
    totals: dict
    former: list[AdministrativeUnit] = field(default_factory=list)


def communes_without_centre(user, unit: AdministrativeUnit, day: date | None = None):
    """The communes under the unit (and the units it was formed from) that exist on the day and
    have no centre open that day: what the province still has to cover."""
    day = day or date.today()
    centres = Centre.objects.filter(open_on(day), commune_id=OuterRef("pk"))
    return (
        AdministrativeUnit.objects.for_user(user)
        .in_force(day)
        .filter(under(report_roots(unit), "path"), level=AdministrativeUnit.Level.COMMUNE)
        .exclude(Exists(centres))
        .select_related("parent")
        .order_by("path")
    )


def dashboard_summaries(user) -> list[UnitSummary]:
    """For each assignment above commune level: its present sub-units with centre counts and
    the communes still without a centre; the units it was formed from are linked apart."""
    summaries = []
    today = date.today()
    for assignment in user_assignments(user):
        unit = assignment.unit
        if unit.level == AdministrativeUnit.Level.COMMUNE:
            continue
        under_row = Centre.objects.filter(commune__path__startswith=OuterRef("path"))
        uncovered = AdministrativeUnit.objects.in_force(today).filter(
            path__startswith=OuterRef("path"),
            level=AdministrativeUnit.Level.COMMUNE,
            centre__isnull=True,
        )
        children = list(
            AdministrativeUnit.objects.in_force(today)
            .filter(parent=unit)
            .exclude(level=AdministrativeUnit.Level.COMMUNE, centre__isnull=True)
            .annotate(
                centre_count=_count(under_row),
                active_count=_count(under_row.filter(status=Centre.Status.ACTIVE)),
                without_director=_count(
                    under_row.filter(status=Centre.Status.ACTIVE).exclude(
                        Exists(_current_director())
                    )
                ),
                without_centre=_count(uncovered),
            )
            .order_by("path")
        )
        totals = {
            key: sum(getattr(child, key) for child in children)
            for key in ("centre_count", "active_count", "without_director")
        }
        totals["without_centre"] = (
            communes_without_centre(user, unit, today).filter(path__startswith=unit.path).count()
        )
        summaries.append(
            UnitSummary(
                unit, assignment.get_role_display(), children, totals, predecessors_of(unit)
            )
        )
    return summaries


def own_centres(user) -> QuerySet[Centre]:
    """Centres of the communes the user is assigned to as centre staff."""
    scope = scope_of(user)
    if not scope.roots({Role.CENTRE_STAFF}):
        return Centre.objects.none()  # a superuser has no centre of their own
    centres = scope.filter(Centre.objects.all(), "commune__path", {Role.CENTRE_STAFF}, write=True)
    return _with_director_and_staff(centres.select_related("commune__parent")).order_by(
        "commune__path"
    )[:20]


def managed_users(user) -> QuerySet:
    """Users with an assignment under the units the user administers, with all their
    assignments (to decide who may edit them) and, as `visible_assignments`, those under the
    administered units (the only ones shown)."""
    User = get_user_model()
    scope = scope_of(user)
    ended = Q(assignments__unit__valid_until__lt=date.today())
    # And the accounts of the units theirs were formed from, on units that ceased to exist:
    # the successor's admin sees them and may deactivate them.
    users = scope.filter(
        User.objects.all(), "assignments__unit__path", ADMIN_ROLES, write=True
    ) | scope.filter(User.objects.filter(ended), "assignments__unit__path", ADMIN_ROLES, past=True)
    assignments = Assignment.objects.select_related("unit")
    visible = scope.filter(assignments, "unit__path", ADMIN_ROLES, write=True) | scope.filter(
        assignments.filter(unit__valid_until__lt=date.today()), "unit__path", ADMIN_ROLES, past=True
    )
    return (
        users.distinct()
        .prefetch_related(
            Prefetch("assignments", queryset=assignments),
            Prefetch("assignments", queryset=visible, to_attr="visible_assignments"),
        )
        .order_by("username")
    )


def report_roots(unit: AdministrativeUnit) -> list[str]:
    """Paths whose centres a report on the unit covers: the unit and the units it was formed from
    (a divided one only at its default successor, so it is counted once).

    Kept on the unit object (a report asks several times) and, where every process shares the
    cache, under the lineage's generation: successions change a few times a decade."""
    roots = getattr(unit, "_report_roots", None)
    if roots is None:

        def compute():
            return [unit.path, *predecessor_roots([unit.path], default_only=True)]

        roots = cached_lineage("report", unit.path, compute)
        unit._report_roots = roots
    return roots


def under(roots: list[str], field: str) -> Q:
    """Rows whose unit path `field` lies under one of the roots (the Scope's own filter)."""
    return scope_under(field, roots)


def predecessors_of(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    return [
        s.predecessor
        for s in UnitSuccession.objects.filter(successor=unit).select_related("predecessor")
    ]


def successors_of(unit: AdministrativeUnit) -> list[tuple[AdministrativeUnit, bool]]:
    return [
        (s.successor, s.is_default)
        for s in UnitSuccession.objects.filter(predecessor=unit).select_related("successor")
    ]


def linked_units(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The units a unit's page links to: its parent, predecessors and successors."""
    links = [u for u in [unit.parent] if u]
    return links + predecessors_of(unit) + [u for u, _default in successors_of(unit)]


def unit_communes(user, unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """The communes under a unit with their centre (or none), for its page."""
    return (
        AdministrativeUnit.objects.for_user(user)
        .filter(path__startswith=unit.path, level=AdministrativeUnit.Level.COMMUNE)
        .select_related("centre", "parent")
        .order_by("path")
    )
