"""A backup restores into a fresh database with the same rows."""

import sqlite3
import subprocess

import pytest
from django.core.management import call_command
from django.db import connection

from centres.models import Centre

from .factories import CentreFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_backup_restores_into_a_fresh_database(tmp_path, province):
    CentreFactory.create_batch(3)
    expected = Centre.objects.count()
    output = tmp_path / "tthtcd.dump"
    call_command("backup_database", str(output))
    assert output.stat().st_size > 0
    if connection.vendor == "sqlite":
        with sqlite3.connect(output) as restored:
            assert restored.execute("SELECT COUNT(*) FROM centres_centre").fetchone()[0] == expected
        return
    from centres.management.commands.backup_database import _pg_url

    fresh = dict(connection.settings_dict, NAME="tthtcd_restore_check")
    admin = _pg_url(dict(connection.settings_dict, NAME="postgres"))
    subprocess.run(
        ["psql", admin, "-qc", "DROP DATABASE IF EXISTS tthtcd_restore_check"], check=True
    )
    subprocess.run(["psql", admin, "-qc", "CREATE DATABASE tthtcd_restore_check"], check=True)
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={_pg_url(fresh)}", str(output)], check=True
        )
        count = subprocess.run(
            ["psql", _pg_url(fresh), "-tAc", "SELECT COUNT(*) FROM centres_centre"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        assert int(count) == expected
    finally:
        subprocess.run(
            ["psql", admin, "-qc", "DROP DATABASE IF EXISTS tthtcd_restore_check"], check=True
        )
