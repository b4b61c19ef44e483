"""The reports' pages: summaries (ratings, activities, a centre's year) and their settings."""

from .community import community_summary
from .settings import settings_edit
from .summaries import (
    activity_summary,
    centre_report,
    rating_centres,
    rating_summary,
)

__all__ = [
    "activity_summary",
    "centre_report",
    "community_summary",
    "rating_centres",
    "rating_summary",
    "settings_edit",
]
