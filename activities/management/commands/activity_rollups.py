from django.core.management.base import BaseCommand, CommandError

from activities import rollups


class Command(BaseCommand):
    help = (
        "Check the activity rollups against the records they count (the default), or rebuild "
        "them from the records."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="Recompute every rollup, then check."
        )

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            written = rollups.rebuild()
            self.stdout.write(f"Rebuilt {written} rollup rows.")
        found = rollups.differences()
        if found:
            for line in found[:50]:
                self.stderr.write(line)
            raise CommandError(
                f"{len(found)} rollup rows disagree with the records; "
                "run with --rebuild to recompute them."
            )
        self.stdout.write("The rollups agree with the records.")
