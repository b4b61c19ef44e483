import random
from datetime import date
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count

from centres import lineage
from centres.models import (
    AdministrativeUnit,
    Assignment,
    BoardMember,
    Centre,
    Role,
    Staff,
    TrainingCourse,
)
from centres.models.units import REFORM_DATE
from centres.selectors import report_roots, under
from core.bulk import delete_quickly
from core.signals import bulk_written
from demo import activities as activity_demo
from demo import communities as community_demo
from demo import emulation as emulation_demo
from demo import ratings as rating_demo
from demo.context_processors import PASSWORD

# New Hưng Yên (33), formed on 01/07/2025 from old Hưng Yên (33) and old Thái Bình (34, the
# province of the seed documents): its history in the three-level shape, its present in two.
PROVINCE = "33"
FORMER_PROVINCES = ["34"]
NEW_CENTRES_DECISION = "15/QĐ-UBND"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Đinh", "Phan"]
MIDDLE = {"male": ["Văn", "Đức", "Minh", "Quang", "Hữu"], "female": ["Thị", "Thu", "Ngọc", "Thanh"]}
GIVEN = {
    "male": ["Hùng", "Dũng", "Tuấn", "Thắng", "Long", "Hải", "Sơn", "Quý", "Tiến", "Bình", "Cường"],
    "female": ["Lan", "Hương", "Hạnh", "Nga", "Thủy", "Hoa", "Mai", "Yến", "Liên", "Phượng"],
}
DIRECTOR_POSTS = ["Chủ tịch UBND xã", "Phó Chủ tịch UBND xã"]
DEPUTY_POSTS = [
    "Chủ tịch Hội Khuyến học xã",
    "Hiệu trưởng trường Tiểu học",
    "Công chức Văn hóa - Xã hội",
]
ORGANISATIONS = [
    ("Hội Nông dân xã", "Chuyển giao khoa học kỹ thuật", Staff.Kind.SPEAKER),
    ("Hội Liên hiệp Phụ nữ xã", "Chăm sóc sức khỏe gia đình", Staff.Kind.SPEAKER),
    ("Đoàn Thanh niên xã", "Kỹ năng số", Staff.Kind.INSTRUCTOR),
    ("Hội Cựu chiến binh xã", "Pháp luật", Staff.Kind.COLLABORATOR),
    ("Trạm Y tế xã", "Chăm sóc sức khỏe", Staff.Kind.SPEAKER),
    ("Trường Tiểu học", "Xóa mù chữ", Staff.Kind.TEACHER),
    ("Trường THCS", "Tin học", Staff.Kind.TEACHER),
    ("Khuyến nông xã", "Trồng trọt, chăn nuôi", Staff.Kind.INSTRUCTOR),
]
COURSES = ["Bồi dưỡng cán bộ quản lý TTHTCĐ", "Phương pháp dạy người lớn", "Kỹ năng số cơ bản"]


def person(rng: random.Random) -> tuple[str, str]:
    sex = rng.choice(["male", "female"])
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}", sex


