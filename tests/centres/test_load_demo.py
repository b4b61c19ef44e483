import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from centres.models import AdministrativeUnit, BoardMember, Centre, Staff, UnitSuccession

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def demo(db):
    out = StringIO()
    call_command("load_demo", "--years", "1", stdout=out)
    return out.getvalue()


FORMER, PRESENT = 381, 104  # old Thái Bình's 242 and old Hưng Yên's 139; new Hưng Yên's 104


def test_demo_is_new_hung_yen_formed_from_the_centres_of_its_former_communes(demo):
    assert Centre.objects.count() == FORMER + PRESENT
    former = Centre.objects.filter(commune__valid_until__isnull=False)
    assert former.count() == FORMER
    assert set(former.values_list("status", "closed_on").distinct()) == {
        ("merged", datetime.date(2025, 6, 30))
    }
    present = Centre.objects.filter(commune__path__regex=r"^33/[0-9]+/$")
    assert present.count() == PRESENT
    assert set(present.values_list("decision_date", flat=True)) == {datetime.date(2025, 7, 1)}
    # Each former centre went into the centre of its commune's default successor.
    for old in former.select_related("commune"):
        successor = UnitSuccession.objects.get(predecessor=old.commune, is_default=True).successor
        assert list(old.merged_into.values_list("commune", flat=True)) == [successor.pk]
    assert BoardMember.objects.current().filter(position="director").count() > 400
    assert Staff.objects.count() > PRESENT * 3
    for login in ["xa", "tinh_danhgia", "tinh", "quantri", "huyen"]:
        assert f"  {login} " in demo


def test_demo_is_deterministic_and_rerunnable(demo):
    first = list(Staff.objects.order_by("pk").values_list("full_name", flat=True))
    call_command("load_demo", "--years", "1", stdout=StringIO())
    assert Centre.objects.count() == FORMER + PRESENT
    call_command("load_demo", "--reset", "--years", "1", stdout=StringIO())
    again = list(Staff.objects.order_by("pk").values_list("full_name", flat=True))
    assert again == first


def test_each_demo_login_sees_exactly_its_scope(client, demo):
    from activities.models import Activity

    User = get_user_model()
    xa_centre = Centre.objects.get(commune=User.objects.get(username="xa").assignments.get().unit)
    formed_from = xa_centre.merged_from.count()
    assert formed_from >= 3
    quynh_phu = Centre.objects.filter(commune__path__startswith="34/338/")
    became = Centre.objects.filter(merged_from__in=quynh_phu).distinct().count()
    expected = {
        "xa": 1 + formed_from,  # its centre and, to read, those it was formed from
        "huyen": quynh_phu.count() + became,  # its district's and, to read, what they became
        "tinh": FORMER + PRESENT,
        "tinh_danhgia": FORMER + PRESENT,
        "quantri": FORMER + PRESENT,
    }
    for username, count in expected.items():
        client.force_login(User.objects.get(username=username))
        listed = client.get(reverse("centres:list")).context["page"].paginator.count
        assert listed == count, username
        visible = Activity.objects.for_user(User.objects.get(username=username))
        assert visible.values("centre").distinct().count() <= count, username


def test_the_former_district_reviewer_reads_but_changes_nothing(client, demo):
    from ratings.permissions import can_open_round

    huyen = get_user_model().objects.get(username="huyen")
    district = huyen.assignments.get().unit
    assert district.valid_until == datetime.date(2025, 6, 30)
    client.force_login(huyen)
    old = Centre.objects.filter(commune__path__startswith=district.path).first()
    assert client.get(old.get_absolute_url()).status_code == 200
    assert client.get(reverse("centres:update", args=[old.pk])).status_code == 403
    assert not can_open_round(huyen, district)


def test_demo_ratings_are_logged_by_each_centres_own_staff_and_carry_their_evidence(demo):
    from ratings.models import Evidence, Indicator, Rating, Transition

    submissions = Transition.objects.filter(to_status="submitted").select_related(
        "user", "rating__centre"
    )
    assert submissions.count() > 10
    for step in submissions:
        unit = step.user.assignments.get().unit
        assert step.rating.centre.commune.path.startswith(unit.path)
    approvals = Transition.objects.filter(to_status="approved").select_related("user")
    assert {a.user.username for a in approvals} >= {"tinh_danhgia"}
    assert "xa" not in {a.user.username for a in approvals}
    submitted = Rating.objects.filter(status="submitted", is_historical=False).first()
    required = Indicator.objects.filter(criterion__rubric=submitted.rubric, evidence_required=True)
    files = Evidence.objects.filter(rating=submitted)
    assert files.count() == required.count() > 0
    with files.first().file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_the_demo_holds_a_year_known_only_from_its_published_totals(client, demo):
    from reports.selectors import rating_summary

    old = AdministrativeUnit.objects.get(path="34/")
    admin = get_user_model().objects.get(username="admin")
    summary = rating_summary(admin, old, 2011, 2009)
    assert summary.compare_total.counts[:4] == [132, 139, 15, 0]
    assert summary.published == {2009: "Số liệu minh họa của bản demo (báo cáo sơ kết năm 2009)"}
    assert summary.total.centres == 242  # 2011 per centre
