"""Announcements that lower layers make and higher layers listen to."""

from django.dispatch import Signal

# Rows of `sender` (a model class) were written without save()/delete() signals: bulk inserts,
# queryset updates and deletes. Listeners (the report cache) treat it like a save of that model.
bulk_written = Signal()
