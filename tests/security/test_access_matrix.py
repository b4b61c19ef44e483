"""Every URL of the project, for every role and an anonymous visitor, inside and outside scope.

The routes come from the URL resolver, so a new view fails this test until it is listed in
ROUTES (how to build its URL for an object of each province) or in PUBLIC / ADMIN.
Rules checked: anonymous visitors are sent to the login page; an object of another province is
404 for GET and POST and is left unchanged; no response is a server error; no page of a
Thái Bình user shows a name from the other province.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse

from activities.models import ContentArea, Session
from ratings import services as rating_services
from ratings.models import Evidence, Indicator, Rating
from regime import services as regime_services
from reports.models import PublishedFigures, UnitSettings

from ..factories import (
    ActivityFactory,
    BoardMemberFactory,
    CentreFactory,
    ClassFactory,
    CommuneFactory,
    DistrictFactory,
    LearnerFactory,
    ProposalFactory,
    SessionFactory,
    StaffFactory,
    UnitFactory,
    UserFactory,
    assign,
    enrol,
)

YEAR = datetime.date.today().year
FOREIGN_MARKER = "Xã Mộc Nam"


@dataclass
class Side:
    province: object
    district: object
    centre: object
    board: object
    staff: object
    activity: object
    session: object
    round: object
    rating: object
    evidence: object
    user: object
    learner: object
    published: object
    period: object
    proposal: object


def build_side(province_code, province_name, district_code, commune_code, commune_name, prefix):
    province = UnitFactory(code=province_code, name=province_name)
    district = DistrictFactory(code=district_code, name=f"Huyện {prefix}", parent=province)
    centre = CentreFactory(
        commune=CommuneFactory(code=commune_code, name=commune_name, parent=district)
    )
    reviewer = UserFactory(username=f"{prefix}_reviewer")
    assign(reviewer, district, "reviewer")
    activity = ClassFactory(centre=centre, title=f"Lớp của {commune_name}")
    learner = LearnerFactory(centre=centre, full_name=f"Học viên {commune_name}")
    enrol(activity, [learner])
    session = SessionFactory(activity=activity)
    ActivityFactory(centre=centre, title=f"Chuyên đề của {commune_name}")
    rating_round = rating_services.open_round(
        user=reviewer, unit=district, year=YEAR, deadline=datetime.date.today()
    )
    rating = Rating.objects.get(round=rating_round, centre=centre)
    indicator = Indicator.objects.filter(criterion__rubric=rating.rubric).first()
    evidence = Evidence.objects.create(
        rating=rating, indicator=indicator, file=ContentFile(b"%PDF-1.4", name="mc.pdf"),
        original_name="mc.pdf", size=8, uploaded_by=reviewer,
    )  # fmt: skip
    UnitSettings.objects.create(unit=province, issuing_body=f"SỞ GD&ĐT {prefix}", place=prefix)
    published = PublishedFigures.objects.create(
        unit=province, year=2011, source=f"Báo cáo {commune_name}", centres=10, good=4
    )
    period = regime_services.open_period(
        user=reviewer, unit=province, title=f"Báo cáo 6 tháng {commune_name}", kind="custom",
        starts_on=datetime.date.today() - datetime.timedelta(days=60),
        ends_on=datetime.date.today(), deadline=datetime.date.today(),
        fields=[("Số người học xóa mù chữ", "number")],
    )  # fmt: skip
    return Side(
        province, district, centre, BoardMemberFactory(centre=centre),
        StaffFactory(centre=centre), activity, session, rating_round, rating, evidence, reviewer,
        learner, published, period, ProposalFactory(centre=centre, status="submitted"),
    )  # fmt: skip


@pytest.fixture
def world(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    home = build_side("34", "Tỉnh Thái Bình", "336", "12454", "Xã An Khê", "home")
    away = build_side("35", "Tỉnh Hà Nam", "347", "13324", FOREIGN_MARKER, "away")
    users = {}
    for role, unit, username in [
        ("centre_staff", home.centre.commune, "canbo_xa"),
        ("reviewer", home.district, "phong_gd"),
        ("viewer", home.province, "so_gd"),
        ("unit_admin", home.province, "quan_tri"),
    ]:
        users[role] = UserFactory(username=username)
        assign(users[role], unit, role)
    users["outsider"] = UserFactory(username="nguoi_ngoai")
    assign(users["outsider"], away.province, "unit_admin")
    # Several roles: the province's viewer who reviews one district only.
    users["viewer_reviewer"] = UserFactory(username="xem_va_duyet")
    assign(users["viewer_reviewer"], home.province, "viewer")
    assign(users["viewer_reviewer"], home.district, "reviewer")
    # A unit admin with admin-site access and every model permission: the portal is the same.
    users["staff_admin"] = UserFactory(username="quan_tri_staff", is_staff=True)
    users["staff_admin"].user_permissions.add(*Permission.objects.all())
    assign(users["staff_admin"], home.province, "unit_admin")
    return {"home": home, "away": away, "users": users}


# How to reach each route for an object on one side: (positional args, query string).


def own_area(s):
    """The side's province's own content area (made when first asked for)."""
    return ContentArea.objects.get_or_create(
        province=s.province, name=f"Lĩnh vực riêng {s.province.code}"
    )[0]


ROUTES = {
    "ratings:round_joint": lambda s: ([s.round.pk], {}),
    "ratings:joint_review": lambda s: ([s.rating.pk], {}),
    "emulation:list": lambda s: ([], {}),
    "emulation:create": lambda s: ([], {}),
    "emulation:register": lambda s: ([], {"unit": s.district.pk, "year": YEAR}),
    "emulation:candidates": lambda s: ([], {}),
    "emulation:detail": lambda s: ([s.proposal.pk], {}),
    "emulation:update": lambda s: ([s.proposal.pk], {}),
    "emulation:submit": lambda s: ([s.proposal.pk], {}),
    "emulation:return": lambda s: ([s.proposal.pk], {}),
    "emulation:approve": lambda s: ([s.proposal.pk], {}),
    "emulation:reject": lambda s: ([s.proposal.pk], {}),
    "activities:content_areas": lambda s: ([], {}),
    "activities:content_area_create": lambda s: ([s.province.pk], {}),
    "activities:content_area_update": lambda s: ([own_area(s).pk], {}),
    "activities:content_area_retire": lambda s: ([own_area(s).pk], {}),
    "activities:content_area_restore": lambda s: ([own_area(s).pk], {}),
    "activities:content_area_delete": lambda s: ([own_area(s).pk], {}),
    "ratings:rubrics": lambda s: ([], {}),
    "ratings:rubric_start": lambda s: ([s.province.pk], {}),
    "ratings:rubric": lambda s: ([s.round.rubric_id], {}),
    "ratings:rubric_copy": lambda s: ([s.round.rubric_id], {}),
    "ratings:rubric_preview": lambda s: ([s.round.rubric_id], {}),
    "ratings:rubric_criterion": lambda s: ([s.round.rubric.criteria.first().pk], {}),
    "centres:onboarding": lambda s: ([s.province.pk], {}),
    "centres:onboarding_template": lambda s: ([s.province.pk, "accounts"], {}),
    "centres:onboarding_import": lambda s: ([s.province.pk, "accounts"], {}),
    "centres:onboarding_links": lambda s: ([s.province.pk], {}),
    "centres:onboarding_links_xlsx": lambda s: ([s.province.pk], {}),
    "centres:missing_centres": lambda s: ([s.province.pk], {}),
    "dashboard": lambda s: ([], {}),
    "centres:list": lambda s: ([], {"unit": s.district.pk}),
    "centres:create": lambda s: ([], {}),
    "centres:detail": lambda s: ([s.centre.pk], {}),
    "centres:update": lambda s: ([s.centre.pk], {}),
    "centres:board_create": lambda s: ([s.centre.pk], {}),
    "centres:board_update": lambda s: ([s.centre.pk, s.board.pk], {}),
    "centres:staff_create": lambda s: ([s.centre.pk], {}),
    "centres:staff_update": lambda s: ([s.centre.pk, s.staff.pk], {}),
    "centres:users": lambda s: ([], {}),
    "centres:unit": lambda s: ([s.centre.commune.pk], {}),
    "centres:lineage_plan": lambda s: ([s.province.pk], {}),
    "centres:unit_history": lambda s: ([s.province.pk], {}),
    "centres:user_create": lambda s: ([], {}),
    "centres:user_update": lambda s: ([s.user.pk], {}),
    "activities:list": lambda s: ([], {"centre": s.centre.pk}),
    "activities:create": lambda s: ([], {"centre": s.centre.pk}),
    "activities:detail": lambda s: ([s.activity.pk], {}),
    "activities:update": lambda s: ([s.activity.pk], {}),
    "activities:delete": lambda s: ([s.activity.pk], {}),
    "activities:learners": lambda s: ([s.activity.pk], {}),
    "activities:learner_update": lambda s: ([s.activity.pk, s.learner.pk], {}),
    "activities:learner_withdraw": lambda s: ([s.activity.pk, s.learner.pk], {}),
    "activities:session_create": lambda s: ([s.activity.pk], {}),
    "activities:session_update": lambda s: ([s.activity.pk, s.session.pk], {}),
    "activities:session_delete": lambda s: ([s.activity.pk, s.session.pk], {}),
    "activities:attendance": lambda s: ([s.session.pk], {}),
    "activities:template": lambda s: ([], {}),
    "activities:learners_template": lambda s: ([], {}),
    "activities:import": lambda s: ([s.centre.pk], {}),
    "activities:learners_import": lambda s: ([s.activity.pk], {}),
    "activities:export": lambda s: ([], {"year": YEAR, "centre": s.centre.pk}),
    "activities:signin_sheet": lambda s: ([s.activity.pk], {}),
    "activities:centre_year": lambda s: ([s.centre.pk, YEAR], {}),
    "activities:plan_edit": lambda s: ([s.centre.pk, YEAR], {}),
    "activities:funding_edit": lambda s: ([s.centre.pk, YEAR], {}),
    "activities:learning_models_edit": lambda s: ([s.centre.pk, YEAR], {}),
    "ratings:index": lambda s: ([], {}),
    "ratings:round_open": lambda s: ([], {}),
    "ratings:round_missing": lambda s: ([s.round.pk], {}),
    "ratings:round": lambda s: ([s.round.pk], {}),
    "ratings:detail": lambda s: ([s.rating.pk], {}),
    "ratings:self_assessment": lambda s: ([s.rating.pk], {}),
    "ratings:review": lambda s: ([s.rating.pk], {}),
    "ratings:submit": lambda s: ([s.rating.pk], {}),
    "ratings:return": lambda s: ([s.rating.pk], {}),
    "ratings:approve": lambda s: ([s.rating.pk], {}),
    "ratings:reopen": lambda s: ([s.rating.pk], {}),
    "ratings:evidence_upload": lambda s: ([s.rating.pk], {}),
    "ratings:evidence": lambda s: ([s.evidence.pk], {}),
    "ratings:historical": lambda s: ([], {}),
    "ratings:grades_template": lambda s: ([], {}),
    "reports:ratings": lambda s: ([], {"unit": s.district.pk, "year": YEAR}),
    "reports:rating_centres": lambda s: (
        [],
        {"unit": s.district.pk, "year": YEAR, "grade": "good"},
    ),
    "reports:activities": lambda s: ([], {"unit": s.district.pk, "year": YEAR}),
    "reports:communities": lambda s: ([], {"unit": s.district.pk, "year": YEAR}),
    "reports:centre": lambda s: ([], {"centre": s.centre.pk, "year": YEAR}),
    "reports:settings": lambda s: ([], {}),
    "reports:rating_list": lambda s: ([], {"unit": s.district.pk, "year": YEAR}),
    "reports:self_assessment": lambda s: ([], {"unit": s.district.pk, "year": YEAR}),
    "reports:published": lambda s: ([], {"unit": s.province.pk}),
    "reports:published_create": lambda s: ([], {"unit": s.province.pk}),
    "reports:published_edit": lambda s: ([s.published.pk], {}),
    "reports:published_delete": lambda s: ([s.published.pk], {}),
    "reports:published_history": lambda s: ([], {"unit": s.province.pk}),
    "regime:index": lambda s: ([], {}),
    "regime:period_open": lambda s: ([], {}),
    "regime:reminder_settings": lambda s: ([], {}),
    "regime:period": lambda s: ([s.period.pk], {}),
    "regime:period_missing": lambda s: ([s.period.pk], {}),
    "regime:report": lambda s: ([s.period.pk, s.centre.pk], {}),
    "regime:accept": lambda s: ([s.period.pk, s.centre.pk], {}),
    "regime:return": lambda s: ([s.period.pk, s.centre.pk], {}),
    "regime:reopen": lambda s: ([s.period.pk, s.centre.pk], {}),
    "logout": lambda s: ([], {}),
    "password_change": lambda s: ([], {}),
    "password_change_done": lambda s: ([], {}),
}
# Routes with no object in a unit: open to anonymous visitors by design (login_not_required).
PUBLIC = {"login", "password_reset", "password_reset_done", "password_reset_confirm",
          "password_reset_complete", "set_language", "favicon"}  # fmt: skip
ROLES = ["anonymous", "centre_staff", "reviewer", "viewer", "unit_admin", "viewer_reviewer",
         "staff_admin", "outsider"]  # fmt: skip

# Inside the scope, what each role gets for GET/POST, in the order centre staff, reviewer,
# viewer, unit admin, viewer of the province who reviews one district, unit admin with staff
# status and every model permission (the outsider, unit admin of the other province, on its own side: as the
# unit admin). 403: a forbidden action; 405: the route refuses the method; 404 inside the scope:
# an object the role has no list of (users, a round above the commune, a unit above it).
# The rating of the world is not started, so reviewing, returning, approving and reopening it are
# refused to everyone; tests/ratings covers them in every state.
EXPECTED = {
    "ratings:round_joint": "405/404 405/302 405/403 405/302 405/302 405/302",
    "ratings:joint_review": "405/403 405/403 405/403 405/403 405/403 405/403",
    "emulation:list": "200/405 200/405 200/405 200/405 200/405 200/405",
    "emulation:create": "200/200 200/200 403/403 200/200 200/200 200/200",
    "emulation:register": "404/405 200/405 200/405 200/405 200/405 200/405",
    "emulation:candidates": "200/405 200/405 403/405 200/405 200/405 200/405",
    "emulation:detail": "200/405 200/405 200/405 200/405 200/405 200/405",
    "emulation:update": "403/403 403/403 403/403 403/403 403/403 403/403",
    "emulation:submit": "405/403 405/403 405/403 405/403 405/403 405/403",
    "emulation:return": "405/302 405/302 405/403 405/302 405/302 405/302",
    "emulation:approve": "405/403 405/302 405/403 405/302 405/302 405/302",
    "emulation:reject": "405/403 405/302 405/403 405/302 405/302 405/302",
    "activities:content_areas": "403/405 403/405 403/405 200/405 403/405 200/405",
    "activities:content_area_create": "404/404 404/404 403/403 200/200 403/403 200/200",
    "activities:content_area_update": "403/403 403/403 403/403 200/200 403/403 200/200",
    "activities:content_area_retire": "405/403 405/403 405/403 405/302 405/403 405/302",
    "activities:content_area_restore": "405/403 405/403 405/403 405/302 405/403 405/302",
    "activities:content_area_delete": "403/403 403/403 403/403 200/302 403/403 200/302",
    "ratings:rubrics": "403/405 403/405 403/405 200/405 403/405 200/405",
    "ratings:rubric_start": "405/404 405/404 405/403 405/302 405/403 405/302",
    "ratings:rubric": "404/404 404/404 403/403 200/200 403/403 200/200",
    "ratings:rubric_copy": "405/404 405/404 405/403 405/302 405/403 405/302",
    "ratings:rubric_preview": "404/405 404/405 403/405 200/405 403/405 200/405",
    "ratings:rubric_criterion": "404/404 404/404 403/403 200/200 403/403 200/200",
    "centres:onboarding": "404/405 404/405 403/405 200/405 403/405 200/405",
    "centres:onboarding_template": "404/405 404/405 403/405 200/405 403/405 200/405",
    "centres:onboarding_import": "404/404 404/404 403/403 200/200 403/403 200/200",
    "centres:onboarding_links": "404/405 404/405 403/405 200/405 403/405 200/405",
    "centres:onboarding_links_xlsx": "404/405 404/405 403/405 302/405 403/405 302/405",
    "centres:missing_centres": "404/404 404/404 403/403 200/302 403/403 200/302",
    "activities:attendance": "200/302 200/403 200/403 200/302 200/403 200/302",
    "activities:centre_year": "200/405 200/405 200/405 200/405 200/405 200/405",
    "activities:create": "200/200 403/403 403/403 200/200 403/403 200/200",
    "activities:delete": "200/302 403/403 403/403 200/302 403/403 200/302",
    "activities:detail": "200/405 200/405 200/405 200/405 200/405 200/405",
    "activities:export": "200/405 200/405 200/405 200/405 200/405 200/405",
    "activities:funding_edit": "200/200 403/403 403/403 200/200 403/403 200/200",
    "activities:import": "200/200 403/403 403/403 200/200 403/403 200/200",
    "activities:learners": "200/200 403/403 403/403 200/200 403/403 200/200",
    "activities:learner_update": "200/200 403/403 403/403 200/200 403/403 200/200",
    "activities:learner_withdraw": "405/302 405/403 405/403 405/302 405/403 405/302",
    "activities:learners_import": "200/200 403/403 403/403 200/200 403/403 200/200",
    "activities:learners_template": "200/405 200/405 200/405 200/405 200/405 200/405",
    "activities:learning_models_edit": "200/200 403/403 403/403 200/200 403/403 200/200",
    "activities:list": "200/405 200/405 200/405 200/405 200/405 200/405",
    "activities:plan_edit": "200/200 403/403 403/403 200/200 403/403 200/200",
    "activities:session_create": "200/200 403/403 403/403 200/200 403/403 200/200",
    "activities:session_delete": "200/302 403/403 403/403 200/302 403/403 200/302",
    "activities:session_update": "200/200 403/403 403/403 200/200 403/403 200/200",
    "activities:signin_sheet": "200/405 200/405 200/405 200/405 200/405 200/405",
    "activities:template": "200/405 200/405 200/405 200/405 200/405 200/405",
    "activities:update": "200/200 403/403 403/403 200/200 403/403 200/200",
    "centres:board_create": "200/200 403/403 403/403 200/200 403/403 200/200",
    "centres:board_update": "200/200 403/403 403/403 200/200 403/403 200/200",
    "centres:create": "403/403 403/403 403/403 200/200 403/403 200/200",
    "centres:detail": "200/405 200/405 200/405 200/405 200/405 200/405",
    "centres:list": "404/405 200/405 200/405 200/405 200/405 200/405",
    "centres:staff_create": "200/200 403/403 403/403 200/200 403/403 200/200",
    "centres:staff_update": "200/200 403/403 403/403 200/200 403/403 200/200",
    "centres:update": "200/200 403/403 403/403 200/200 403/403 200/200",
    "centres:user_create": "403/403 403/403 403/403 200/200 403/403 200/200",
    "centres:user_update": "404/404 404/404 404/404 200/200 404/404 200/200",
    "centres:users": "403/403 403/403 403/403 200/200 403/403 200/200",
    "centres:unit": "200/405 200/405 200/405 200/405 200/405 200/405",
    "centres:lineage_plan": "404/404 404/404 403/403 200/200 403/403 200/200",
    "centres:unit_history": "404/405 404/405 403/405 200/405 403/405 200/405",
    "dashboard": "200/405 200/405 200/405 200/405 200/405 200/405",
    "logout": "405/302 405/302 405/302 405/302 405/302 405/302",
    "password_change": "200/200 200/200 200/200 200/200 200/200 200/200",
    "password_change_done": "200/405 200/405 200/405 200/405 200/405 200/405",
    "ratings:approve": "405/403 405/403 405/403 405/403 405/403 405/403",
    "ratings:detail": "200/405 200/405 200/405 200/405 200/405 200/405",
    "ratings:evidence": "200/405 200/405 200/405 200/405 200/405 200/405",
    "ratings:evidence_upload": "405/302 405/403 405/403 405/302 405/403 405/302",
    "ratings:grades_template": "200/405 200/405 200/405 200/405 200/405 200/405",
    "ratings:historical": "403/403 200/200 403/403 200/200 200/200 200/200",
    "ratings:index": "200/405 200/405 200/405 200/405 200/405 200/405",
    "ratings:reopen": "405/403 405/403 405/403 405/403 405/403 405/403",
    "ratings:return": "405/403 405/403 405/403 405/403 405/403 405/403",
    "ratings:review": "403/403 403/403 403/403 403/403 403/403 403/403",
    "ratings:round": "404/404 200/302 200/403 200/302 200/302 200/302",
    "ratings:round_missing": "404/405 200/405 200/405 200/405 200/405 200/405",
    "ratings:round_open": "403/403 200/200 403/403 200/200 200/200 200/200",
    "ratings:self_assessment": "200/302 403/403 403/403 200/302 403/403 200/302",
    "ratings:submit": "405/302 405/403 405/403 405/302 405/403 405/302",
    "regime:index": "200/405 200/405 200/405 200/405 200/405 200/405",
    "regime:period_open": "403/403 200/200 403/403 200/200 200/200 200/200",
    "regime:reminder_settings": "200/302 200/302 200/302 200/302 200/302 200/302",
    "regime:period": "403/405 404/405 200/405 200/405 200/405 200/405",
    "regime:period_missing": "403/405 404/405 200/405 200/405 200/405 200/405",
    "regime:report": "200/302 404/404 200/403 200/302 200/403 200/302",
    "regime:accept": "405/403 405/404 405/403 405/403 405/403 405/403",
    "regime:return": "405/403 405/404 405/403 405/403 405/403 405/403",
    "regime:reopen": "405/403 405/404 405/403 405/403 405/403 405/403",
    "reports:activities": "404/405 200/405 200/405 200/405 200/405 200/405",
    "reports:centre": "200/405 200/405 200/405 200/405 200/405 200/405",
    "reports:rating_centres": "404/405 200/405 200/405 200/405 200/405 200/405",
    "reports:ratings": "404/405 200/405 200/405 200/405 200/405 200/405",
    "reports:communities": "404/405 200/405 200/405 200/405 200/405 200/405",
    "reports:settings": "200/200 403/403 403/403 200/200 403/403 200/200",
    "reports:rating_list": "404/405 200/405 200/405 200/405 200/405 200/405",
    "reports:self_assessment": "404/405 200/405 200/405 200/405 200/405 200/405",
    "reports:published": "404/405 404/405 200/405 200/405 200/405 200/405",
    "reports:published_create": "404/404 404/404 403/404 200/404 403/404 200/404",
    "reports:published_edit": "404/404 404/404 403/403 200/200 403/403 200/200",
    "reports:published_delete": "404/404 404/404 403/403 200/302 403/403 200/302",
    "reports:published_history": "404/405 404/405 200/405 200/405 200/405 200/405",
}  # fmt: skip
IN_SCOPE_ROLES = [
    "centre_staff",
    "reviewer",
    "viewer",
    "unit_admin",
    "viewer_reviewer",
    "staff_admin",
]


def project_routes() -> list[tuple[str, bool]]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # Django's admin: staff only, with its own permission checks
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                yield from walk(pattern.url_patterns, inner)
            else:
                yield namespace + (pattern.name or str(pattern.pattern))

    return list(walk(get_resolver().url_patterns))


def test_every_route_is_in_the_matrix():
    missing = [name for name in project_routes() if name not in ROUTES and name not in PUBLIC]
    assert missing == []
    assert sorted(EXPECTED) == sorted(ROUTES)


def finish(response) -> str:
    """The body as text; a streamed file is read and its file closed (not response.close(),
    which would fire request_finished and close the test's database connection)."""
    if not response.streaming:
        return response.content.decode(errors="ignore")
    b"".join(response.streaming_content)
    for close in response._resource_closers:
        close()
    return ""


def _url(name: str, side) -> tuple[str, dict]:
    args, query = ROUTES[name](side)
    return reverse(name, args=args), query


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route_for_role(client, world, name, role):
    home, away = world["home"], world["away"]
    own, other = (away, home) if role == "outsider" else (home, away)
    if role != "anonymous":
        client.force_login(world["users"][role])

    url, query = _url(name, own)
    codes = []
    for method in ("get", "post"):
        response = getattr(client, method)(
            url, query if method == "get" else {**query, "version": 1}
        )
        body = finish(response)
        codes.append(str(response.status_code))
        assert response.status_code < 500, (method, url)
        if role == "anonymous":
            assert response.status_code == 302, (method, url)
            assert response.url.startswith(reverse("login"))
        elif role != "outsider":
            assert FOREIGN_MARKER not in body, (method, url)
    if role != "anonymous":
        as_role = IN_SCOPE_ROLES.index("unit_admin" if role == "outsider" else role)
        assert "/".join(codes) == EXPECTED[name].split()[as_role], (name, role)

    other_url, other_query = _url(name, other)
    if role == "anonymous" or (other_url, other_query) == (url, query):
        return  # no object of a unit in this route: nothing outside the scope to reach
    before = (Session.objects.count(), Rating.objects.filter(status="not_started").count())
    for method in ("get", "post"):
        response = getattr(client, method)(
            other_url,
            other_query if method == "get" else {**other_query, "version": 1, "reason": "x"},
        )
        finish(response)
        # 405: the route refuses the method before it looks up any object, so nothing leaks.
        assert response.status_code in {404, 405}, (
            method,
            other_url,
            other_query,
            response.status_code,
        )
    assert (Session.objects.count(), Rating.objects.filter(status="not_started").count()) == before


def test_every_post_without_a_csrf_token_is_refused(world):
    """CSRF protection on every route: a POST without the token is refused before the view."""
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world["users"]["unit_admin"])
    refused = {}
    for name in sorted(ROUTES):
        url, query = _url(name, world["home"])
        response = strict.post(url, {**query, "version": 1})
        finish(response)
        refused[name] = response.status_code
    assert {name: code for name, code in refused.items() if code != 403} == {}


