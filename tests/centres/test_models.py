import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from centres.models import AdministrativeUnit, BoardMember, Centre

from ..factories import BoardMemberFactory, CentreFactory, StaffFactory, UserFactory


def test_unit_path_is_the_chain_of_codes_from_the_province(commune):
    assert commune.path == "34/336/12454/"


def test_a_commune_under_the_province_after_the_reform_gets_its_own_path(province):
    commune = AdministrativeUnit.objects.create(
        code="12454", name="Xã An Khê mới", level="commune", parent=province
    )
    assert commune.path == "34/12454/"


def test_a_district_cannot_hang_under_a_commune(commune):
    unit = AdministrativeUnit(code="999", name="Huyện lạ", level="district", parent=commune)
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "parent" in error.value.message_dict


def test_database_refuses_a_district_without_a_parent(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        AdministrativeUnit.objects.create(code="999", name="Huyện mồ côi", level="district")


def test_database_refuses_a_second_centre_for_the_same_commune(centre):
    with pytest.raises(IntegrityError), transaction.atomic():
        Centre.objects.create(commune=centre.commune, name="Trung tâm thứ hai")


def test_database_refuses_two_current_directors(centre):
    BoardMemberFactory(centre=centre)
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardMember.objects.create(
            centre=centre, position="director", full_name="Lê Văn Hai", sex="male"
        )


def test_a_former_director_stays_beside_the_current_one(centre):
    BoardMemberFactory(centre=centre, left_on="2020-05-01", appointment_date="2015-05-01")
    BoardMemberFactory(centre=centre)
    assert centre.board_members.current().count() == 1
    assert centre.board_members.count() == 2


def test_second_current_director_gets_a_vietnamese_validation_message(centre):
    BoardMemberFactory(centre=centre)
    member = BoardMember(centre=centre, position="director", full_name="Lê Văn Hai", sex="male")
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "đã có Giám đốc" in error.value.message_dict["position"][0]


def test_leaving_before_appointment_is_refused(centre):
    member = BoardMemberFactory.build(
        centre=centre, appointment_date="2020-01-01", left_on="2019-01-01"
    )
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "left_on" in error.value.message_dict


def test_a_centre_must_belong_to_a_commune(district):
    centre = Centre(commune=district, name="Sai cấp")
    with pytest.raises(ValidationError) as error:
        centre.full_clean()
    assert "commune" in error.value.message_dict


def test_changes_to_centre_board_and_staff_are_kept_with_who_changed_them(centre):
    user = UserFactory()
    centre.rooms = 3
    centre._history_user = user
    centre.save()
    staff = StaffFactory(centre=centre)
    staff.is_active = False
    staff.save()
    assert centre.history.count() == 2
    assert centre.history.first().history_user == user
    assert staff.history.count() == 2


def test_centre_string_and_url(centre):
    assert str(centre) == "Trung tâm học tập cộng đồng Xã An Khê"
    assert centre.get_absolute_url() == f"/centres/{centre.pk}/"


def test_seats_must_be_plausible(commune):
    with pytest.raises(IntegrityError), transaction.atomic():
        CentreFactory(commune=commune, seats=10_000_000)
