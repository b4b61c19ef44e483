import datetime

import pytest

from regime import services

from ..factories import ActivityFactory, SessionFactory, UserFactory, assign


@pytest.fixture
def half_year():
    today = datetime.date.today()
    first = today.month <= 6
    starts = datetime.date(today.year, 1 if first else 7, 1)
    ends = datetime.date(today.year, 6 if first else 12, 30 if first else 31)
    return starts, ends


@pytest.fixture
def province_reviewer(province):
    user = UserFactory(username="so_gd_duyet", first_name="Chuyên viên Sở")
    assign(user, province, "reviewer")
    return user


@pytest.fixture
def period(province, province_reviewer, half_year):
    starts, ends = half_year
    return services.open_period(
        user=province_reviewer, unit=province, title="Báo cáo 6 tháng", kind="half",
        starts_on=starts, ends_on=ends, deadline=ends + datetime.timedelta(days=10),
        fields=[("Số người học xóa mù chữ", "number"), ("Ghi chú", "text")],
    )  # fmt: skip


@pytest.fixture
def talk_in_period(centre, half_year):
    starts, _ends = half_year
    activity = ActivityFactory(centre=centre, start_date=starts, end_date=starts)
    SessionFactory(activity=activity, date=starts, participants=40, participants_women=25)
    return activity


def fields_of(period):
    number, text = period.fields.all()
    return number, text


@pytest.fixture(autouse=True)
def in_vietnamese(settings):
    """Services called directly read the thread's language: a request in English by an earlier
    test on the same worker must not leak into the next."""
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield
