"""From 2026 the default rubric has a digital-transformation indicator; a rating of 2025 or
before keeps the version without it (issue 19, part 4)."""

import datetime

import pytest
from django.utils import translation

from activities.models import ContentArea
from ratings.default_rubric import DIGITAL_FROM, rubric_for
from ratings.models import Measure, Rubric
from ratings.selectors import DIGITAL_AREA, measured_values

from ..factories import ActivityFactory

pytestmark = pytest.mark.django_db


def areas(rubric) -> list[int]:
    return [sum(i.max_points for i in c.indicators.all()) for c in rubric.criteria.all()]


def test_a_province_gets_two_default_versions_split_at_2026(province):
    old, new = rubric_for(province, 2011), rubric_for(province, 2026)
    assert (old.first_year, old.last_year) == (2007, DIGITAL_FROM - 1)
    assert (new.first_year, new.last_year) == (DIGITAL_FROM, None)
    assert rubric_for(province, 2025) == old
    assert rubric_for(province, 2030) == new
    assert Rubric.objects.filter(province=province).count() == 2


def test_only_the_2026_version_has_the_digital_indicator_and_both_keep_20_30_20_30(province):
    old, new = rubric_for(province, 2024), rubric_for(province, 2026)
    measures = {i.measure for c in new.criteria.all() for i in c.indicators.all()}
    before = {i.measure for c in old.criteria.all() for i in c.indicators.all()}
    assert Measure.DIGITAL in measures
    assert Measure.DIGITAL not in before
    assert areas(old) == areas(new) == [20, 30, 20, 30]


def test_the_digital_indicator_is_suggested_from_digital_classes_computers_and_internet(centre):
    year = datetime.date.today().year
    digital = ContentArea.objects.get(name=DIGITAL_AREA)
    ActivityFactory(centre=centre, content_area=digital, start_date=datetime.date(year, 3, 5))
    ActivityFactory(centre=centre, start_date=datetime.date(year, 3, 6))
    centre.computers, centre.has_internet = 12, True
    centre.save()
    with translation.override("vi"):
        value = measured_values(centre, year)[Measure.DIGITAL]
    assert value.startswith("1 ")
    assert "12 máy tính" in value
    assert value.endswith("có")
