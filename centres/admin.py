from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from simple_history.admin import SimpleHistoryAdmin

from .admin_scope import SuperuserOnly, SuperuserOnlyAdmin
from .models import AdministrativeUnit, Assignment, BoardMember, Centre, Staff, TrainingCourse


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(SuperuserOnlyAdmin):
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_until"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path"]


class BoardMemberInline(admin.TabularInline):
    model = BoardMember
    extra = 0


class StaffInline(admin.TabularInline):
    model = Staff
    extra = 0


@admin.register(Centre)
class CentreAdmin(SuperuserOnly, SimpleHistoryAdmin):
    list_display = ["name", "commune", "status"]
    list_filter = ["status", "premises"]
    search_fields = ["name", "commune__name", "commune__code"]
    raw_id_fields = ["commune"]
    filter_horizontal = ["merged_from"]
    list_select_related = ["commune"]
    inlines = [BoardMemberInline, StaffInline]


@admin.register(BoardMember)
class BoardMemberAdmin(SuperuserOnly, SimpleHistoryAdmin):
    list_display = ["full_name", "position", "centre", "left_on"]
    list_filter = ["position"]
    search_fields = ["full_name", "centre__name"]
    raw_id_fields = ["centre"]
    list_select_related = ["centre"]


class TrainingCourseInline(admin.TabularInline):
    model = TrainingCourse
    extra = 0


@admin.register(Staff)
class StaffAdmin(SuperuserOnly, SimpleHistoryAdmin):
    list_display = ["full_name", "kind", "centre", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["full_name", "centre__name"]
    raw_id_fields = ["centre"]
    list_select_related = ["centre"]
    inlines = [TrainingCourseInline]


@admin.register(Assignment)
class AssignmentAdmin(SuperuserOnlyAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name", "unit__code"]
    raw_id_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


def _close_to_non_superusers(model) -> None:
    """Re-register another app's admin (users, groups, axes' logs) as superuser-only: a staff
    account given every model permission must not edit accounts or clear lockouts."""
    if not admin.site.is_registered(model):
        return
    model_admin = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (SuperuserOnly, model_admin), {}))


for _model in [get_user_model(), Group, AccessAttempt, AccessLog, AccessFailureLog]:
    _close_to_non_superusers(_model)
