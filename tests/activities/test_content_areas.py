"""Content areas per province: national defaults for everyone, a province's own areas for its
centres only (forms, plans, filter, import), retire and restore, delete only when unused,
names unique per province, the unit admin's pages, the unit log and query counts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities import content_area_services as services
from activities.forms import ActivityFilterForm, ActivityForm, PlanItemFormSet
from activities.imports import import_activities
from activities.models import Activity, AnnualPlan, ContentArea, PlanItem
from core import history

from ..factories import ActivityFactory, ContentAreaFactory, UserFactory, assign
from .test_spreadsheets import D, filled

pytestmark = pytest.mark.django_db
LAW = "Pháp luật và chính sách"


@pytest.fixture
def own_area(province):
    return ContentAreaFactory(province=province, name="Nghề đan cói")


@pytest.fixture
def foreign_area(other_province):
    return ContentAreaFactory(province=other_province, name="Nghề dệt lụa")


def choices(field) -> set[str]:
    return {area.name for area in field.queryset}


def talk(area: str) -> list:
    return ["Chuyên đề", "Phổ biến nghề", area, "", D, "", "", "", D, "", "", 30, 10, 0]


# Choices scoped to the centre's province


def test_a_provinces_own_area_is_offered_to_its_own_centres_only(
    centre, foreign_centre, own_area, foreign_area
):
    home = choices(ActivityForm(centre=centre).fields["content_area"])
    away = choices(ActivityForm(centre=foreign_centre).fields["content_area"])
    assert {LAW, "Nghề đan cói"} <= home
    assert "Nghề dệt lụa" not in home
    assert {LAW, "Nghề dệt lụa"} <= away
    assert "Nghề đan cói" not in away


def test_an_activity_form_refuses_another_provinces_area(centre, foreign_area):
    form = ActivityForm(
        {"kind": "talk", "title": "Nghề", "content_area": foreign_area.pk,
         "start_date": D, "end_date": D, "funding_source": "none", "funding_amount": "0"},
        centre=centre,
    )  # fmt: skip
    assert not form.is_valid()
    assert "content_area" in form.errors


def test_the_import_finds_its_provinces_area_and_not_another_provinces(
    centre, own_area, foreign_area
):
    assert import_activities(centre=centre, upload=filled([talk("Nghề đan cói")])).ok
    refused = import_activities(centre=centre, upload=filled([talk("Nghề dệt lụa")]))
    assert not refused.ok
    assert refused.errors[0].column == "Lĩnh vực"
    assert Activity.objects.get().content_area == own_area


def test_the_plan_lines_choose_among_the_centres_areas(centre, own_area, foreign_area):
    plan = AnnualPlan(centre=centre, year=datetime.date.today().year)
    offered = choices(
        PlanItemFormSet(instance=plan, prefix="items").forms[0].fields["content_area"]
    )
    assert "Nghề đan cói" in offered
    assert "Nghề dệt lụa" not in offered


def test_the_activity_filter_lists_the_users_provinces_areas(
    commune_staff, outsider, own_area, foreign_area
):
    years = [datetime.date.today().year]
    mine = choices(ActivityFilterForm(years=years, viewer=commune_staff).fields["content_area"])
    theirs = choices(ActivityFilterForm(years=years, user=outsider).fields["content_area"])
    nobody = choices(ActivityFilterForm(years=years).fields["content_area"])
    assert ("Nghề đan cói" in mine, "Nghề dệt lụa" in mine) == (True, False)
    assert ("Nghề đan cói" in theirs, "Nghề dệt lụa" in theirs) == (False, True)
    assert LAW in nobody
    assert not {"Nghề đan cói", "Nghề dệt lụa"} & nobody


# Retire, restore, delete


def test_a_retired_area_is_not_offered_for_new_activities_but_stays_on_old_ones(
    centre, unit_admin, own_area
):
    activity = ActivityFactory(centre=centre, content_area=own_area)
    services.set_content_area_active(user=unit_admin, area=own_area, active=False)
    assert "Nghề đan cói" not in choices(ActivityForm(centre=centre).fields["content_area"])
    editing = ActivityForm(instance=activity, centre=centre)
    assert "Nghề đan cói" in choices(editing.fields["content_area"])
    activity.refresh_from_db()
    assert activity.content_area == own_area
    refused = import_activities(centre=centre, upload=filled([talk("Nghề đan cói")]))
    assert not refused.ok


def test_a_restored_area_is_offered_again(centre, unit_admin, own_area):
    services.set_content_area_active(user=unit_admin, area=own_area, active=False)
    services.set_content_area_active(user=unit_admin, area=own_area, active=True)
    assert "Nghề đan cói" in choices(ActivityForm(centre=centre).fields["content_area"])


def test_an_area_used_by_an_activity_cannot_be_deleted(centre, unit_admin, own_area):
    ActivityFactory(centre=centre, content_area=own_area)
    with pytest.raises(ValidationError) as refused:
        services.delete_content_area(user=unit_admin, area=own_area)
    assert "ngưng sử dụng" in refused.value.messages[0]
    assert ContentArea.objects.filter(pk=own_area.pk).exists()


def test_an_area_used_by_a_plan_cannot_be_deleted(centre, unit_admin, own_area):
    plan = AnnualPlan.objects.create(centre=centre, year=datetime.date.today().year)
    PlanItem.objects.create(plan=plan, content_area=own_area, planned_talks=1)
    with pytest.raises(ValidationError):
        services.delete_content_area(user=unit_admin, area=own_area)


def test_an_unused_area_is_deleted_with_history(unit_admin, own_area):
    pk = own_area.pk
    services.delete_content_area(user=unit_admin, area=own_area)
    assert not ContentArea.objects.filter(pk=pk).exists()
    deleted = ContentArea.history.get(id=pk, history_type="-")
    assert deleted.history_user == unit_admin


def test_a_national_area_cannot_be_changed_through_the_services(unit_admin):
    national = ContentArea.objects.get(name=LAW)
    with pytest.raises(ValidationError):
        services.update_content_area(user=unit_admin, area=national, name="Khác", order=1)
    with pytest.raises(ValidationError):
        services.delete_content_area(user=unit_admin, area=national)


# Names unique per province


def test_two_provinces_may_each_have_an_area_of_the_same_name(
    unit_admin, outsider, province, other_province
):
    services.create_content_area(user=unit_admin, province=province, name="Nghề mộc")
    services.create_content_area(user=outsider, province=other_province, name="Nghề mộc")
    assert ContentArea.objects.filter(name="Nghề mộc").count() == 2


@pytest.mark.parametrize("name", ["Nghề đan cói", "nghe dan coi", " Nghề  đan cói "])
def test_a_province_cannot_add_a_name_it_already_has(unit_admin, province, own_area, name):
    with pytest.raises(ValidationError) as refused:
        services.create_content_area(user=unit_admin, province=province, name=name)
    assert "name" in refused.value.message_dict


@pytest.mark.parametrize("name", [LAW, "Phap luat va chinh sach"])
def test_a_province_cannot_add_a_name_of_a_national_area(unit_admin, province, name):
    with pytest.raises(ValidationError) as refused:
        services.create_content_area(user=unit_admin, province=province, name=name)
    assert refused.value.message_dict["name"] == ["Đã có lĩnh vực chung toàn quốc trùng tên này."]


def test_the_database_refuses_duplicate_names_too(province, own_area):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContentArea.objects.create(province=province, name="Nghề đan cói")
    with pytest.raises(IntegrityError), transaction.atomic():
        ContentArea.objects.create(name=LAW)


def test_a_new_area_comes_after_the_provinces_last(unit_admin, province, own_area):
    area = services.create_content_area(user=unit_admin, province=province, name="Nghề mây tre")
    assert area.order == own_area.order + 10


# Pages


def test_the_unit_admin_adds_renames_and_reorders_an_area(client_for, unit_admin, province):
    client = client_for(unit_admin)
    response = client.post(
        reverse("activities:content_area_create", args=[province.pk]),
        {"name": "Nghề đan cói", "order": "1.200"},
    )
    assert response.status_code == 302
    area = ContentArea.objects.get(province=province)
    assert area.order == 1200
    client.post(
        reverse("activities:content_area_update", args=[area.pk]),
        {"name": "Nghề đan cói, mây tre", "order": "5"},
    )
    area.refresh_from_db()
    assert (area.name, area.order) == ("Nghề đan cói, mây tre", 5)


def test_the_add_page_shows_a_duplicate_name_on_its_field(client_for, unit_admin, province):
    response = client_for(unit_admin).post(
        reverse("activities:content_area_create", args=[province.pk]), {"name": LAW, "order": "5"}
    )
    assert response.status_code == 200
    assert "Đã có lĩnh vực chung toàn quốc trùng tên này." in response.content.decode()


def test_the_list_shows_national_areas_read_only_and_the_provinces_own(
    client_for, unit_admin, own_area, foreign_area
):
    page = client_for(unit_admin).get(reverse("activities:content_areas")).content.decode()
    assert LAW in page
    assert "Nghề đan cói" in page
    assert "Nghề dệt lụa" not in page
    national = ContentArea.objects.get(name=LAW)
    assert reverse("activities:content_area_update", args=[national.pk]) not in page


def test_retire_restore_and_delete_through_the_pages(client_for, unit_admin, centre, own_area):
    client = client_for(unit_admin)
    client.post(reverse("activities:content_area_retire", args=[own_area.pk]))
    own_area.refresh_from_db()
    assert not own_area.is_active
    client.post(reverse("activities:content_area_restore", args=[own_area.pk]))
    own_area.refresh_from_db()
    assert own_area.is_active
    ActivityFactory(centre=centre, content_area=own_area)
    url = reverse("activities:content_area_delete", args=[own_area.pk])
    assert "Không thể xóa" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "hãy ngưng sử dụng thay vì xóa" in response.content.decode()
    assert ContentArea.objects.filter(pk=own_area.pk).exists()


@pytest.mark.parametrize("role", ["commune_staff", "district_reviewer", "province_viewer"])
def test_other_roles_cannot_manage_content_areas(client_for, request, province, own_area, role):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("activities:content_areas")).status_code == 403
    assert (
        client.get(reverse("activities:content_area_update", args=[own_area.pk])).status_code == 403
    )
    assert (
        client.post(reverse("activities:content_area_retire", args=[own_area.pk])).status_code
        == 403
    )
    own_area.refresh_from_db()
    assert own_area.is_active


def test_a_district_unit_admin_cannot_manage_the_provinces_areas(client_for, district, own_area):
    admin = UserFactory(username="quan_tri_huyen")
    assign(admin, district, "unit_admin")
    client = client_for(admin)
    assert client.get(reverse("activities:content_areas")).status_code == 403
    assert (
        client.get(reverse("activities:content_area_update", args=[own_area.pk])).status_code == 403
    )


@pytest.mark.parametrize(
    "name", ["content_area_update", "content_area_retire", "content_area_restore",
             "content_area_delete"]
)  # fmt: skip
def test_another_provinces_areas_do_not_exist_for_a_unit_admin(
    client_for, unit_admin, foreign_area, name
):
    client = client_for(unit_admin)
    url = reverse(f"activities:{name}", args=[foreign_area.pk])
    assert client.get(url).status_code in {404, 405}
    assert client.post(url).status_code == 404
    foreign_area.refresh_from_db()
    assert foreign_area.is_active


def test_a_unit_admin_cannot_add_areas_to_another_province(client_for, unit_admin, other_province):
    url = reverse("activities:content_area_create", args=[other_province.pk])
    assert client_for(unit_admin).post(url, {"name": "Nghề", "order": "1"}).status_code == 404
    assert not ContentArea.objects.filter(province=other_province).exists()


def test_a_national_area_is_not_editable_on_the_pages(client_for, unit_admin):
    national = ContentArea.objects.get(name=LAW)
    client = client_for(unit_admin)
    assert (
        client.get(reverse("activities:content_area_update", args=[national.pk])).status_code == 403
    )
    assert (
        client.post(reverse("activities:content_area_delete", args=[national.pk])).status_code
        == 403
    )


# The unit log


def test_a_provinces_area_is_in_the_provinces_log_and_national_ones_in_none(
    unit_admin, province, district, own_area
):
    services.update_content_area(user=unit_admin, area=own_area, name="Nghề cói", order=5)
    ContentArea.objects.filter(name=LAW).update(order=1)  # a national change, no history row
    national = ContentArea.objects.get(name=LAW)
    national.save()
    logged = history.unit_log(province.path, limit=50)
    subjects = [entry.subject for entry in logged]
    assert "Lĩnh vực: Nghề cói" in subjects
    assert f"Lĩnh vực: {LAW}" not in subjects
    assert "Lĩnh vực: Nghề cói" not in [e.subject for e in history.unit_log(district.path, 50)]


# Query counts


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_runs_the_same_queries_for_one_area_and_many(
    client_for, unit_admin, province, centre, own_area
):
    client = client_for(unit_admin)
    url = reverse("activities:content_areas")
    client.get(url)
    one = count(client, url)
    for n in range(8):
        area = ContentAreaFactory(province=province, name=f"Nghề thêm {n}")
        ActivityFactory(centre=centre, content_area=area)
    assert count(client, url) == one


# Every list of areas is the reader's province's


def test_the_activities_template_lists_the_users_provinces_areas_only(
    client_for, commune_staff, own_area, foreign_area
):
    import io

    from openpyxl import load_workbook

    response = client_for(commune_staff).get(reverse("activities:template"))
    workbook = load_workbook(io.BytesIO(response.content))
    listed = {c.value for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row}
    assert "Nghề đan cói" in listed
    assert "Nghề dệt lụa" not in listed
    assert LAW in listed


def test_a_one_centre_users_filter_lists_their_provinces_areas(
    client_for, commune_staff, centre, own_area, foreign_area
):
    page = client_for(commune_staff).get(reverse("activities:list")).content.decode()
    assert "Nghề đan cói" in page
    assert "Nghề dệt lụa" not in page


def test_a_period_report_lists_the_centres_provinces_areas_only(
    centre, unit_admin, province, own_area, foreign_area
):
    from regime import services as regime_services
    from regime.selectors import centre_figures

    today = datetime.date.today()
    period = regime_services.open_period(
        user=unit_admin, unit=province, title="Báo cáo năm", kind="year",
        starts_on=datetime.date(today.year, 1, 1), ends_on=datetime.date(today.year, 12, 31),
        deadline=datetime.date(today.year, 12, 31), fields=[],
    )  # fmt: skip
    figures = centre_figures(period, centre)
    names = {row["name"] for row in figures.rows}
    assert "Nghề đan cói" in names
    assert "Nghề dệt lụa" not in names
