from django.contrib import admin

from .models import Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["centre", "year", "status"]
    list_filter = ["status", "year"]
    raw_id_fields = ["centre"]
    list_select_related = ["centre"]
