"""The commendation workflow. Every change of a saved proposal is one guarded UPDATE
(optimistic locking on `version`, as ratings and period reports do) with a row of history
naming who and why, inside a transaction; the services check who may act themselves."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .models import Proposal

# What a draft's edit may change; the state, the decision and the proposer are the services'.
EDITABLE_FIELDS = [
    "year", "proposing_unit", "recipient", "centre", "staff", "name", "position",
    "achievement", "award", "deciding_level",
]  # fmt: skip


class ConcurrentEdit(Exception):
    """Someone changed the proposal after this page was opened; nothing was written."""


def _update_if_unchanged(proposal: Proposal, version: int, *, user, why: str = "", **fields):
    """Write the fields only if nobody saved since `version` was read; history follows."""
    updated = Proposal.objects.filter(pk=proposal.pk, version=version).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise ConcurrentEdit
    proposal.refresh_from_db()
    proposal._history_user = user  # the instance may carry the creator's from its first save
    Proposal.history.bulk_history_create(
        [proposal], update=True, default_user=user, default_change_reason=why
    )


def _move(proposal: Proposal, *, to: str, user, version: int, why: str = "", **fields):
    """Move to the state `to`; `why` goes into the history, `fields` into the proposal."""
    _update_if_unchanged(proposal, version, user=user, why=why, status=to, **fields)
    return proposal


@transaction.atomic
def save_proposal(*, user, proposal: Proposal, version: int | None = None) -> Proposal:
    """Create a draft (in the name of one of the user's units) or save a draft's changes."""
    if not permissions.proposes_for(user, proposal.proposing_unit):
        raise PermissionDenied
    proposal.full_clean(exclude=["created_by"])
    if proposal.pk is None:
        proposal.created_by = user
        proposal.status = Proposal.Status.DRAFT
        proposal._history_user = user
        proposal.save()
        return proposal
    saved = Proposal.objects.select_related("proposing_unit").get(pk=proposal.pk)
    if not permissions.can_edit(user, saved):
        raise ValidationError(_("Only a draft can be changed."))
    _update_if_unchanged(
        proposal,
        saved.version if version is None else version,
        user=user,
        **{f.attname: getattr(proposal, f.attname) for f in _editable()},
    )
    return proposal


def _editable():
    return [Proposal._meta.get_field(name) for name in EDITABLE_FIELDS]


@transaction.atomic
def submit(*, user, proposal: Proposal, version: int) -> Proposal:
    """Send a draft to the unit that decides."""
    if proposal.status != Proposal.Status.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."))
    if not permissions.can_edit(user, proposal):
        raise PermissionDenied
    proposal.full_clean(exclude=["created_by"])  # the units or the centre may have changed
    return _move(
        proposal, to=Proposal.Status.SUBMITTED, user=user, version=version,
        submitted_at=timezone.now(), reason="",
    )  # fmt: skip


def _reason(reason: str, message: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": message})
    return reason


@transaction.atomic
def return_to_draft(*, user, proposal: Proposal, reason: str, version: int) -> Proposal:
    """Send a submitted proposal back to its proposers (or take it back), saying why."""
    if proposal.status != Proposal.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted proposal can be returned."))
    if not permissions.can_return(user, proposal):
        raise PermissionDenied
    reason = _reason(reason, _("Say why it is returned."))
    return _move(
        proposal, to=Proposal.Status.DRAFT, user=user, version=version, why=reason,
        reason=reason, submitted_at=None,
    )  # fmt: skip


@transaction.atomic
def reject(*, user, proposal: Proposal, reason: str, version: int) -> Proposal:
    """Refuse a submitted proposal, saying why."""
    if proposal.status != Proposal.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted proposal can be rejected."))
    if not permissions.can_decide(user, proposal):
        raise PermissionDenied
    reason = _reason(reason, _("Say why it is rejected."))
    return _move(
        proposal, to=Proposal.Status.REJECTED, user=user, version=version, why=reason,
        reason=reason, decided_at=timezone.now(),
    )  # fmt: skip


@transaction.atomic
def approve(
    *,
    user,
    proposal: Proposal,
    decision_number: str,
    decision_date: datetime.date,
    deciding_body: str,
    version: int,
) -> Proposal:
    """Record the decision that grants the commendation: its number, date and body."""
    if proposal.status != Proposal.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted proposal can be decided."))
    if not permissions.can_decide(user, proposal):
        raise PermissionDenied
    errors = {}
    number, body = " ".join(decision_number.split()), " ".join(deciding_body.split())
    if not number:
        errors["decision_number"] = _("Give the decision's number, e.g. 123/QĐ-UBND.")
    if not body:
        errors["deciding_body"] = _("Give the body that decided.")
    if decision_date is None:
        errors["decision_date"] = _("Give the decision's date.")
    elif decision_date > timezone.localdate():
        errors["decision_date"] = _("The decision's date cannot be in the future.")
    elif decision_date.year < proposal.year:
        errors["decision_date"] = _("The decision cannot come before the year it commends.")
    if errors:
        raise ValidationError(errors)
    return _move(
        proposal, to=Proposal.Status.APPROVED, user=user, version=version, reason="",
        decision_number=number, decision_date=decision_date, deciding_body=body,
        decided_at=timezone.now(),
    )  # fmt: skip
