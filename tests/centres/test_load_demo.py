from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from centres.models import BoardMember, Centre, Staff

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def demo(db):
    out = StringIO()
    call_command("load_demo", "--years", "1", stdout=out)
    return out.getvalue()


def test_demo_builds_every_commune_of_thai_binh_with_a_centre(demo):
    assert Centre.objects.count() == 242
    assert BoardMember.objects.current().filter(position="director").count() > 200
    assert Staff.objects.count() > 242 * 3
    for login in ["xa", "huyen", "tinh", "quantri"]:
        assert f"  {login} " in demo


def test_demo_is_deterministic_and_rerunnable(demo):
    first = list(Staff.objects.order_by("pk").values_list("full_name", flat=True))
    call_command("load_demo", "--years", "1", stdout=StringIO())
    assert Centre.objects.count() == 242
    call_command("load_demo", "--reset", "--years", "1", stdout=StringIO())
    again = list(Staff.objects.order_by("pk").values_list("full_name", flat=True))
    assert again == first


def test_each_demo_login_sees_exactly_its_scope(client, demo):
    from activities.models import Activity

    expected = {"xa": (1, 1), "huyen": (2, 241), "tinh": (242, 242), "quantri": (242, 242)}
    for username, (low, high) in expected.items():
        client.force_login(get_user_model().objects.get(username=username))
        count = client.get(reverse("centres:list")).context["page"].paginator.count
        assert low <= count <= high, username
        visible = Activity.objects.for_user(get_user_model().objects.get(username=username))
        assert visible.values("centre").distinct().count() == count, username


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
    assert {a.user.username for a in approvals} >= {"huyen"}
    assert "xa" not in {a.user.username for a in approvals}
    submitted = Rating.objects.filter(status="submitted", is_historical=False).first()
    required = Indicator.objects.filter(criterion__rubric=submitted.rubric, evidence_required=True)
    files = Evidence.objects.filter(rating=submitted)
    assert files.count() == required.count() > 0
    with files.first().file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
