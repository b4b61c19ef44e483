from django.core.management.base import BaseCommand, CommandError

from centres.succession import succession_records, successor_province


class Command(BaseCommand):
    help = (
        "List what the official 2025 conversion (vietnamadminunits) and the units loaded here "
        "disagree on: units missing on either side, named differently, or not joining. "
        "Changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", help="Only this province since 01/07/2025 (a former code is its part)."
        )
        parser.add_argument(
            "--fail-on-mismatch",
            action="store_true",
            help="Exit with an error when anything does not match.",
        )

    def handle(self, *args, province=None, fail_on_mismatch=False, **options):
        target = None
        if province is not None:
            if not province.isdigit() or len(province) > 2:
                raise CommandError("--province takes a province code such as 33.")
            province = f"{int(province):02d}"
            target = successor_province(province)
            if target is None:
                raise CommandError(f"No province {province} in the 2025 conversion.")
            if target != province:
                self.stdout.write(f"Province {province} is part of {target} since 01/07/2025.")
        successions = succession_records(target)
        report = successions.report
        self.stdout.write(
            f"Compared {len(report.compared)} province(s) loaded in both shapes; the dataset "
            f"gives {len(successions.records)} successions between their units."
        )
        for label, items in report.groups():
            self.stdout.write(f"\n{label[0].upper()}{label[1:]} ({len(items)}):")
            for item in items:
                place = f" — {item.place}" if item.place else ""
                note = f"  [{item.note}]" if item.note else ""
                self.stdout.write(f"  {item.code}  {item.name}{place}{note}".rstrip())
        if report.not_loaded:
            self.stdout.write(f"\nNot compared, not loaded ({len(report.not_loaded)}):")
            for item in report.not_loaded:
                self.stdout.write(f"  {item.code}  {item.name}  [{item.note}]")
        self.stdout.write(f"\nReconciliation: {report.summary()}.")
        if fail_on_mismatch and report.mismatches:
            raise CommandError(f"Mismatches with the 2025 conversion: {report.mismatches}.")
