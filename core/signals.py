"""Announcements that lower layers make and higher layers listen to."""

from django.dispatch import Signal

# Rows of `sender` (a model class) were written without save()/delete() signals: bulk inserts,
# queryset updates and deletes. Listeners (the report cache) treat it like a save of that model.
bulk_written = Signal()

# The records of some centres changed in some years: `pairs` is a set of (centre id, year), the
# year None for every year of the centre (its profile). Sent by the writers that know the years
# (the activity rollups); listeners (the report cache) make stale only what counts those.
centre_years_written = Signal()
