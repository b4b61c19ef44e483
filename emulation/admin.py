from django.contrib import admin

from centres.admin_scope import SuperuserOnlyAdmin

from .models import Proposal


@admin.register(Proposal)
class ProposalAdmin(SuperuserOnlyAdmin):
    """Superusers only: the workflow's states and decisions are the services' to write."""

    list_display = ["__str__", "proposing_unit", "year", "status", "decision_number"]
    list_filter = ["status", "award", "deciding_level", "year"]
    list_select_related = ["centre", "proposing_unit"]
    raw_id_fields = ["proposing_unit", "centre", "staff", "created_by"]
    readonly_fields = ["status", "created_by", "submitted_at", "decided_at", "version"]
