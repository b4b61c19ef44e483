from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from centres.models import AdministrativeUnit, Role
from centres.scope import REVIEW_ROLES, scope_of
from core.forms import UploadForm
from core.responses import xlsx_response
from core.text import whole_number
from core.xlsx.read import ImportFileError
from core.xlsx.stream import list_workbook
from core.xlsx.write import INTEGER, template_workbook

from . import imports, joint_selectors, joint_services, permissions, selectors, services
from .forms import (
    EvidenceForm,
    HistoricalGradeForm,
    JointApprovalForm,
    JointReviewForm,
    OpenRoundForm,
    ReasonForm,
    ScoresForm,
    VersionForm,
)
from .grading import level_rule
from .models import Evidence, Grade, Rating, RatingRound, result_label
from .rubric_permissions import rubric_provinces

CONFLICT = gettext_lazy(
    "Someone saved this rating after you opened the page, so nothing was written. "
    "Your entries are kept below beside the latest saved values: check them and save again."
)


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_safe
def index(request):
    user = request.user
    can_open = scope_of(user).has_role(REVIEW_ROLES)
    return render(
        request,
        "ratings/index.html",
        {
            "rounds": selectors.round_list(user),
            "ratings": selectors.centre_ratings(user)[:50]
            if scope_of(user).roots({Role.CENTRE_STAFF})
            else [],
            "can_open": can_open,
            "can_edit_rubrics": rubric_provinces(user).exists(),
        },
    )


