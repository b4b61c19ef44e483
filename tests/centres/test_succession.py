"""The 2025 conversion (vietnamadminunits) joined to the units the loader builds.

New Hưng Yên (33) is old Hưng Yên (33, which goes on as the same unit) and old Thái Bình (34).
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from centres.models import AdministrativeUnit, UnitSuccession
from centres.models.units import REFORM_DATE
from centres.succession import load_successions, succession_records


def run(command: str, **options) -> str:
    out = StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def hung_yen(db):
    """Old Thái Bình, then old and new Hưng Yên: the successions come with the second load."""
    run("load_units", province="34", shape="three-level")
    return run("load_units", province="33", shape="both")


def successors_of(path: str) -> dict[str, bool]:
    rows = UnitSuccession.objects.filter(predecessor__path__endswith=path)
    return dict(rows.values_list("successor__path", "is_default"))


@pytest.mark.django_db
def test_new_hung_yen_takes_old_thai_binh_as_a_predecessor_province(hung_yen):
    succession = UnitSuccession.objects.get(successor__path="33/", predecessor__level="province")
    assert succession.predecessor.path == "34/"
    assert succession.predecessor.name == "Tỉnh Thái Bình"
    assert succession.is_default
    assert succession.effective_on == REFORM_DATE
    # Old Hưng Yên goes on as the same unit: it is nobody's predecessor.
    assert not UnitSuccession.objects.filter(predecessor__path="33/").exists()


@pytest.mark.django_db
def test_a_thai_binh_commune_passes_to_its_new_commune(hung_yen):
    # Xã Đông Hòa (Thành phố Thái Bình) went whole into Phường Trà Lý.
    assert successors_of("/12457/") == {"33/12817/": True}
    successor = AdministrativeUnit.objects.get(path="33/12817/")
    assert successor.name == "Phường Trà Lý"
    assert successor.formations.filter(predecessor__path__startswith="34/").count() > 1


@pytest.mark.django_db
def test_a_divided_commune_has_several_successions_and_one_default(hung_yen):
    # Xã Ngọc Thanh (Kim Động) was divided between Xã Hiệp Cường and Phường Sơn Nam.
    assert successors_of("/12322/") == {"33/12322/": True, "33/11983/": False}


@pytest.mark.django_db
def test_the_loader_prints_the_successions_and_a_reconciliation_line(hung_yen):
    created = UnitSuccession.objects.count()
    assert f"Successions: {created} created, 0 updated, 0 deleted, 0 unchanged." in hung_yen
    assert "Reconciliation: 3 former units named differently here" in hung_yen
    assert "run reconcile_units for the list." in hung_yen


@pytest.mark.django_db
def test_loading_twice_changes_nothing(hung_yen):
    snapshot = set(UnitSuccession.objects.values_list("predecessor", "successor", "is_default"))
    again = run("load_units", province="33", shape="both")
    count = len(snapshot)
    assert f"Successions: 0 created, 0 updated, 0 deleted, {count} unchanged." in again
    assert set(UnitSuccession.objects.values_list("predecessor", "successor", "is_default")) == (
        snapshot
    )


@pytest.mark.django_db
def test_successions_wait_until_the_other_shape_is_loaded():
    out = run("load_units", province="33", shape="two-level")
    assert "Successions:" not in out
    assert "33 Tỉnh Hưng Yên (three-level)" in out
    assert not UnitSuccession.objects.exists()
    out = run("load_units", province="34", shape="three-level")
    assert "Successions: " in out
    assert UnitSuccession.objects.get(successor__path="33/").predecessor.path == "34/"
    assert "33 Tỉnh Hưng Yên (three-level)" in out  # old Hưng Yên is still missing


@pytest.mark.django_db
def test_no_successions_flag_leaves_them_out():
    out = run("load_units", province="33", shape="both", no_successions=True)
    assert "Successions" not in out
    assert not UnitSuccession.objects.exists()


@pytest.mark.django_db
def test_loading_repairs_a_changed_default_and_drops_a_succession_the_dataset_does_not_list(
    hung_yen,
):
    UnitSuccession.objects.filter(predecessor__path__endswith="/12322/").update(is_default=False)
    stray = AdministrativeUnit.objects.get(
        path__endswith="/12454/", level="commune", parent__level="district"
    )
    UnitSuccession.objects.create(
        predecessor=stray,
        successor=AdministrativeUnit.objects.get(path="33/12817/"),
        is_default=False,
    )
    earlier = UnitSuccession.objects.create(
        predecessor=AdministrativeUnit.objects.get(path="33/"),
        successor=AdministrativeUnit.objects.get(path="33/12817/"),
        effective_on=REFORM_DATE.replace(year=2008),
        is_default=False,
    )
    out = run("load_units", province="33", shape="both")
    assert "0 created, 1 updated, 1 deleted" in out
    assert successors_of("/12322/") == {"33/12322/": True, "33/11983/": False}
    assert UnitSuccession.objects.filter(pk=earlier.pk).exists()  # not the reform's: kept


@pytest.mark.django_db
def test_building_the_records_takes_one_query_and_loading_a_handful(
    hung_yen, django_assert_max_num_queries
):
    UnitSuccession.objects.all().delete()
    with django_assert_max_num_queries(1):
        successions = succession_records("33")
    with django_assert_max_num_queries(10):  # the successions and their history rows
        result = load_successions(records=successions.records, successors=successions.successors)
    assert result.created == len(successions.records) > 300


@pytest.mark.django_db
def test_the_province_filter_takes_the_new_province_and_covers_its_former_ones(hung_yen):
    successions = succession_records("33")
    assert successions.report.compared == ["33"]
    predecessors = AdministrativeUnit.objects.filter(
        pk__in=[r.predecessor_id for r in successions.records]
    )
    assert {p.path[:3] for p in predecessors} == {"33/", "34/"}
    with pytest.raises(ValueError, match="34"):
        succession_records("34")  # Thái Bình is a former province


@pytest.mark.django_db
def test_a_deleted_former_commune_is_reported_as_missing(hung_yen):
    commune = AdministrativeUnit.objects.get(path__startswith="34/", path__endswith="/12457/")
    commune.delete()
    report = succession_records("33").report
    missing = [m for m in report.missing_former if m.code == "12457"]
    assert [(m.name, m.place) for m in missing] == [
        ("Xã Đông Hòa", "Thành phố Thái Bình, Tỉnh Thái Bình")
    ]


@pytest.mark.django_db
def test_a_new_commune_named_differently_is_reported_and_not_linked(hung_yen):
    AdministrativeUnit.objects.filter(path="33/12817/").update(name="Phường Sai Tên")
    successions = succession_records("33")
    renamed = [m for m in successions.report.renamed_current if m.code == "12817"]
    assert [(m.name, m.note) for m in renamed] == [("Phường Trà Lý", "here: Phường Sai Tên")]
    successor = AdministrativeUnit.objects.get(path="33/12817/")
    assert successor.pk not in successions.successors
    assert all(r.successor_id != successor.pk for r in successions.records)


@pytest.mark.django_db
def test_names_differing_only_in_spacing_and_apostrophes_match(hung_yen):
    AdministrativeUnit.objects.filter(path="33/12817/").update(name="Phường  TRÀ-LÝ")
    report = succession_records("33").report
    assert not [m for m in report.renamed_current if m.code == "12817"]


@pytest.mark.django_db
def test_reconcile_units_prints_the_report_grouped_with_codes_and_names(hung_yen):
    out = run("reconcile_units", province="34")
    assert "Province 34 is part of 33 since 01/07/2025." in out
    assert "Former units named differently here (3):" in out
    assert "12538  Xã An Quý — Huyện Quỳnh Phụ, Tỉnh Thái Bình  [here: Xã An Quí]" in out
    # The dataset numbers five new communes differently: linked by their name, and listed.
    assert "New communes linked by their name, the codes differing (5):" in out
    assert "12004  Xã Như Quỳnh — Tỉnh Hưng Yên  [here as 11986]" in out
    with pytest.raises(CommandError, match="Mismatches with the 2025 conversion: 8"):
        run("reconcile_units", province="33", fail_on_mismatch=True)


@pytest.mark.django_db
def test_reconcile_units_fails_on_mismatch_only_when_something_does_not_match():
    run("load_units", province="22")  # Quảng Ninh: the same province before and after
    out = run("reconcile_units", province="22", fail_on_mismatch=True)
    assert "Reconciliation: everything matches." in out
    AdministrativeUnit.objects.filter(level="commune", parent__level="province").order_by(
        "path"
    ).first().delete()
    with pytest.raises(CommandError, match="Mismatches with the 2025 conversion: 1"):
        run("reconcile_units", province="22", fail_on_mismatch=True)
    assert "New communes in the dataset but not here (1):" in run("reconcile_units", province="22")


@pytest.mark.django_db
def test_reconcile_units_changes_nothing(hung_yen):
    before = UnitSuccession.objects.count()
    UnitSuccession.objects.filter(successor__path="33/").delete()
    run("reconcile_units")
    assert UnitSuccession.objects.count() == before - 1


@pytest.mark.django_db
def test_a_new_commune_numbered_differently_in_the_dataset_is_linked_by_its_name(hung_yen):
    nhu_quynh = AdministrativeUnit.objects.get(path="33/11986/")
    assert UnitSuccession.objects.filter(successor=nhu_quynh).count() >= 2
