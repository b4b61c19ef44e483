from django.core.management import call_command

from centres.models import AdministrativeUnit
from centres.models.units import LAST_THREE_LEVEL_DAY, REFORM_DATE


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("load_units", *args, stdout=out)
    return out.getvalue()


def test_three_level_loader_builds_thai_binh_with_districts_and_communes(db):
    run("--province", "34", "--shape", "three-level")
    province = AdministrativeUnit.objects.get(path="34/")
    assert province.name == "Tỉnh Thái Bình"
    assert province.valid_until == LAST_THREE_LEVEL_DAY  # merged into Hưng Yên in 2025
    districts = AdministrativeUnit.objects.filter(level="district", parent=province)
    assert districts.count() == 8
    assert all(d.valid_until == LAST_THREE_LEVEL_DAY for d in districts)
    communes = AdministrativeUnit.objects.filter(level="commune", path__startswith="34/")
    assert communes.count() == 242
    assert not communes.filter(parent__level="province").exists()
    commune = communes.select_related("parent").get(code="12454")
    assert commune.path == f"34/{commune.parent.code}/12454/"


def test_two_level_loader_hangs_communes_under_the_province(db):
    run("--province", "33", "--shape", "two-level")
    province = AdministrativeUnit.objects.get(path="33/")
    assert province.name == "Tỉnh Hưng Yên"
    assert province.valid_until is None
    communes = AdministrativeUnit.objects.filter(parent=province)
    assert communes.count() > 100
    assert set(communes.values_list("level", flat=True)) == {"commune"}
    assert all(c.valid_from == REFORM_DATE for c in communes)


def test_loading_twice_changes_nothing(db):
    first = run("--province", "33")
    snapshot = list(AdministrativeUnit.objects.values_list("path", "name", "parent_id", "level"))
    second = run("--province", "33")
    assert "0 created, 0 updated" in second
    assert "0 created" not in first
    assert list(AdministrativeUnit.objects.values_list("path", "name", "parent_id", "level")) == (
        snapshot
    )


def test_a_surviving_province_is_one_unit_holding_both_shapes(db):
    run("--province", "33")
    province = AdministrativeUnit.objects.get(path="33/")
    levels = set(province.children.values_list("level", flat=True))
    assert levels == {"district", "commune"}
    assert AdministrativeUnit.objects.filter(level="province").count() == 1


def test_loader_repairs_a_renamed_unit(db):
    run("--province", "34", "--shape", "three-level")
    AdministrativeUnit.objects.filter(path="34/").update(name="Sai tên")
    out = run("--province", "34", "--shape", "three-level")
    assert "1 updated" in out
    assert AdministrativeUnit.objects.get(path="34/").name == "Tỉnh Thái Bình"


def test_unknown_province_is_an_error(db):
    import pytest
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        run("--province", "99")
