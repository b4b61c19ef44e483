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


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.Activity"

    centre = factory.SubFactory(CentreFactory)
    kind = "talk"
    title = factory.Sequence(lambda n: f"Chuyên đề pháp luật số {n}")
    content_area = factory.LazyFunction(
        lambda: __import__(
            "activities.models", fromlist=["ContentArea"]
        ).ContentArea.objects.first()
    )
    start_date = factory.LazyFunction(lambda: _days_ago(30))
    end_date = factory.LazyAttribute(lambda o: o.start_date)


class ClassFactory(ActivityFactory):
    kind = "class"
    title = factory.Sequence(lambda n: f"Lớp tin học số {n}")
    end_date = factory.LazyAttribute(lambda o: _days_ago(1))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.Session"

    activity = factory.SubFactory(ActivityFactory)
    date = factory.LazyAttribute(lambda o: o.activity.start_date)
    participants = 0


class LearnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.Learner"

    centre = factory.SubFactory(CentreFactory)
    full_name = factory.Sequence(lambda n: f"Lê Thị Học Viên {n}")
    sex = "female"
    birth_year = 1970
    village = "Thôn Đông"


def _days_ago(days: int):
    import datetime

    return datetime.date.today() - datetime.timedelta(days=days)


def enrol(activity, learners):
    from activities.models import Enrolment

    for learner in learners:
        Enrolment.objects.create(activity=activity, learner=learner)


def pdf_bytes(text: str = "Biên bản họp") -> bytes:
    """A real one-page PDF (evidence uploads are parsed, not sniffed)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


class ContentAreaFactory(factory.django.DjangoModelFactory):
    """A province's own content area (a national default: province=None)."""

    class Meta:
        model = "activities.ContentArea"

    province = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Lĩnh vực riêng số {n}")
    order = 200


class ProposalFactory(factory.django.DjangoModelFactory):
    """A draft commendation proposal of a commune's centre staff for its centre."""

    class Meta:
        model = "emulation.Proposal"

    year = factory.LazyFunction(lambda: __import__("datetime").date.today().year)
    centre = factory.SubFactory(CentreFactory)
    proposing_unit = factory.LazyAttribute(lambda o: o.centre.commune if o.centre else None)
    recipient = factory.LazyAttribute(lambda o: "centre" if o.centre else "person")
    name = ""
    achievement = "Tổ chức tốt các lớp học, chuyên đề; huy động đông đảo người dân tham gia."
    award = "certificate"
    deciding_level = "commune"
    created_by = factory.SubFactory(UserFactory)
