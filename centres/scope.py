"""One answer to "which units may this user read, and which may they change, in which roles".

A user's assignments each give a subtree of the hierarchy (a unit path and everything under it) in
one role. The Scope built from them is the only place that turns assignments into filters and
predicates: `Model.objects.for_user()`, the `can_*` predicates, the choices of forms and the admin
all ask it. Reading and changing are separate questions, so that read scope can reach further
than write scope (a unit formed in 2025 will read the records of the units it was formed from).

Across time (the 2025 reform): a user reads, never changes, the records of the units their units
were formed from (new Hưng Yên's viewer reads old Thái Bình; a new commune's staff read the old
communes' centres). An assignment to a unit that has ceased to exist gives reading only. The past
of a predecessor (historical grades, corrections) is recorded by the successor's unit admin:
`past_roots`.

It fails closed: an anonymous or inactive user has no scope, and only an active superuser has
everything.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .lineage_cache import cached_lineage
from .models.assignments import Role, user_assignments
from .models.centres import Centre
from .models.units import UnitSuccession

# Successions chain (a commune merged in 2019, then again in 2025); a few steps reach the start.
SUCCESSION_DEPTH = 4

EDITING_ROLES = frozenset({Role.CENTRE_STAFF, Role.UNIT_ADMIN})
REVIEW_ROLES = frozenset({Role.REVIEWER, Role.UNIT_ADMIN})
ADMIN_ROLES = frozenset({Role.UNIT_ADMIN})


class Scope:
    def __init__(self, user):
        active = bool(getattr(user, "is_authenticated", False) and user.is_active)
        self.everything = active and user.is_superuser
        grants = user_assignments(user) if active else []
        today = datetime.date.today()
        self._grants = [
            (a.unit.path, a.role, a.unit.valid_until is None or a.unit.valid_until >= today)
            for a in grants
        ]
        self._lineages: dict[tuple[str, str], list[str]] = {}

    def roots(self, roles: Iterable[str] | None = None) -> list[str]:
        """Root paths of the subtrees the user may change in one of the roles (all roles: None).

        Units that have ceased to exist are left out: their assignments only read."""
        return sorted(
            {path for path, role, current in self._grants if current and _wanted(role, roles)}
        )

    def read_roots(self, roles: Iterable[str] | None = None) -> list[str]:
        """Root paths of the subtrees the user may read in one of the roles: their units, ended
        ones included, and the units these were formed from."""
        own = {path for path, role, _current in self._grants if _wanted(role, roles)}
        ended = {
            path for path, role, current in self._grants if not current and _wanted(role, roles)
        }
        return _minimal(
            own
            | {p for root in own for p in self._lineage("all", root)}
            | {p for root in ended for p in self._lineage("became", root)}
        )

    def past_roots(self, roles: Iterable[str] | None = None) -> list[str]:
        """Where the user records the past (historical grades, corrections): the subtrees they
        may change and the units these were formed from, by the units' default successions
        only: a divided commune's past is its default successor's to correct, and a centre's
        own lineage (which a province records) widens nobody's write scope."""
        own = set(self.roots(roles))
        return _minimal(own | {p for root in own for p in self._lineage("default", root)})

    def _lineage(self, kind: str, root: str) -> list[str]:
        """The root's lineage of a kind, looked up once per request."""
        key = (kind, root)
        if key not in self._lineages:

            def compute():
                if kind == "became":  # what an abolished unit became: its users follow there
                    return successor_roots(root)
                return predecessor_roots([root], default_only=kind == "default")

            self._lineages[key] = cached_lineage(f"scope:{kind}", root, compute)
        return self._lineages[key]

    def ended(self) -> list[str]:
        """Paths of the user's units that have ceased to exist (their assignments only read)."""
        return sorted({path for path, _role, current in self._grants if not current})

    def has_role(self, roles: Iterable[str] | None = None) -> bool:
        """Whether the user holds any of the roles anywhere (a superuser holds every role)."""
        return self.everything or bool(self.roots(roles))

    def condition(self, field: str, roles=None, *, write: bool = False) -> Q | None:
        """A filter on a unit-path field: rows under the user's subtrees; None for everything.

        With no subtree, a condition that matches nothing."""
        if self.everything:
            return None
        return under(field, self.roots(roles) if write else self.read_roots(roles))

    def filter(
        self, queryset: QuerySet, field: str, roles=None, *, write=False, past=False
    ) -> QuerySet:
        """The queryset's rows whose unit path `field` lies in the user's scope (with `past`,
        where they record the past)."""
        if self.everything:
            return queryset.all()
        if past:
            roots = self.past_roots(roles)
        else:
            roots = self.roots(roles) if write else self.read_roots(roles)
        return queryset.filter(under(field, roots)) if roots else queryset.none()

    def covers(self, path: str, roles=None, *, write: bool = True, past: bool = False) -> bool:
        """Whether a unit path lies in one of the user's subtrees held in one of the roles
        (with `past`, the subtrees where they record the past)."""
        if self.everything:
            return True
        if past:
            roots = self.past_roots(roles)
        else:
            roots = self.roots(roles) if write else self.read_roots(roles)
        return any(path.startswith(root) for root in roots)

    def covers_strictly(self, path: str, roles=None) -> bool:
        """Whether the path lies under one of the user's subtrees, the subtree's root excluded."""
        if self.everything:
            return True
        return any(path.startswith(root) and path != root for root in self.roots(roles))

    def touches(self, path: str, roles=None) -> bool:
        """Whether the path's subtree and one of the user's overlap (either contains the other)."""
        if self.everything:
            return True
        return any(path.startswith(root) or root.startswith(path) for root in self.roots(roles))

    def contains_all(self, paths: Iterable[str], roles=None) -> bool:
        """Whether every path lies in the user's subtrees held in the roles."""
        return all(self.covers(path, roles) for path in paths)

    def provinces(self, roles=None) -> list[str]:
        """Paths of the provinces the user's subtrees lie in."""
        return sorted({root.split("/", 1)[0] + "/" for root in self.roots(roles)})


