"""Bulk deletion for rebuilding generated data (the demo), where a row-by-row delete would fetch,
signal and log every one of hundreds of thousands of rows."""

from django.db import connections
from django.db.models import QuerySet

from .signals import bulk_written


def delete_quickly(queryset: QuerySet) -> int:
    """Delete the queryset's rows in one statement: no signals, no cascades, no history.

    Delete children first; `bulk_written` is announced for the model.
    """
    model = queryset.model
    connection = connections[queryset.db]
    ids, params = queryset.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    sql = f"DELETE FROM {table} WHERE {pk} IN ({ids})"  # noqa: S608 (names from the model)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count = cursor.rowcount
    bulk_written.send(sender=model)
    return count
