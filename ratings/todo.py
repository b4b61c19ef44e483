"""The ratings' items on the dashboard's to-do list (centres/todo.py)."""

import datetime

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from centres.scope import EDITING_ROLES, REVIEW_ROLES, scope_of
from centres.todo import Item
from core.text import group_digits

from .models import Rating, RatingRound
from .permissions import SELF_EDITABLE


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def items(user, today: datetime.date) -> list[Item]:
    return own_ratings(user, today) + reviews_waiting(user, today)


def own_ratings(user, today: datetime.date) -> list[Item]:
    """For a centre's editors: self-assessments due or returned, and the years an approval
    locked (last year and this)."""
    scope = scope_of(user)
    if not scope.has_role(EDITING_ROLES):
        return []
    ratings = (
        scope.filter(
            Rating.objects.filter(year__gte=today.year - 1, is_historical=False),
            "centre__commune__path",
            EDITING_ROLES,
            write=True,
        )
        .select_related("centre__commune", "round")
        .order_by("-year", "centre__commune__path", "kind")[:30]
    )
    found = []
    for rating in ratings:
        values = {"centre": rating.subject, "year": rating.year}
        if rating.status == Rating.Status.RETURNED:
            found.append(Item(
                _("%(centre)s: the self-assessment of %(year)s was returned; correct and "
                  "submit it again.") % values,
                rating.get_absolute_url(), "danger",
                rating.round.deadline if rating.round else None,
            ))  # fmt: skip
        elif rating.status in SELF_EDITABLE and rating.round:
            deadline = rating.round.deadline
            late = (today - deadline).days
            values["date"] = _day(deadline)
            text = (
                _("%(centre)s: the self-assessment of %(year)s was due on %(date)s "
                  "(%(late)s days late).") % {**values, "late": late}
                if late > 0
                else _("%(centre)s: submit the self-assessment of %(year)s by %(date)s.") % values
            )  # fmt: skip
            found.append(Item(
                text, rating.get_absolute_url(), "danger" if late > 0 else "warning", deadline
            ))  # fmt: skip
        elif (
            rating.status == Rating.Status.APPROVED
            and rating.approved_at
            and not rating.is_community
        ):
            values["date"] = _day(timezone.localdate(rating.approved_at))  # the day in Việt Nam
            found.append(Item(
                _("%(year)s is locked for %(centre)s because its rating was approved on "
                  "%(date)s: its records are read-only.") % values,
                rating.get_absolute_url(), "secondary",
            ))  # fmt: skip
    return found


def reviews_waiting(user, today: datetime.date) -> list[Item]:
    """For reviewers: submitted self-assessments waiting in each round they review."""
    scope = scope_of(user)
    if not scope.has_role(REVIEW_ROLES):
        return []
    waiting = (
        scope.filter(
            Rating.objects.filter(status=Rating.Status.SUBMITTED, round__isnull=False),
            "centre__commune__path",
            REVIEW_ROLES,
            write=True,
        )
        .values("round")
        .annotate(n=Count("pk"), first=Min("submitted_at"))
        .order_by("first")[:20]
    )
    rounds = RatingRound.objects.in_bulk([w["round"] for w in waiting])
    found = []
    for row in waiting:
        rating_round = rounds[row["round"]]
        found.append(Item(
            _("%(count)s self-assessments of %(round)s wait for your review.")
            % {"count": group_digits(row["n"]), "round": rating_round},
            rating_round.get_absolute_url() + "?status=submitted", "warning",
        ))  # fmt: skip
    return found
