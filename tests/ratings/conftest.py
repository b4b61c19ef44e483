import datetime
from decimal import Decimal

import pytest

from ratings import services
from ratings.models import Indicator, Rating

from ..factories import UserFactory, assign

YEAR = datetime.date.today().year


@pytest.fixture
def rating_round(district_reviewer, district, centre, neighbour_centre):
    return services.open_round(
        user=district_reviewer,
        unit=district,
        year=YEAR,
        deadline=datetime.date.today() + datetime.timedelta(days=10),
    )


@pytest.fixture
def rating(rating_round, centre):
    return Rating.objects.get(round=rating_round, centre=centre)


@pytest.fixture
def province_reviewer(province):
    user = UserFactory(username="so_danh_gia")
    assign(user, province, "reviewer")
    return user


def full_points(rating, share=Decimal(1)) -> dict:
    return {
        i.pk: (i.max_points * share, "")
        for i in Indicator.objects.filter(criterion__rubric=rating.rubric)
    }


def add_required_evidence(rating, user):
    from django.core.files.base import ContentFile

    from ratings.models import Evidence

    for indicator in Indicator.objects.filter(
        criterion__rubric=rating.rubric, evidence_required=True
    ):
        pdf = ContentFile(b"%PDF-1.4 x", name="minh-chung.pdf")
        Evidence.objects.create(
            rating=rating, indicator=indicator, file=pdf, original_name="minh-chung.pdf",
            size=10, uploaded_by=user,
        )  # fmt: skip


def submitted(rating, user):
    rating = services.save_self_assessment(
        user=user, rating=rating, points=full_points(rating), version=rating.version
    )
    add_required_evidence(rating, user)
    return services.submit(user=user, rating=rating, version=rating.version)


def reviewed(rating, reviewer, share=Decimal(1)):
    return services.save_review(
        user=reviewer, rating=rating, points=full_points(rating, share), version=rating.version
    )


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
