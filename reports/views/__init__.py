"""The reports' pages: summaries (ratings, activities, a centre's year) and their settings."""

from .summaries import (
    activity_summary,
    centre_report,
    rating_centres,
    rating_summary,
    settings_edit,
)

__all__ = ["activity_summary", "centre_report", "rating_centres", "rating_summary", "settings_edit"]
