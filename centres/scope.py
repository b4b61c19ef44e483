"""One answer to "which units may this user read, and which may they change, in which roles".

A user's assignments each give a subtree of the hierarchy (a unit path and everything under it) in
one role. The Scope built from them is the only place that turns assignments into filters and
predicates: `Model.objects.for_user()`, the `can_*` predicates, the choices of forms and the admin
all ask it. Reading and changing are separate questions, so that read scope can reach further
than write scope (a unit formed in 2025 will read the records of the units it was formed from).

It fails closed: an anonymous or inactive user has no scope, and only an active superuser has
everything.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .models.assignments import Role, user_assignments

EDITING_ROLES = frozenset({Role.CENTRE_STAFF, Role.UNIT_ADMIN})
REVIEW_ROLES = frozenset({Role.REVIEWER, Role.UNIT_ADMIN})
ADMIN_ROLES = frozenset({Role.UNIT_ADMIN})


class Scope:
    def __init__(self, user):
        active = bool(getattr(user, "is_authenticated", False) and user.is_active)
        self.everything = active and user.is_superuser
        grants = user_assignments(user) if active else []
        self._grants = [(a.unit.path, a.role) for a in grants]

    def roots(self, roles: Iterable[str] | None = None) -> list[str]:
        """Root paths of the subtrees the user may change in one of the roles (all roles: None)."""
        wanted = None if roles is None else set(roles)
        return sorted({path for path, role in self._grants if wanted is None or role in wanted})

    def read_roots(self, roles: Iterable[str] | None = None) -> list[str]:
        """Root paths of the subtrees the user may read in one of the roles."""
        return self.roots(roles)

    def has_role(self, roles: Iterable[str] | None = None) -> bool:
        """Whether the user holds any of the roles anywhere (a superuser holds every role)."""
        return self.everything or bool(self.roots(roles))

    def condition(self, field: str, roles=None, *, write: bool = False) -> Q | None:
        """A filter on a unit-path field: rows under the user's subtrees; None for everything.

        With no subtree, a condition that matches nothing."""
        if self.everything:
            return None
        roots = self.roots(roles) if write else self.read_roots(roles)
        if not roots:
            return Q(pk__in=[])
        condition = Q()
        for root in roots:
            condition |= Q(**{f"{field}__startswith": root})
        return condition

    def filter(self, queryset: QuerySet, field: str, roles=None, *, write=False) -> QuerySet:
        """The queryset's rows whose unit path `field` lies in the user's scope."""
        condition = self.condition(field, roles, write=write)
        if condition is None:
            return queryset.all()
        roots = self.roots(roles) if write else self.read_roots(roles)
        return queryset.filter(condition) if roots else queryset.none()

    def covers(self, path: str, roles=None, *, write: bool = True) -> bool:
        """Whether a unit path lies in one of the user's subtrees held in one of the roles."""
        if self.everything:
            return True
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


def scope_of(user) -> Scope:
    """The user's Scope, built once per request and kept on the user object."""
    scope = getattr(user, "_scope", None)
    if scope is None:
        scope = Scope(user)
        if getattr(user, "is_authenticated", False):
            user._scope = scope
    return scope
