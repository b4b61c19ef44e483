"""The headline sentences of each report, in the published wording ("158/286 trung tâm xếp loại
tốt (chiếm tỷ lệ 55,2%), tăng 17,3 điểm % so với năm 2007."): one text for HTML, PDF and Excel."""

from django.utils.translation import gettext as _

from .ranking import leading_activity_units, leading_units
from .selectors import ActivitySummary, RatingSummary
from .templatetags.report_format import cell, change


def rating_headline(summary: RatingSummary) -> str:
    count, share = summary.total.cells[0][1], summary.total.cells[0][2]
    text = _("%(n)s/%(total)s centres graded good (%(share)s)") % {
        "n": count,
        "total": summary.total.centres,
        "share": cell(share, "pct"),
    }
    if summary.is_open:
        text += ", " + _("graded so far %(n)s/%(total)s") % {
            "n": summary.total.graded,
            "total": summary.total.centres,
        }
    if summary.changes:
        compared = _("points compared with")  # not in the f-string: makemessages must see it
        text += f", {change(summary.changes[0])} {compared} {summary.compare_year}"
        if summary.compares_graded:
            graded = _("shares of the graded centres, a round being under way")
            text += f" ({graded})"
    return text + "."


def activity_headline(summary: ActivitySummary) -> str:
    return _("%(classes)s classes and %(talks)s talks with %(visits)s participant-visits.") % {
        "classes": cell(summary.total.classes, "int"),
        "talks": cell(summary.total.talks, "int"),
        "visits": cell(summary.total.visits, "int"),
    }


def rating_ranking(summary: RatingSummary) -> str:
    """ "Huyện Quỳnh Phụ (80,0%), Huyện Đông Hưng (75,0%) … are the units with the highest share
    of centres graded good." Empty when there is nothing to rank."""
    leaders = leading_units(summary.rows)
    if not leaders:
        return ""
    names = ", ".join(f"{r.name} ({cell(r.shares[0], 'pct')})" for r in leaders)
    return _("%(units)s are the units with the highest share of centres graded good.") % {
        "units": names
    }


def activity_ranking(summary: ActivitySummary) -> str:
    leaders = leading_activity_units(summary.by_unit)
    if not leaders:
        return ""
    names = ", ".join(f"{r.name} ({cell(r.visits, 'int')})" for r in leaders)
    return _("%(units)s are the units with the most participant-visits.") % {"units": names}


def facilities_headline(result) -> str:
    """ "135/151 centres have their own premises (89,4%), 151/151 their own seal, …": the
    facilities as the seeds count them, from the indicators' total row."""
    total = result.total
    if not total.get("centres"):
        return ""
    n = total.get("centres")
    parts = [
        _("%(k)s/%(n)s centres have their own premises (%(share)s)")
        % {
            "k": total.get("own_premises"),
            "n": n,
            "share": cell(total.share("own_premises"), "pct"),
        },
        _("%(k)s/%(n)s their own seal") % {"k": total.get("seal"), "n": n},
        _("%(k)s/%(n)s a bank account") % {"k": total.get("account"), "n": n},
        _("%(k)s/%(n)s an internet connection") % {"k": total.get("internet"), "n": n},
        _("%(k)s/%(n)s audio equipment") % {"k": total.get("audio"), "n": n},
    ]
    return ", ".join(parts) + "."


def recognised_split(summary: RatingSummary) -> list[int]:
    """The communes recognised (at either level), not recognised and not assessed."""
    level_2, level_1, not_met, unassessed = summary.total.counts
    return [level_2 + level_1, not_met, unassessed]


def community_headline(summary: RatingSummary) -> str:
    """ "62/95 xã được công nhận “Cộng đồng học tập” (65,3%): 12 đạt mức độ 2 (12,6%), 50 đạt
    mức độ 1 (52,6%)."
    """
    (_l2, level_2, share_2), (_l1, level_1, share_1) = summary.total.cells[:2]
    text = _(
        "%(n)s/%(total)s communes recognised as learning communities (%(share)s): %(level_2)s "
        "at level 2 (%(share_2)s), %(level_1)s at level 1 (%(share_1)s)"
    ) % {
        "n": cell(level_2 + level_1, "int"),
        "total": cell(summary.total.centres, "int"),
        # the recognised share rounded on its own (the sum of two rounded shares may be off)
        "share": cell(summary.rounding.shares(recognised_split(summary))[0], "pct"),
        "level_2": cell(level_2, "int"),
        "share_2": cell(share_2, "pct"),
        "level_1": cell(level_1, "int"),
        "share_1": cell(share_1, "pct"),
    }
    if summary.is_open:
        text += ", " + _("assessed so far %(n)s/%(total)s") % {
            "n": cell(summary.total.graded, "int"),
            "total": cell(summary.total.centres, "int"),
        }
    return text + "."
