from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from centres.models import AdministrativeUnit, Role
from centres.models.assignments import unit_paths

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


class CriterionInline(FrozenWhenUsed, admin.TabularInline):
    model = Criterion
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.is_used)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


def _province_paths(user) -> list[str]:
    """Provinces a staff user administers: roots of their unit-admin assignments' provinces."""
    return sorted({p.split("/", 1)[0] + "/" for p in unit_paths(user, {Role.UNIT_ADMIN})})


@admin.register(Rubric)
class RubricAdmin(FrozenWhenUsed, admin.ModelAdmin):
    list_display = ["name", "province", "version", "first_year", "last_year"]
    list_filter = ["province"]
    inlines = [CriterionInline]
    actions = ["new_version"]

    def get_queryset(self, request):
        """Province admins see and edit only their province's rubrics."""
        rubrics = super().get_queryset(request)
        if request.user.is_superuser:
            return rubrics
        return rubrics.filter(province__path__in=_province_paths(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "province" and not request.user.is_superuser:
            kwargs["queryset"] = AdministrativeUnit.objects.filter(
                path__in=_province_paths(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description=_("Make a new editable version"))
    def new_version(self, request, queryset):
        for rubric in queryset:
            copy_rubric(rubric)
        messages.success(request, _("New versions were made."))


@transaction.atomic
def copy_rubric(rubric: Rubric) -> Rubric:
    """A copy with the next version number, criteria and indicators included."""
    criteria = list(rubric.criteria.prefetch_related("indicators"))
    latest = Rubric.objects.filter(province=rubric.province, first_year=rubric.first_year)
    rubric.pk = None
    rubric.version = max(latest.values_list("version", flat=True)) + 1
    rubric.save()
    for criterion in criteria:
        indicators = list(criterion.indicators.all())
        criterion.pk, criterion.rubric = None, rubric
        criterion.save()
        for indicator in indicators:
            indicator.pk, indicator.criterion = None, criterion
            indicator.save()
    return rubric


@admin.register(Criterion)
class CriterionAdmin(FrozenWhenUsed, admin.ModelAdmin):
    list_display = ["name", "rubric", "order"]
    inlines = [IndicatorInline]

    def get_queryset(self, request):
        criteria = super().get_queryset(request)
        if request.user.is_superuser:
            return criteria
        return criteria.filter(rubric__province__path__in=_province_paths(request.user))


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "user", "at", "reason"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["centre", "year", "status", "grade", "is_historical"]
    list_filter = ["status", "grade", "year", "is_historical"]
    raw_id_fields = ["centre", "round", "rubric"]
    list_select_related = ["centre"]
    readonly_fields = ["status", "grade", "self_total", "review_total", "version"]
    inlines = [TransitionInline]


@admin.register(RatingRound)
class RatingRoundAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "deadline", "rubric"]
    raw_id_fields = ["unit", "opened_by"]
