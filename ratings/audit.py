"""The ratings' histories a unit's log shows (core/history.py): what decides a grade."""

from django.utils.translation import gettext as _

from core.history import Audited, path_under, register

from .models import Criterion, Evidence, Indicator, JointReview, JointScore, Rating, Rubric, Score


def _rating(row) -> str:
    return _("%(centre)s, %(year)s") % {"centre": row.rating.centre.name, "year": row.rating.year}


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _code(indicator) -> str:
    return f"{indicator.criterion.order}.{indicator.order}"


def register_histories() -> None:
    register(
        Audited(
            Rubric,
            path_under("province__path"),
            percent=frozenset({"good_min_share", "fair_min_share", "average_min_share"}),
            subject=lambda row: (
                _("Rubric %(name)s (version %(version)s)")
                % {"name": row.name, "version": row.version}
            ),
        )
    )
    register(
        Audited(
            Criterion,
            path_under("rubric__province__path"),
            related=("rubric",),
            subject=lambda row: (
                _("Criterion %(order)s of %(rubric)s (version %(version)s)")
                % {"order": row.order, "rubric": row.rubric.name, "version": row.rubric.version}
            ),
        )
    )
    register(
        Audited(
            Indicator,
            path_under("criterion__rubric__province__path"),
            related=("criterion__rubric",),
            subject=lambda row: (
                _("Indicator %(code)s of %(rubric)s (version %(version)s)")
                % {
                    "code": f"{row.criterion.order}.{row.order}",
                    "rubric": row.criterion.rubric.name,
                    "version": row.criterion.rubric.version,
                }
            ),
        )
    )
    register(
        Audited(
            Rating,
            path_under("centre__commune__path"),
            related=("centre",),
            subject=lambda row: (
                _("Rating of %(centre)s, %(year)s") % {"centre": row.centre.name, "year": row.year}
            ),
        )
    )
    register(
        Audited(
            Score,
            path_under("rating__centre__commune__path"),
            related=("indicator__criterion", "rating__centre"),
            subject=lambda row: (
                _("Points of indicator %(code)s — %(rating)s")
                % {"code": _code(row.indicator), "rating": _rating(row)}
            ),
        )
    )
    register(
        Audited(
            Evidence,
            path_under("rating__centre__commune__path"),
            related=("indicator__criterion", "rating__centre"),
            subject=lambda row: (
                _("Evidence for indicator %(code)s — %(rating)s")
                % {"code": _code(row.indicator), "rating": _rating(row)}
            ),
        )
    )
    register(
        Audited(
            JointReview,
            path_under("rating__centre__commune__path"),
            related=("rating__centre", "user"),
            hidden=frozenset({"rating", "user"}),  # the subject names both
            subject=lambda row: (
                _("Opinion of the Hội Khuyến học (%(who)s) — %(rating)s")
                % {"who": _person(row.user), "rating": _rating(row)}
            ),
        )
    )
    register(
        Audited(
            JointScore,
            path_under("joint_review__rating__centre__commune__path"),
            related=("indicator__criterion", "joint_review__rating__centre", "joint_review__user"),
            hidden=frozenset({"joint_review", "indicator"}),  # the subject names both
            subject=lambda row: (
                _("Points of the Hội Khuyến học (%(who)s) for indicator %(code)s — %(rating)s")
                % {
                    "who": _person(row.joint_review.user),
                    "code": _code(row.indicator),
                    "rating": _rating(row.joint_review),
                }
            ),
        )
    )
