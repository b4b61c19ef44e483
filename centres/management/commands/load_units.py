from django.core.management.base import BaseCommand, CommandError

from centres.services import current_unit_records, load_units, three_level_unit_records


class Command(BaseCommand):
    help = (
        "Load Viet Nam's administrative units by official code: the three-level list in force "
        "until 30/06/2025 (shipped data) and the two-level list since 01/07/2025 "
        "(vietnam-provinces). Re-running changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", help="Only this province, by its two-digit code.")
        parser.add_argument(
            "--shape",
            choices=["three-level", "two-level", "both"],
            default="both",
            help="Which list to load (default: both).",
        )

    def handle(self, *args, province=None, shape="both", **options):
        if province is not None:
            if not province.isdigit() or len(province) > 2:
                raise CommandError("--province takes a province code such as 34.")
            province = f"{int(province):02d}"
        records = []
        if shape in ("three-level", "both"):
            records += list(three_level_unit_records(province))
        if shape in ("two-level", "both"):
            records += list(current_unit_records(province))
        if not records:
            raise CommandError(f"No units found for province {province}.")
        # A province present in both lists appears twice with identical fields.
        unique = {r.path: r for r in records}
        result = load_units(records=unique.values())
        self.stdout.write(
            f"Units: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
