from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from centres.admin_scope import ScopedAdmin, ScopedInline, SuperuserOnlyAdmin

from . import rubric_services
from .models import Criterion, Indicator, Rating, RatingRound, Rubric, Transition


class FrozenWhenUsed:
    """A rubric version used by a rating is read-only: make a new version instead."""

    def _frozen(self, obj) -> bool:
        rubric = getattr(obj, "rubric", None) or getattr(
            getattr(obj, "criterion", None), "rubric", None
        )
        rubric = obj if isinstance(obj, Rubric) else rubric
        return rubric is not None and rubric.pk is not None and rubric.is_used

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and self._frozen(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and self._frozen(obj))


class CriterionInline(FrozenWhenUsed, ScopedInline):
    model = Criterion
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.is_used)


class IndicatorInline(FrozenWhenUsed, ScopedInline):
    model = Indicator
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and self._frozen(obj))


@admin.register(Rubric)
class RubricAdmin(FrozenWhenUsed, ScopedAdmin):
    """Province unit admins keep their province's rubric; the province choice is limited to
    provinces (the field's limit_choices_to) in their scope."""

    list_display = ["name", "kind", "province", "version", "first_year", "last_year"]
    list_filter = ["kind", "province"]
    inlines = [CriterionInline]
    actions = ["new_version"]

    def get_readonly_fields(self, request, obj=None):
        """What a version assesses is chosen when it is added, never changed after."""
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "kind"] if obj is not None and "kind" not in fields else fields

    @admin.action(description=_("Make a new editable version"), permissions=["add"])
    def new_version(self, request, queryset):
        for rubric in queryset:
            rubric_services.new_version(user=request.user, rubric=rubric)
        messages.success(request, _("New versions were made."))


@admin.register(Criterion)
class CriterionAdmin(FrozenWhenUsed, ScopedAdmin):
    list_display = ["name", "rubric", "order"]
    inlines = [IndicatorInline]


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "user", "at", "reason"]


@admin.register(Rating)
class RatingAdmin(SuperuserOnlyAdmin):
    list_display = ["centre", "kind", "year", "status", "grade", "is_historical"]
    list_filter = ["kind", "status", "grade", "year", "is_historical"]
    raw_id_fields = ["centre", "round", "rubric"]
    list_select_related = ["centre"]
    readonly_fields = ["kind", "status", "grade", "self_total", "review_total", "version"]
    inlines = [TransitionInline]


@admin.register(RatingRound)
class RatingRoundAdmin(SuperuserOnlyAdmin):
    list_display = ["unit", "kind", "year", "deadline", "rubric"]
    list_filter = ["kind"]
    readonly_fields = ["kind"]
    raw_id_fields = ["unit", "opened_by"]
