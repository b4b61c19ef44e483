"""Who may propose, change and decide commendations, by role, unit and state.

A proposal is made by a centre (its staff, at the commune) or by a unit (its unit admins and
reviewers) in the name of the unit they are assigned to; it is decided by a reviewer or unit
admin above it, at or above the deciding level; a unit's own admin records the decisions of
its own level (the commune's chairman commending the commune's centre).
"""

from django.db.models import Q, QuerySet

from centres.models import AdministrativeUnit, Role
from centres.scope import ADMIN_ROLES, REVIEW_ROLES, scope_of

from .models import Proposal

STAFF_ROLES = frozenset({Role.CENTRE_STAFF})


def proposing_units(user) -> QuerySet[AdministrativeUnit]:
    """The units in whose name the user proposes: the communes they are centre staff of and
    the units they review or administer (current units only); a superuser, any province or
    district."""
    scope = scope_of(user)
    units = AdministrativeUnit.objects.in_force()
    if scope.everything:
        return units.exclude(level=AdministrativeUnit.Level.COMMUNE).order_by("path")
    # Centre staff propose for their commune's centre, never in the name of a district.
    return units.filter(
        Q(path__in=scope.roots(REVIEW_ROLES))
        | Q(path__in=scope.roots(STAFF_ROLES), level=AdministrativeUnit.Level.COMMUNE)
    ).order_by("path")


def proposes_for(user, unit: AdministrativeUnit) -> bool:
    """Whether the user proposes in the name of the unit."""
    scope = scope_of(user)
    if scope.everything:
        return True
    if unit.path in scope.roots(REVIEW_ROLES):
        return True
    return unit.level == AdministrativeUnit.Level.COMMUNE and unit.path in scope.roots(STAFF_ROLES)


def can_propose(user) -> bool:
    """Whether the user proposes for some unit (the list page's "new proposal")."""
    scope = scope_of(user)
    return scope.everything or scope.has_role(REVIEW_ROLES) or scope.has_role(STAFF_ROLES)


def can_edit(user, proposal: Proposal) -> bool:
    """The proposing unit's proposers change a draft and submit it."""
    return proposal.status == Proposal.Status.DRAFT and proposes_for(user, proposal.proposing_unit)


def decides(user, proposal: Proposal) -> bool:
    """Whether the user records decisions on the proposal, whatever its state: a reviewer or
    unit admin over the unit of the deciding level, strictly above the proposing unit; when
    that unit is the proposing unit itself, also its own unit admin."""
    scope = scope_of(user)
    if scope.everything:
        return True
    unit, deciding = proposal.proposing_unit, proposal.deciding_unit()
    if deciding is None:
        return False
    if deciding.path != unit.path:
        return scope.covers(deciding.path, REVIEW_ROLES)
    return scope.covers_strictly(unit.path, REVIEW_ROLES) or scope.covers(unit.path, ADMIN_ROLES)


def can_decide(user, proposal: Proposal) -> bool:
    """Approve (with the decision) or reject a submitted proposal."""
    return proposal.status == Proposal.Status.SUBMITTED and decides(user, proposal)


def can_return(user, proposal: Proposal) -> bool:
    """Send a submitted proposal back to draft: its decider, or its proposers taking it back."""
    return proposal.status == Proposal.Status.SUBMITTED and (
        decides(user, proposal) or proposes_for(user, proposal.proposing_unit)
    )


def can_view_register(user, unit: AdministrativeUnit) -> bool:
    return scope_of(user).covers(unit.path, write=False)