@pytest.mark.parametrize("odd", ["²", "9" * 5000, "-1", "", "\u202e=1+1"])
def test_every_form_survives_odd_values_in_every_field(client, world, odd):
    """Each route's own page is read for its field names; all of them are posted with the same
    odd value: never a server error (the forms are checked in depth in test_bad_input)."""
    import re

    client.force_login(world["users"]["unit_admin"])
    failures = {}
    for name in sorted(ROUTES):
        if name == "logout":
            continue
        url, query = _url(name, world["home"])
        page = client.get(url, query)
        body = finish(page)
        fields = set(re.findall(r'name="([\w-]+)"', body)) - {"csrfmiddlewaretoken"}
        data = {**query, **dict.fromkeys(fields | {"version"}, odd)}
        response = client.post(url, data)
        finish(response)
        if response.status_code >= 500:
            failures[name] = response.status_code
    assert failures == {}


@pytest.mark.parametrize("peer_is_staff", [False, True])
def test_unit_admins_of_the_same_province_cannot_edit_each_other(client, world, peer_is_staff):
    admin = world["users"]["unit_admin"]
    peer = world["users"]["staff_admin"]
    peer.is_staff = peer_is_staff
    peer.save()
    for editor, account in ((admin, peer), (peer, admin)):
        client.force_login(editor)
        url = reverse("centres:user_update", args=[account.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"email": "x@example.com"}).status_code == 403