def _wanted(role: str, roles: Iterable[str] | None) -> bool:
    return roles is None or role in set(roles)


def under(field: str, roots: Iterable[str]) -> Q:
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(**{f"{field}__startswith": root})
    return condition


def _minimal(paths: Iterable[str]) -> list[str]:
    """The paths not already inside another of them."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def predecessor_roots(roots: list[str], *, default_only: bool = False) -> list[str]:
    """Paths of the units the subtrees at `roots` were formed from, however many steps back.

    Read scope follows the units' successions and the centres' own lineage; with `default_only`
    (reports), only the units' successions, a divided unit to its default successor alone, so
    that a report counts its records once."""
    found: set[str] = set()
    frontier, known = list(roots), set(roots)
    for _step in range(SUCCESSION_DEPTH):
        successions = (
            UnitSuccession.objects.filter(under("successor__path", frontier))
            .exclude(under("predecessor__path", known))
            .order_by()  # the model's ordering would join both units to sort: not needed
        )
        if default_only:
            successions = successions.filter(is_default=True)
        new = set(successions.values_list("predecessor__path", flat=True))
        if not default_only:
            # The centres a centre was formed from, where the units' succession says nothing.
            new |= set(
                Centre.merged_from.through.objects.filter(
                    under("from_centre__commune__path", frontier)
                )
                .exclude(under("to_centre__commune__path", known))
                .values_list("to_centre__commune__path", flat=True)
            )
        new = set(_minimal(new))
        if not new:
            break
        found |= new
        known |= new
        frontier = sorted(new)
    return _minimal(found)


def successor_roots(root: str) -> list[str]:
    """Paths of the communes (and centres' communes) the units under `root` became, one step on.

    Communes only, by default successions: a former province's users follow its communes into
    the new ones, not into the whole new province (whose other predecessors' past is not
    theirs), and a divided commune's users into its default successor."""
    units = (
        UnitSuccession.objects.filter(
            predecessor__path__startswith=root, successor__level="commune", is_default=True
        )
        .order_by()
        .values_list("successor__path", flat=True)
    )
    centres = Centre.merged_from.through.objects.filter(
        to_centre__commune__path__startswith=root
    ).values_list("from_centre__commune__path", flat=True)
    return _minimal({*units, *centres})


def scope_of(user) -> Scope:
    """The user's Scope, built once per request and kept on the user object."""
    scope = getattr(user, "_scope", None)
    if scope is None:
        scope = Scope(user)
        if getattr(user, "is_authenticated", False):
            user._scope = scope
    return scope
