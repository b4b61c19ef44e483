import factory
from django.contrib.auth import get_user_model

from centres.models import AdministrativeUnit, Assignment, BoardMember, Centre, Role, Staff


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("path",)

    level = AdministrativeUnit.Level.PROVINCE
    code = factory.Sequence(lambda n: f"{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử {n}")
    parent = None
    path = factory.LazyAttribute(lambda o: AdministrativeUnit.build_path(o.code, o.parent))


class DistrictFactory(UnitFactory):
    level = AdministrativeUnit.Level.DISTRICT
    code = factory.Sequence(lambda n: f"{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Huyện Thử {n}")
    parent = factory.SubFactory(UnitFactory)


class CommuneFactory(UnitFactory):
    level = AdministrativeUnit.Level.COMMUNE
    code = factory.Sequence(lambda n: f"{n % 100000:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử {n}")
    parent = factory.SubFactory(DistrictFactory)


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    commune = factory.SubFactory(CommuneFactory)
    name = factory.LazyAttribute(lambda o: f"Trung tâm học tập cộng đồng {o.commune.name}")


class BoardMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMember

    centre = factory.SubFactory(CentreFactory)
    position = BoardMember.Position.DIRECTOR
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Giám {n}")
    sex = "male"
    main_post = "Phó Chủ tịch UBND xã"


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    centre = factory.SubFactory(CentreFactory)
    kind = Staff.Kind.SPEAKER
    full_name = factory.Sequence(lambda n: f"Trần Thị Báo Cáo {n}")
    sex = "female"
    organisation = "Hội Liên hiệp Phụ nữ xã"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Người Dùng"
    password = factory.PostGenerationMethodCall("set_password", "mật-khẩu-thử-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def assign(user, unit, role: str) -> Assignment:
    return Assignment.objects.create(user=user, unit=unit, role=role)


__all__ = ["Role"]
