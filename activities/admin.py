from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from centres.admin_scope import SuperuserOnly, SuperuserOnlyAdmin

from . import services
from .models import (
    Activity,
    AnnualPlan,
    ContentArea,
    Enrolment,
    Funding,
    Learner,
    LearningModelCount,
    PlanItem,
    Session,
)


@admin.register(ContentArea)
class ContentAreaAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "province", "order", "is_active"]
    list_filter = ["province"]
    list_editable = ["order", "is_active"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Activity)
class ActivityAdmin(SuperuserOnly, SimpleHistoryAdmin):
    list_display = ["title", "kind", "centre", "start_date", "content_area"]
    list_filter = ["kind", "content_area"]
    search_fields = ["title", "centre__name"]
    raw_id_fields = ["centre", "instructor"]
    list_select_related = ["centre", "content_area"]
    date_hierarchy = "start_date"
    inlines = [SessionInline]


@admin.register(Learner)
class LearnerAdmin(SuperuserOnly, SimpleHistoryAdmin):
    list_display = ["full_name", "birth_year", "village", "centre"]
    search_fields = ["full_name", "search_name"]
    raw_id_fields = ["centre"]
    list_select_related = ["centre"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"sex", "ethnicity"} & set(form.changed_data):
            services.recount_sessions_of(obj)  # the women / minority counts include them


@admin.register(Enrolment)
class EnrolmentAdmin(SuperuserOnlyAdmin):
    raw_id_fields = ["activity", "learner"]


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0


@admin.register(AnnualPlan)
class AnnualPlanAdmin(SuperuserOnly, SimpleHistoryAdmin):
    list_display = ["centre", "year", "people_surveyed"]
    raw_id_fields = ["centre"]
    inlines = [PlanItemInline]


@admin.register(Funding)
class FundingAdmin(SuperuserOnly, SimpleHistoryAdmin):
    list_display = ["centre", "year", "state_budget", "social_contributions", "spending"]
    raw_id_fields = ["centre"]


@admin.register(LearningModelCount)
class LearningModelCountAdmin(SuperuserOnly, SimpleHistoryAdmin):
    list_display = ["centre", "year", "families", "clans", "communities", "units", "citizens"]
    raw_id_fields = ["centre"]