def round_open(request):
    form = OpenRoundForm(request.POST or None, user=request.user)
    if not form.fields["unit"].queryset.exists():
        raise PermissionDenied
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        if not permissions.can_open_round(request.user, unit):
            raise PermissionDenied
        try:
            rating_round = services.open_round(
                user=request.user,
                unit=unit,
                year=form.cleaned_data["year"],
                deadline=form.cleaned_data["deadline"],
                joint_may_approve=form.cleaned_data["joint_may_approve"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("The round was opened."))
            return redirect(rating_round)
    return render(request, "ratings/round_form.html", {"form": form})


@require_safe
def round_missing(request, pk: int):
    """The round's centres that have not submitted (not started, draft, returned), as Excel."""
    rating_round = get_object_or_404(
        RatingRound.objects.for_user(request.user).select_related("unit"), pk=pk
    )
    ratings, _indicators = selectors.round_overview(request.user, rating_round, status="missing")
    statuses = dict(Rating.Status.choices)
    rows = [
        (r.centre.commune.parent.name if r.centre.commune.parent else "", r.centre.commune.code,
         r.centre.commune.name, r.centre.name, str(statuses[r.status]).capitalize(), r.days_late)
        for r in ratings
    ]  # fmt: skip
    content = list_workbook(
        sheet_name=_("Not submitted"),
        title=_(
            "Rating round %(year)s, %(unit)s — centres that have not submitted (deadline %(date)s)"
        ) % {"year": rating_round.year, "unit": rating_round.unit.name,
           "date": rating_round.deadline.strftime("%d/%m/%Y")},
        headers=[_("Unit"), _("Commune code"), _("Commune"), _("Centre"), _("Status"),
                 _("Days late")],
        rows=rows,
        formats={6: INTEGER},
    )  # fmt: skip
    return xlsx_response(content, f"chua-nop-{rating_round.year}-{rating_round.pk}.xlsx")


def round_detail(request, pk: int):
    rating_round = get_object_or_404(
        RatingRound.objects.for_user(request.user).select_related("unit", "rubric"), pk=pk
    )
    status = request.GET.get("status", "")
    if status not in [*Rating.Status.values, "missing"]:
        status = ""
    unit_pk = request.GET.get("unit", "")
    unit = (
        get_object_or_404(
            AdministrativeUnit.objects.filter(parent=rating_round.unit), pk=whole_number(unit_pk)
        )
        if unit_pk
        else None
    )
    ratings, indicator_count = selectors.round_overview(
        request.user, rating_round, status=status, unit=unit
    )
    can_bulk = permissions.can_review_round(request.user, rating_round)
    if request.method == "POST":
        if not can_bulk:
            raise PermissionDenied
        chosen = ratings.filter(
            pk__in=[n for v in request.POST.getlist("ratings") if (n := whole_number(v))]
        )
        if "confirm" not in request.POST:
            # Approving locks each centre's year: the ticked ratings are listed to confirm.
            if not chosen:
                messages.warning(request, _("Tick the ratings to approve first."))
                return redirect(rating_round)
            return render(
                request,
                "ratings/bulk_confirm.html",
                {"round": rating_round, "ratings": chosen, "indicator_count": indicator_count},
            )
        approved, skipped = services.bulk_approve(user=request.user, ratings=chosen)
        messages.success(
            request,
            _("%(approved)s approved; %(skipped)s skipped (not submitted or review incomplete).")
            % {"approved": approved, "skipped": skipped},
        )
        return redirect(rating_round)
    return render(
        request,
        "ratings/round_detail.html",
        {
            "round": rating_round,
            "ratings": ratings,
            "indicator_count": indicator_count,
            "counts": selectors.completeness(rating_round, request.user),
            "statuses": Rating.Status.choices,
            "status": status,
            "units": rating_round.unit.children.exclude(level="commune").order_by("path"),
            "unit": unit,
            "can_bulk": can_bulk,
            "joint_form": JointApprovalForm(
                initial={"joint_may_approve": rating_round.joint_may_approve}
            )
            if permissions.can_grant_joint_approval(request.user, rating_round)
            else None,
        },
    )


@require_POST
def round_joint(request, pk: int):
    """Whether the round lets the Hội Khuyến học review and approve like a reviewer."""
    rating_round = get_object_or_404(
        RatingRound.objects.for_user(request.user).select_related("unit"), pk=pk
    )
    if not permissions.can_grant_joint_approval(request.user, rating_round):
        raise PermissionDenied
    form = JointApprovalForm(request.POST)
    form.is_valid()  # a checkbox: absent is False, never an error
    allowed = bool(form.cleaned_data.get("joint_may_approve"))
    joint_services.set_joint_may_approve(
        user=request.user, rating_round=rating_round, allowed=allowed
    )
    if allowed:
        messages.success(request, _("The Hội Khuyến học may now approve ratings of this round."))
    else:
        messages.success(request, _("The Hội Khuyến học gives its opinion only in this round."))
    return redirect(rating_round)


def _rating(request, pk: int) -> Rating:
    return get_object_or_404(selectors.rating_detail(request.user, pk))


@require_safe
def rating_detail(request, pk: int):
    return _detail_page(request, _rating(request, pk))


def _detail_page(request, rating: Rating, joint_form: JointReviewForm | None = None):
    """The rating page; `joint_form`, a joint reviewer's form sent back with its errors."""
    reviewed = rating.review_total is not None
    result = None
    if rating.rubric_id and rating.status != Rating.Status.NOT_STARTED:
        result = services.grade_of(rating, "review" if reviewed else "self")
    user = request.user
    reviews = joint_selectors.joint_reviews(rating)
    can_joint = permissions.can_joint_review(user, rating)
    if can_joint and joint_form is None:
        joint_form = _joint_form(rating, reviews, user)
    return render(
        request,
        "ratings/rating_detail.html",
        {
            "rating": rating,
            "rows": joint_selectors.with_joint_scores(selectors.rubric_rows(rating), reviews),
            "joint_reviews": reviews,
            "joint_form": joint_form if can_joint else None,
            "result": result,
            "result_is_review": reviewed,
            "can_edit": permissions.can_edit_self_assessment(user, rating),
            "can_review": permissions.can_review(user, rating),
            "can_reopen": permissions.can_reopen(user, rating),
            "round_visible": rating.round_id is not None
            and permissions.can_view_round(user, rating.round),
            "review_complete": rating.rubric_id and services.review_is_complete(rating),
            "reason_form": ReasonForm(initial={"version": rating.version}),
            "version_form": VersionForm(initial={"version": rating.version}),
            "evidence_form": EvidenceForm(rating=rating, max_bytes=settings.EVIDENCE_MAX_BYTES),
            "history": selectors.rating_history(rating),
            "level_rule": level_rule(rating.rubric)
            if rating.is_community and rating.rubric_id
            else "",
        },
    )


def _joint_form(rating: Rating, reviews, user, data=None) -> JointReviewForm:
    own = next((r for r in reviews if r.user_id == user.pk), None)
    return JointReviewForm(data, rating=rating, review=own)


@require_POST
def joint_review(request, pk: int):
    """A joint reviewer's points and opinion, from the rating page (errors shown there)."""
    rating = _rating(request, pk)
    if not permissions.can_joint_review(request.user, rating):
        raise PermissionDenied
    form = _joint_form(rating, joint_selectors.joint_reviews(rating), request.user, request.POST)
    if form.is_valid():
        try:
            joint_services.save_joint_review(
                user=request.user,
                rating=rating,
                points=form.points(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The opinion of the Hội Khuyến học was saved."))
            return redirect(rating)
    return _detail_page(request, rating, form)


def _scores(request, pk: int, side: str):
    rating = _rating(request, pk)
    allowed = permissions.can_edit_self_assessment if side == "self" else permissions.can_review
    if not allowed(request.user, rating):
        raise PermissionDenied
    form = ScoresForm(request.POST or None, rating=rating, side=side)
    latest = None
    if form.is_valid():
        save = services.save_self_assessment if side == "self" else services.save_review
        try:
            save(
                user=request.user,
                rating=rating,
                points=form.points(),
                version=form.cleaned_data["version"],
            )
        except services.ConcurrentEdit:
            messages.warning(request, CONFLICT)
            rating.refresh_from_db()
            latest = {s.indicator_id: s for s in rating.scores.all()}
            data = request.POST.copy()
            data["version"] = rating.version
            form = ScoresForm(data, rating=rating, side=side)
            form.is_valid()
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The points were saved."))
            return redirect(rating)
    # Beside each indicator: what the centre gave itself, said and attached, and what its
    # recorded data suggest (the reviewer scores with all of it in view).
    known = {
        row["indicator"].pk: row
        for criterion in selectors.rubric_rows(rating)
        for row in criterion["indicators"]
    }
    rows = [
        (indicator, points, comment, known.get(indicator.pk, {}))
        for indicator, points, comment in form.rows()
    ]
    return render(
        request,
        "ratings/scores_form.html",
        {"rating": rating, "form": form, "side": side, "latest": latest, "rows": rows},
    )


def self_assessment(request, pk: int):
    return _scores(request, pk, "self")


def review(request, pk: int):
    return _scores(request, pk, "review")


def _transition(request, pk: int, allowed, action, *, needs_reason: bool, done: str):
    rating = _rating(request, pk)
    if not allowed(request.user, rating):
        raise PermissionDenied
    form = (ReasonForm if needs_reason else VersionForm)(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
        return redirect(rating)
    try:
        with transaction.atomic():
            action(user=request.user, rating=rating, **form.cleaned_data)
    except services.ConcurrentEdit:
        messages.warning(
            request,
            _("The rating changed after you opened the page; nothing was done twice. Check it."),
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, done(rating) if callable(done) else done)
    return redirect(rating)


@require_POST
def submit(request, pk: int):
    return _transition(
        request, pk, permissions.can_edit_self_assessment, services.submit,
        needs_reason=False, done=_("The self-assessment was submitted."),
    )  # fmt: skip


@require_POST
def return_to_centre(request, pk: int):
    return _transition(
        request, pk, permissions.can_review, services.return_rating,
        needs_reason=True, done=_("The self-assessment was returned to the centre."),
    )  # fmt: skip


def _approved_message(rating: Rating) -> str:
    if rating.is_community:
        return _("The commune's result was approved.")
    return _("The rating was approved.")


@require_POST
def approve(request, pk: int):
    """Approving locks the centre's year: the first POST shows the grade and asks again."""
    if "confirm" not in request.POST:
        rating = _rating(request, pk)
        if not permissions.can_review(request.user, rating):
            raise PermissionDenied
        result = services.grade_of(rating, "review")
        return render(
            request,
            "ratings/approve_confirm.html",
            {
                "rating": rating,
                "result": result,
                "grade": result_label(result.grade),
                "version_form": VersionForm(request.POST),
                "complete": services.review_is_complete(rating),
            },
        )
    return _transition(
        request, pk, permissions.can_review, services.approve,
        needs_reason=False, done=_approved_message,
    )  # fmt: skip


@require_POST
def reopen(request, pk: int):
    return _transition(
        request, pk, permissions.can_reopen, services.reopen,
        needs_reason=True, done=_("The rating was reopened."),
    )  # fmt: skip


@require_POST
def evidence_upload(request, pk: int):
    rating = _rating(request, pk)
    if not permissions.can_edit_self_assessment(request.user, rating):
        raise PermissionDenied
    form = EvidenceForm(
        request.POST, request.FILES, rating=rating, max_bytes=settings.EVIDENCE_MAX_BYTES
    )
    if form.is_valid():
        upload = form.cleaned_data["file"]
        Evidence.objects.create(
            rating=rating,
            indicator=form.cleaned_data["indicator"],
            file=upload,
            original_name=upload.name[:200],
            size=upload.size,
            uploaded_by=request.user,
        )
        messages.success(request, _("The evidence file was added."))
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, problem)
    return redirect(rating)


@require_safe
def evidence_download(request, pk: int):
    visible = Rating.objects.for_user(request.user)
    evidence = get_object_or_404(Evidence.objects.filter(rating__in=visible), pk=pk)
    return FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name
    )


def historical(request):
    form = HistoricalGradeForm(
        request.POST if "record" in request.POST else None, user=request.user
    )
    if not form.fields["centre"].queryset.exists():
        raise PermissionDenied
    importing = "import" in request.POST
    upload = UploadForm(request.POST, request.FILES) if importing else UploadForm()
    result = None
    if importing and upload.is_valid():
        try:
            result = imports.import_grades(user=request.user, upload=upload.cleaned_data["file"])
        except ImportFileError as error:
            upload.add_error("file", str(error))
        else:
            if result.ok:
                messages.success(
                    request, _("%(created)s historical grades were recorded.") % vars(result)
                )
                return redirect("ratings:historical")
    if form.is_valid():
        data = form.cleaned_data
        before = Rating.objects.filter(
            centre=data["centre"], year=data["year"], is_historical=True
        ).first()
        try:
            rating = services.record_historical_grade(user=request.user, **data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field, problems)
        else:
            if before is None:
                messages.success(request, _("The historical grade was recorded."))
            else:
                messages.success(
                    request,
                    _("The grade of %(centre)s for %(year)s was changed: %(old)s → %(new)s.")
                    % {"centre": rating.centre.commune.name, "year": rating.year,
                       "old": before.get_grade_display().capitalize(),
                       "new": rating.get_grade_display().capitalize()},
                )  # fmt: skip
            return redirect("ratings:historical")
    recorded = Paginator(selectors.historical_grades(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "ratings/historical.html",
        {"form": form, "upload": upload, "result": result, "page": recorded},
    )


@require_safe
def grades_template(request):
    content = template_workbook(
        imports.GRADE_COLUMNS,
        {"grade": [str(label).capitalize() for label in Grade.labels]},
        [
            _("How to fill in past years' grades"),
            _("One row per centre and year: the commune code, the year and the grade."),
            _("Nothing is recorded unless every row is valid."),
        ],
    )
    return xlsx_response(content, "mau-xep-loai-nam-truoc.xlsx")
