from django.core.management.base import BaseCommand, CommandError

from centres.services import current_unit_records, load_units, three_level_unit_records
from centres.succession import load_successions, succession_records, successor_province


class Command(BaseCommand):
    help = (
        "Load Viet Nam's administrative units by official code: the three-level list in force "
        "until 30/06/2025 (shipped data) and the two-level list since 01/07/2025 "
        "(vietnam-provinces). When both shapes of a province are here, link the former units "
        "to their successors (the official conversion, from vietnamadminunits). Re-running "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", help="Only this province, by its two-digit code.")
        parser.add_argument(
            "--shape",
            choices=["three-level", "two-level", "both"],
            default="both",
            help="Which list to load (default: both).",
        )
        parser.add_argument(
            "--no-successions",
            action="store_true",
            help="Do not link the former units to their successors.",
        )

    def handle(self, *args, province=None, shape="both", no_successions=False, **options):
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
        if not no_successions:
            self.load_successions(province)

    def load_successions(self, province: str | None) -> None:
        # A former province (Thái Bình, 34) is linked as part of the new one (Hưng Yên, 33).
        target = successor_province(province) if province else None
        if province and target is None:
            return
        successions = succession_records(target)
        report = successions.report
        if report.compared:
            result = load_successions(
                records=successions.records, successors=successions.successors
            )
            self.stdout.write(
                f"Successions: {result.created} created, {result.updated} updated, "
                f"{result.deleted} deleted, {result.unchanged} unchanged."
            )
            more = " — run reconcile_units for the list" if report.mismatches else ""
            self.stdout.write(f"Reconciliation: {report.summary()}{more}.")
        missing = [m for m in report.not_loaded if province or m.note == "three-level"]
        if missing and (province or report.compared):
            shown = ", ".join(f"{m.code} {m.name} ({m.note})" for m in missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            self.stdout.write(
                f"Successions wait for units not loaded yet: {shown}{more} "
                "(load_units --province NN --shape ...)."
            )