class Command(BaseCommand):
    help = (
        "Load the demo province: new Hưng Yên in today's two-level shape, formed from old Hưng "
        "Yên and old Thái Bình, whose centres, districts and history to 30/06/2025 come with it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Rebuild the demo centres.")
        parser.add_argument(
            "--years", type=int, default=4, help="Years of activities, up to this one (default 4)."
        )

    @transaction.atomic
    def handle(self, *args, reset=False, years=4, **options):
        for former in FORMER_PROVINCES:
            call_command("load_units", province=former, shape="three-level", stdout=StringIO())
        call_command("load_units", province=PROVINCE, shape="both", stdout=self.stdout)
        province = AdministrativeUnit.objects.get(path=f"{PROVINCE}/")
        roots = report_roots(province)
        centres = Centre.objects.filter(under(roots, "commune__path"))
        if reset:
            self.delete_centres(roots, centres)
        if centres.exists():
            self.stdout.write("Demo centres already loaded (use --reset to rebuild).")
        else:
            former = self.build_centres(
                AdministrativeUnit.objects.filter(
                    under(roots, "path"),
                    level=AdministrativeUnit.Level.COMMUNE,
                    valid_until__isnull=False,
                ),
                founded=(2000, 2006),
            )
            # The reform as the province records it: one centre per new commune, formed from
            # the former communes' centres (centres/lineage.py), then their profiles.
            created = lineage.create_centres_from_lineage(
                province=province, first_day=REFORM_DATE, decision_number=NEW_CENTRES_DECISION
            )
            self.fill_new_centres(province, created)
            self.stdout.write(
                f"Demo centres: {former} former centres (to 30/06/2025), "
                f"{len(created)} centres of the new communes."
            )
            this_year = date.today().year
            year_list = list(range(this_year - years + 1, this_year + 1))
            built = activity_demo.build(
                list(centres.select_related("commune").order_by("commune__path")), year_list
            )
            self.stdout.write(
                "Demo activities: {activities} activities, {sessions} sessions, "
                "{marks} attendance marks.".format(**built)
            )
            users = self.create_logins(province, quiet=True)
            rated = rating_demo.build(province, roots, year_list, users)
            self.stdout.write(
                "Demo ratings: {ratings} in rounds, {historical} historical grades, "
                "{evidence} evidence files.".format(**rated)
            )
            assessed = community_demo.build(province, roots, users)
            self.stdout.write(
                "Demo learning communities: {assessments} assessments, {evidence} evidence "
                "files.".format(**assessed)
            )
            self.stdout.write(emulation_demo.build(province, users))
            self.add_published_figures()
        self.create_logins(province)
        bulk_written.send(sender=Centre)  # bulk inserts and deletes send no signals

    def add_published_figures(self) -> None:
        """A year of old Thái Bình known only from its published totals (illustrative figures
        between the seed's 2007 and 2011, which the demo holds per centre)."""
        from reports.models import PublishedFigures

        PublishedFigures.objects.get_or_create(
            unit=AdministrativeUnit.objects.get(path=f"{FORMER_PROVINCES[0]}/"),
            year=2009,
            defaults={
                "source": "Số liệu minh họa của bản demo (báo cáo sơ kết năm 2009)",
                "centres": 286, "good": 132, "fair": 139, "average": 15, "weak": 0,
            },
        )  # fmt: skip

    def delete_centres(self, roots, centres) -> None:
        """Delete the demo centres and all their records, children first, in bulk SQL.

        A plain delete() would fetch and log each of the ~150.000 attendance marks."""
        from django.db.models import Q

        from activities import models as a
        from emulation.models import Proposal
        from ratings.models import Evidence, Rating, RatingRound, Score, Transition
        from regime.models import PeriodReport, ReportEvent

        ids = list(centres.values_list("pk", flat=True))
        for queryset in [
            a.Mark.objects.filter(session__activity__centre__in=ids),
            a.Enrolment.objects.filter(activity__centre__in=ids),
            a.Session.objects.filter(activity__centre__in=ids),
            a.ActivityRollup.objects.filter(centre__in=ids),
            a.Activity.objects.filter(centre__in=ids),
            a.Learner.objects.filter(centre__in=ids),
            a.PlanItem.objects.filter(plan__centre__in=ids),
            a.AnnualPlan.objects.filter(centre__in=ids),
            a.Funding.objects.filter(centre__in=ids),
            a.LearningModelCount.objects.filter(centre__in=ids),
            Transition.objects.filter(rating__centre__in=ids),
            Score.objects.filter(rating__centre__in=ids),
            Evidence.objects.filter(rating__centre__in=ids),
            Rating.objects.filter(centre__in=ids),
            ReportEvent.objects.filter(report__centre__in=ids),
            PeriodReport.objects.filter(centre__in=ids),
            Proposal.objects.filter(Q(centre__in=ids) | Q(staff__centre__in=ids)),
            TrainingCourse.objects.filter(staff__centre__in=ids),
            Staff.objects.filter(centre__in=ids),
            BoardMember.objects.filter(centre__in=ids),
            Centre.merged_from.through.objects.filter(from_centre__in=ids),
            Centre.merged_from.through.objects.filter(to_centre__in=ids),
            Centre.history.filter(id__in=ids),
            Centre.objects.filter(pk__in=ids),
        ]:
            delete_quickly(queryset)
        RatingRound.objects.filter(under(roots, "unit__path")).delete()

    def fill_new_centres(self, province: AdministrativeUnit, centres: list[Centre]) -> None:
        """Profiles of the new centres, in one bulk update (their creation kept the history)."""
        rng = random.Random(2026)
        for centre in centres:
            centre.address = f"Trụ sở UBND {centre.commune.name}, {province.name}"
            centre.phone = f"0221 {rng.randint(3000000, 3999999)}"
            centre.premises = rng.choice([Centre.Premises.OWN, Centre.Premises.SHARED])
            centre.rooms, centre.seats = rng.randint(2, 6), rng.randint(80, 400)
            centre.computers, centre.library_books = rng.randint(2, 20), rng.randint(500, 4000)
            centre.has_internet = centre.has_audio_equipment = centre.has_seal = True
            centre.has_bank_account = rng.random() < 0.8
            centre.adult_population = rng.randint(12000, 40000)
        Centre.objects.bulk_update(
            centres,
            ["address", "phone", "premises", "rooms", "seats", "computers", "library_books",
             "has_internet", "has_audio_equipment", "has_seal", "has_bank_account",
             "adult_population"],
        )  # fmt: skip
        self.add_people(centres, random.Random(2027), appointed_from=REFORM_DATE)

    def build_centres(self, communes, founded: tuple[int, int]) -> int:
        """A centre for each commune, founded in the years given, with board and staff."""
        rng = random.Random(2025)
        communes = list(communes.select_related("parent__parent").order_by("path"))
        centres = [
            Centre(
                commune=commune,
                name=f"Trung tâm học tập cộng đồng {commune.name}",
                decision_number=f"{rng.randint(10, 999)}/QĐ-UBND",
                decision_date=date(rng.randint(*founded), rng.randint(1, 12), rng.randint(1, 28)),
                address=f"Trụ sở UBND {commune.name}, {commune.parent.name}, "
                f"{commune.parent.parent.name}",
                phone=f"0227 {rng.randint(3000000, 3999999)}",
                premises=rng.choice([Centre.Premises.OWN, Centre.Premises.SHARED]),
                rooms=rng.randint(1, 4),
                seats=rng.randint(40, 200),
                computers=rng.randint(0, 10),
                has_internet=rng.random() < 0.8,
                has_audio_equipment=rng.random() < 0.85,
                library_books=rng.randint(0, 1500),
                has_seal=rng.random() < 0.9,
                has_bank_account=rng.random() < 0.6,
                adult_population=rng.randint(2500, 12000),
            )
            for commune in communes
        ]
        Centre.objects.bulk_create(centres, batch_size=500)
        centres = list(Centre.objects.filter(commune__in=communes).order_by("commune__path"))
        self.add_people(centres, rng)
        return len(centres)

    def add_people(self, centres: list[Centre], rng: random.Random, appointed_from=None) -> None:
        """Board members (current and former directors, deputies), staff and their training."""
        board, staff = [], []
        for centre in centres:
            name, sex = person(rng)
            appointed = appointed_from or date(rng.randint(2016, 2021), rng.randint(1, 12), 1)
            if rng.random() < 0.95:  # a few centres have no current director, as in real life
                board.append(
                    BoardMember(
                        centre=centre,
                        position=BoardMember.Position.DIRECTOR,
                        full_name=name,
                        sex=sex,
                        birth_year=rng.randint(1965, 1985),
                        main_post=rng.choice(DIRECTOR_POSTS),
                        is_concurrent=True,
                        appointment_decision=f"{rng.randint(1, 300)}/QĐ-UBND",
                        appointment_date=appointed,
                        term_end=date(appointed.year + 5, appointed.month, 1),
                    )
                )
            if rng.random() < 0.3 and not appointed_from:
                name, sex = person(rng)
                board.append(
                    BoardMember(
                        centre=centre,
                        position=BoardMember.Position.DIRECTOR,
                        full_name=name,
                        sex=sex,
                        birth_year=rng.randint(1955, 1970),
                        main_post="Chủ tịch UBND xã",
                        appointment_date=date(appointed.year - 5, 6, 1),
                        left_on=appointed,
                    )
                )
            for _ in range(rng.randint(1, 2)):
                name, sex = person(rng)
                board.append(
                    BoardMember(
                        centre=centre,
                        position=BoardMember.Position.DEPUTY,
                        full_name=name,
                        sex=sex,
                        birth_year=rng.randint(1960, 1990),
                        main_post=rng.choice(DEPUTY_POSTS),
                        is_concurrent=True,
                        appointment_date=appointed,
                    )
                )
            for organisation, field, kind in rng.sample(ORGANISATIONS, rng.randint(3, 7)):
                name, sex = person(rng)
                staff.append(
                    Staff(
                        centre=centre,
                        kind=kind,
                        full_name=name,
                        sex=sex,
                        organisation=organisation,
                        field=field,
                        qualification=rng.choice(["Trung cấp", "Cao đẳng", "Đại học"]),
                        phone=f"09{rng.randint(10000000, 99999999)}",
                        is_active=rng.random() < 0.92,
                    )
                )
        BoardMember.objects.bulk_create(board, batch_size=1000)
        Staff.objects.bulk_create(staff, batch_size=1000)
        courses = [
            TrainingCourse(staff=member, name=rng.choice(COURSES), year=rng.randint(2015, 2025))
            for member in Staff.objects.filter(centre__in=centres).order_by("pk")
            if rng.random() < 0.4
        ]
        TrainingCourse.objects.bulk_create(courses, batch_size=1000)

    def create_logins(self, province: AdministrativeUnit, quiet: bool = False) -> dict:
        """The demo users, by username."""
        # A new commune formed from several, the typical centre of today.
        commune = (
            AdministrativeUnit.objects.filter(
                parent=province,
                valid_until__isnull=True,
                name__startswith="Xã",
                centre__isnull=False,
            )
            .annotate(formed_from=Count("formations"))
            .filter(formed_from__gte=3)
            .order_by("path")
            .first()
        )
        # A district of old Thái Bình, dissolved on 30/06/2025: its reviewer only reads now.
        district = AdministrativeUnit.objects.get(path=f"{FORMER_PROVINCES[0]}/338/")  # Quỳnh Phụ
        logins = [
            ("xa", "Cán bộ TTHTCĐ", commune, Role.CENTRE_STAFF),
            ("tinh_danhgia", "Chuyên viên Sở GD&ĐT", province, Role.REVIEWER),
            ("tinh", "Chuyên viên Ban Tuyên giáo tỉnh", province, Role.VIEWER),
            ("quantri", "Quản trị tỉnh", province, Role.UNIT_ADMIN),
            ("huyen", "Nguyên chuyên viên Phòng GD&ĐT", district, Role.REVIEWER),
        ]
        User = get_user_model()
        users = {}
        write = self.stdout.write if not quiet else (lambda text: None)
        write(f"\nDemo logins (password for all: {PASSWORD}):")
        for username, full_name, unit, role in logins:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name = full_name
            user.set_password(PASSWORD)
            user.save()
            Assignment.objects.get_or_create(user=user, unit=unit, role=role)
            ended = f" (to {unit.valid_until:%d/%m/%Y}, read only)" if unit.valid_until else ""
            write(f"  {username:<13} {Role(role).label:<20} {unit.name}{ended}")
            users[username] = user
        admin, _ = User.objects.get_or_create(username="admin")
        admin.is_staff = admin.is_superuser = True
        admin.set_password(PASSWORD)
        admin.save()
        write(f"  {'admin':<13} superuser")
        return users
