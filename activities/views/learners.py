"""A class's learner list: enrol, correct a learner, take a learner off the list."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import EnrolExistingForm, LearnerForm
from ..models import Activity, Learner
from ..permissions import lock_reason
from .records import changeable_activity


def learners(request, pk: int):
    """A class's learner list: enrol learners of the centre or add new ones."""
    activity = changeable_activity(request, pk)
    if not activity.is_class:
        raise PermissionDenied(_("Talks keep headcounts only, without a list of learners."))
    new = LearnerForm(request.POST or None, prefix="new", centre=activity.centre)
    existing = EnrolExistingForm(
        request.POST if "enrol_existing" in request.POST else None,
        activity=activity,
        search=request.GET.get("q", "").strip()[:100],
    )
    if request.method == "POST" and "enrol_existing" in request.POST:
        if existing.is_valid():
            with transaction.atomic():
                for learner in existing.cleaned_data["learners"]:
                    services.enrol_learner(activity=activity, learner=learner)
            messages.success(request, _("The learners were enrolled."))
            return redirect("activities:learners", activity.pk)
        new = LearnerForm(prefix="new", centre=activity.centre)
    elif request.method == "POST" and new.is_valid():
        with transaction.atomic():
            learner = new.save()
            services.enrol_learner(activity=activity, learner=learner)
        messages.success(request, _("%(name)s was enrolled.") % {"name": learner})
        return redirect("activities:learners", activity.pk)
    return render(
        request,
        "activities/learners.html",
        {
            "activity": activity,
            "new": new,
            "existing": existing,
            "enrolled": activity.enrolments.filter(withdrawn_on=None)
            .select_related("learner")
            .order_by("learner__search_name"),
            "withdrawn": activity.enrolments.exclude(withdrawn_on=None)
            .select_related("learner")
            .order_by("learner__search_name"),
            "today": datetime.date.today(),
        },
    )


def _enrolled_learner(activity, pk: int) -> Learner:
    return get_object_or_404(Learner.objects.filter(enrolments__activity=activity), pk=pk)


def learner_update(request, pk: int, learner_pk: int):
    """Correct a learner's name, sex, birth year...; the sessions' counts follow."""
    activity = changeable_activity(request, pk)
    learner = _enrolled_learner(activity, learner_pk)
    form = LearnerForm(request.POST or None, instance=learner, centre=activity.centre)
    del form.fields["confirm_new"]
    if form.is_valid() and {"sex", "ethnicity"} & set(form.changed_data):
        # The sessions of every class the learner attended are recounted: none may be locked.
        for other in (
            Activity.objects.filter(enrolments__learner=learner).select_related("centre").distinct()
        ):
            reason = lock_reason(other.centre, other.year, other.start_date, other.end_date)
            if reason:
                form.add_error(None, f"{other.title}: {reason}")
                break
    if form.is_valid():
        services.update_learner(learner=form.instance, changed=form.changed_data)
        messages.success(request, _("%(name)s was saved.") % {"name": learner})
        return redirect("activities:learners", activity.pk)
    return render(
        request,
        "activities/learner_form.html",
        {"form": form, "activity": activity, "learner": learner},
    )


@require_POST
def learner_withdraw(request, pk: int, learner_pk: int):
    """Take a learner off the list; the marks already saved stay (POST only)."""
    activity = changeable_activity(request, pk)
    learner = _enrolled_learner(activity, learner_pk)
    services.withdraw_learner(activity=activity, learner=learner)
    messages.success(
        request,
        _("%(name)s was taken off the list; the attendance already saved is kept.")
        % {"name": learner},
    )
    return redirect("activities:learners", activity.pk)
