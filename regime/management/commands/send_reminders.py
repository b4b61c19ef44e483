"""Daily: record the reminders owed today and send every unsent one (cron or a systemd timer)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from regime import reminders


class Command(BaseCommand):
    help = "Send the reminders owed by e-mail (deadlines, returned and accepted reports)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="act as if today were this day (yyyy-mm-dd)")

    def handle(self, *args, date=None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError("--date takes yyyy-mm-dd") from None
        owed = reminders.collect(today)
        sent, failed = reminders.send_pending()
        self.stdout.write(f"owed {owed}, sent {sent}, failed {failed}")
        if failed:
            raise CommandError(f"{failed} reminders could not be sent; they are tried next run")
