import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def _pg_url(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgresql://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


class Command(BaseCommand):
    help = (
        "Write a backup of the database: pg_dump's custom format for PostgreSQL (restore with "
        "pg_restore, see README), a copy made with SQLite's online backup for SQLite."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "output", help="File to write, e.g. /var/backups/tthtcd-2026-11-22.dump"
        )

    def handle(self, *args, output, **options):
        target = Path(output)
        target.parent.mkdir(parents=True, exist_ok=True)
        if connection.vendor == "postgresql":
            result = subprocess.run(  # noqa: S603
                ["pg_dump", "--format=custom", "--no-owner", f"--file={target}",  # noqa: S607
                 f"--dbname={_pg_url(connection.settings_dict)}"],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            if result.returncode != 0:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(target) as copy:
                connection.connection.backup(copy)
        else:
            raise CommandError(f"No backup method for {connection.vendor}.")
        self.stdout.write(f"Backup written to {target} ({target.stat().st_size} bytes).")
