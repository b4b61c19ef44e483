"""Published figures ("số liệu đã công bố"): a year known only from a document's totals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centres.models import Role
from centres.models.units import LAST_THREE_LEVEL_DAY, REFORM_DATE
from reports.models import PublishedFigures
from reports.published import published_figures, published_history, save_published

from .. import reform
from ..factories import DistrictFactory, UnitFactory, UserFactory, assign

pytestmark = pytest.mark.django_db

THAI_BINH_2011 = {
    "year": "2011",
    "source": "Báo cáo số 45/BC-SGDĐT ngày 05/01/2012",
    "note": "",
    "centres": "286",
    "good": "158",
    "fair": "125",
    "average": "3",
    "weak": "0",
}


def figures(unit, year=2011, **values) -> PublishedFigures:
    return PublishedFigures(unit=unit, year=year, source="Báo cáo số 45/BC-SGDĐT", **values)


def recorded(unit, year=2011, **values) -> PublishedFigures:
    values = values or {"centres": 286, "good": 158, "fair": 125, "average": 3, "weak": 0}
    return PublishedFigures.objects.create(
        unit=unit, year=year, source="Báo cáo số 45/BC-SGDĐT", **values
    )


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


# The model


def test_the_thai_binh_distribution_of_2011_is_valid(province):
    published = figures(province, centres=286, good=158, fair=125, average=3, weak=0)
    published.full_clean()
    assert published.has_distribution and not published.has_activities


def test_grades_adding_up_to_more_than_the_centres_are_refused_at_the_centres(province):
    errors = errors_of(figures(province, centres=286, good=158, fair=125, average=4, weak=0))
    assert list(errors) == ["centres"]
    assert "287" in errors["centres"][0] and "286" in errors["centres"][0]


def test_one_grade_alone_above_the_centres_is_refused(province):
    assert list(errors_of(figures(province, centres=286, good=300))) == ["centres"]


def test_grades_without_the_number_of_centres_are_refused(province):
    assert list(errors_of(figures(province, good=158))) == ["centres"]


def test_more_women_than_participant_visits_are_refused_at_the_women(province):
    errors = errors_of(figures(province, visits=1000, women=1001, minority=1000))
    assert list(errors) == ["women"]
    assert "1.000" in errors["women"][0]


def test_more_minority_visits_than_visits_are_refused(province):
    assert list(errors_of(figures(province, visits=10, minority=11))) == ["minority"]


def test_activity_totals_alone_are_valid(province):
    published = figures(province, classes=1200, talks=3400, sessions=13564, visits=1_500_000)
    published.full_clean()
    assert published.has_activities and not published.has_distribution


def test_a_record_without_any_figure_is_refused(province):
    assert "__all__" in errors_of(figures(province))


def test_the_database_refuses_grades_above_the_centres(province):
    with pytest.raises(IntegrityError), transaction.atomic():
        recorded(province, centres=10, good=8, fair=3)


def test_the_database_refuses_grades_without_centres(province):
    with pytest.raises(IntegrityError), transaction.atomic():
        recorded(province, good=8)


def test_the_database_refuses_more_women_than_visits(province):
    with pytest.raises(IntegrityError), transaction.atomic():
        recorded(province, visits=5, women=6)


def test_a_commune_holds_no_published_figures(commune):
    assert "unit" in errors_of(figures(commune, classes=3))


def test_a_year_before_1990_is_refused(province):
    assert list(errors_of(figures(province, year=1989, classes=3))) == ["year"]


def test_a_future_year_is_refused(province):
    year = datetime.date.today().year + 1
    assert list(errors_of(figures(province, year=year, classes=3))) == ["year"]


def test_a_unit_formed_in_2025_records_the_years_before_it_under_itself():
    new_province = UnitFactory(code="33", name="Tỉnh Hưng Yên", valid_from=REFORM_DATE)
    figures(new_province, year=2011, centres=286, good=158).full_clean()


def test_a_year_after_a_former_district_ceased_is_refused(province):
    former = DistrictFactory(parent=province, valid_until=LAST_THREE_LEVEL_DAY)
    figures(former, year=LAST_THREE_LEVEL_DAY.year, classes=3).full_clean()
    errors = errors_of(figures(former, year=LAST_THREE_LEVEL_DAY.year + 1, classes=3))
    assert list(errors) == ["year"]


def test_a_second_record_of_the_same_unit_and_year_is_refused_at_the_year(province):
    recorded(province)
    assert list(errors_of(figures(province, classes=3))) == ["year"]


def test_save_published_records_who_made_the_change(unit_admin, province):
    published = save_published(user=unit_admin, figures=figures(province, classes=3))
    assert published.history.get().history_user == unit_admin


# The selector the reports call


def test_published_figures_are_those_of_exactly_the_unit_by_year(
    province, district, django_assert_num_queries
):
    ours = recorded(province, 2011)
    recorded(province, 2012)
    recorded(province, 2007)
    recorded(district, 2011)
    with django_assert_num_queries(1):
        found = published_figures(province, range(2010, 2013))
    assert set(found) == {2011, 2012}
    assert found[2011] == ours


# The pages


def test_the_province_admin_records_the_thai_binh_distribution(client_for, unit_admin, province):
    client = client_for(unit_admin)
    url = f"{reverse('reports:published_create')}?unit={province.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, THAI_BINH_2011)
    assert response.status_code == 302
    saved = PublishedFigures.objects.get(unit=province, year=2011)
    assert (saved.centres, saved.good, saved.fair, saved.average, saved.weak) == (
        286, 158, 125, 3, 0,
    )  # fmt: skip
    assert saved.classes is None
    assert saved.history.get().history_user == unit_admin


def test_numbers_typed_the_vietnamese_way_are_read_as_whole_numbers(
    client_for, unit_admin, province
):
    client = client_for(unit_admin)
    url = f"{reverse('reports:published_create')}?unit={province.pk}"
    data = {"year": "2012", "source": "Báo cáo tổng kết năm 2012", "sessions": "13.564",
            "visits": "1.500.000", "women": "1.234"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    saved = PublishedFigures.objects.get(unit=province, year=2012)
    assert (saved.sessions, saved.visits, saved.women) == (13564, 1_500_000, 1234)


def test_grades_above_the_centres_typed_in_the_form_are_shown_at_the_field(
    client_for, unit_admin, province
):
    client = client_for(unit_admin)
    url = f"{reverse('reports:published_create')}?unit={province.pk}"
    response = client.post(url, THAI_BINH_2011 | {"good": "159"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["centres"]
    assert not PublishedFigures.objects.exists()


def test_a_second_record_of_a_year_is_a_field_error_not_a_server_error(
    client_for, unit_admin, province
):
    recorded(province, 2011)
    client = client_for(unit_admin)
    url = f"{reverse('reports:published_create')}?unit={province.pk}"
    response = client.post(url, THAI_BINH_2011)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["year"]
    assert PublishedFigures.objects.count() == 1


def test_the_province_admin_edits_and_the_history_shows_the_change_in_vietnamese(
    client_for, unit_admin, province
):
    published = recorded(province, 2012, sessions=13000, visits=1_500_000)
    client = client_for(unit_admin)
    data = {"year": "2012", "source": published.source, "sessions": "13.564", "visits": "1.500.000"}
    response = client.post(reverse("reports:published_edit", args=[published.pk]), data)
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.sessions == 13564
    latest = published.history.first()
    assert latest.history_type == "~" and latest.history_user == unit_admin

    [change] = published_history(province)[0].changes  # visits, saved unchanged, not listed
    assert (change.label, change.old, change.new) == ("Buổi học", 13000, 13564)
    page = client.get(f"{reverse('reports:published_history')}?unit={province.pk}")
    html = page.content.decode()
    assert "Buổi học</span>: 13.000 → 13.564" in html  # the Vietnamese name, grouped numbers
    assert "Quản trị tỉnh" in html
    assert timezone.localtime(latest.history_date).strftime("%d/%m/%Y %H:%M") in html
    assert "Changed" not in html and "sessions" not in html


def test_the_province_admin_deletes_after_confirming(client_for, unit_admin, province):
    published = recorded(province)
    client = client_for(unit_admin)
    url = reverse("reports:published_delete", args=[published.pk])
    assert client.get(url).status_code == 200
    assert PublishedFigures.objects.exists()
    assert client.post(url).status_code == 302
    assert not PublishedFigures.objects.exists()
    entries = published_history(province)
    assert [e.action for e in entries] == ["đã xóa", "đã tạo"]
    assert entries[0].who == "Quản trị tỉnh"


def test_the_list_shows_the_figures_grouped_and_marked_as_published(
    client_for, province_viewer, province
):
    recorded(province, 2012, visits=1_500_000, women=800_000)
    html = client_for(province_viewer).get(reverse("reports:published")).content.decode()
    assert "1.500.000" in html and "800.000" in html
    assert "Báo cáo số 45/BC-SGDĐT" in html


def test_a_reader_sees_the_list_but_may_not_change_the_figures(
    client_for, province_viewer, province
):
    published = recorded(province)
    client = client_for(province_viewer)
    response = client.get(f"{reverse('reports:published')}?unit={province.pk}")
    assert response.status_code == 200
    assert list(response.context["figures"]) == [published]
    assert reverse("reports:published_edit", args=[published.pk]) not in response.content.decode()
    assert client.get(reverse("reports:published_edit", args=[published.pk])).status_code == 403
    assert client.post(reverse("reports:published_delete", args=[published.pk])).status_code == 403
    create = f"{reverse('reports:published_create')}?unit={province.pk}"
    assert client.get(create).status_code == 403
    assert PublishedFigures.objects.count() == 1


def test_a_district_reviewer_reads_its_district_but_not_the_province(
    client_for, district_reviewer, province, district
):
    theirs, provinces = recorded(district), recorded(province)
    client = client_for(district_reviewer)
    assert list(client.get(reverse("reports:published")).context["figures"]) == [theirs]
    assert client.get(f"{reverse('reports:published')}?unit={province.pk}").status_code == 404
    assert client.get(reverse("reports:published_edit", args=[provinces.pk])).status_code == 404


def test_another_provinces_admin_finds_neither_the_figures_nor_the_unit(
    client_for, outsider, province
):
    published = recorded(province)
    client = client_for(outsider)
    assert client.get(reverse("reports:published_edit", args=[published.pk])).status_code == 404
    assert client.post(reverse("reports:published_delete", args=[published.pk])).status_code == 404
    assert client.get(f"{reverse('reports:published')}?unit={province.pk}").status_code == 404
    history = f"{reverse('reports:published_history')}?unit={province.pk}"
    assert client.get(history).status_code == 404
    create = f"{reverse('reports:published_create')}?unit={province.pk}"
    assert client.get(create).status_code == 404
    assert client.post(create, THAI_BINH_2011).status_code == 404
    assert PublishedFigures.objects.count() == 1


def test_a_commune_user_finds_no_figures_and_no_page(client_for, commune_staff, province, commune):
    published = recorded(province)
    client = client_for(commune_staff)
    assert client.get(reverse("reports:published_edit", args=[published.pk])).status_code == 404
    assert client.get(reverse("reports:published")).status_code == 403
    create = f"{reverse('reports:published_create')}?unit={commune.pk}"
    assert client.get(create).status_code == 404  # a commune records none


def test_the_new_provinces_admin_records_its_predecessors_years_under_itself(client_for):
    world = reform.build()
    admin = UserFactory(username="quan_tri_hung_yen")
    assign(admin, world.hung_yen, Role.UNIT_ADMIN)
    client = client_for(admin)
    url = f"{reverse('reports:published_create')}?unit={world.hung_yen.pk}"
    assert client.post(url, THAI_BINH_2011).status_code == 302
    assert PublishedFigures.objects.get().unit == world.hung_yen
    # The old province's own figures are recorded (and corrected) by the province it became
    # part of, as the rest of its past (the Scope's past roots).
    old = f"{reverse('reports:published_create')}?unit={world.thai_binh.pk}"
    assert client.post(old, THAI_BINH_2011).status_code == 302
    assert PublishedFigures.objects.filter(unit=world.thai_binh, year=2011).exists()


def test_the_menu_links_the_published_figures_for_readers_above_the_communes(
    client_for, province_viewer, commune_staff
):
    link = reverse("reports:published")
    assert link in client_for(province_viewer).get("/").content.decode()
    assert link not in client_for(commune_staff).get("/").content.decode()


@pytest.mark.parametrize("url_name", ["reports:published", "reports:published_history"])
def test_the_list_and_history_take_the_same_queries_for_3_and_10_years(
    client_for, unit_admin, province, url_name
):
    client = client_for(unit_admin)
    url = f"{reverse(url_name)}?unit={province.pk}"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def rows(years):
        for year in years:
            save_published(user=unit_admin, figures=figures(province, year, classes=year))

    rows(range(2001, 2004))
    queries()  # the user's lineage is cached from here on
    few = queries()
    rows(range(2004, 2011))
    assert PublishedFigures.objects.count() == 10
    assert queries() == few
