"""A self-assessment from the commune to an approved grade, in the browser."""

import datetime

import pytest

from ratings.models import Indicator, Rating

from ..factories import CentreFactory, CommuneFactory, pdf_bytes
from ..ratings.conftest import reviewed, submitted
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "mật-khẩu-thử-123"


def fill_points(page, share: float) -> None:
    for field in page.query_selector_all("input[name^=points_]"):
        maximum = float(field.get_attribute("max") or field.get_attribute("data-max") or 0)
        field.fill(f"{maximum * share:.1f}".replace(".", ","))


def test_self_assessment_is_returned_then_approved_and_the_year_locks(
    browser, phone, live_server, commune_staff, district_reviewer, district, centre,
    neighbour_centre, tmp_path,
):  # fmt: skip
    second = CentreFactory(commune=CommuneFactory(parent=district, code="12460", name="Xã An Mỹ"))

    # The district reviewer opens this year's round.
    desk_context = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = desk_context.new_page()
    desk.base = phone.base
    log_in(desk, "phong_gd", PASSWORD)
    desk.goto(f"{desk.base}/ratings/rounds/new/")
    desk.select_option("#id_unit", str(district.pk))
    desk.fill("#id_year", str(datetime.date.today().year))
    desk.click("main form button[type=submit]")
    desk.wait_for_selector("text=Đã mở đợt đánh giá.")
    assert desk.inner_text("#completeness") == "0/3"
    rating = Rating.objects.get(centre=centre)
    # Two other centres have submitted and been fully reviewed (as in tests/ratings).
    for other in (neighbour_centre, second):
        other_rating = Rating.objects.get(centre=other)
        reviewed(submitted(other_rating, commune_staff), district_reviewer)
    evidence = tmp_path / "bien-ban-hop.pdf"
    evidence.write_bytes(pdf_bytes())

    # The centre fills in its self-assessment, attaches evidence and submits, on a phone.
    page = phone
    log_in(page, "canbo_xa", PASSWORD)
    page.goto(f"{page.base}/ratings/{rating.pk}/")
    assert_accessible(page)
    page.click("text=Điền phiếu tự đánh giá")
    fill_points(page, 0.9)
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Đã lưu điểm.")
    for indicator in Indicator.objects.filter(
        criterion__rubric=rating.rubric, evidence_required=True
    ):
        page.select_option("#id_indicator", str(indicator.pk))
        page.set_input_files("#id_file", str(evidence))
        page.click("text=Tải lên")
        page.wait_for_selector("text=Đã thêm tệp minh chứng.")
    page.click("text=Nộp cho cấp thẩm định")
    page.wait_for_selector("text=Đã nộp phiếu tự đánh giá.")

    # The district reviewer returns it with a reason.
    desk.goto(f"{desk.base}/ratings/{rating.pk}/")
    desk.fill("#id_reason", "Bổ sung biên bản họp Ban giám đốc")
    desk.click("text=Trả lại với lý do này")
    desk.wait_for_selector("text=Đã trả phiếu tự đánh giá về trung tâm.")

    # The centre sees the reason and submits again.
    page.goto(f"{page.base}/ratings/{rating.pk}/")
    assert "Bổ sung biên bản họp Ban giám đốc" in page.inner_text("#log")
    page.click("text=Nộp cho cấp thẩm định")
    page.wait_for_selector("text=Đã nộp phiếu tự đánh giá.")

    # The reviewer scores and approves; the grade is computed.
    desk.goto(f"{desk.base}/ratings/{rating.pk}/")
    desk.click("text=Chấm điểm thẩm định")
    assert_accessible(desk)
    fill_points(desk, 0.8)
    desk.click("main form button[type=submit]")
    desk.wait_for_selector("text=Đã lưu điểm.")
    desk.click("button:has-text('Phê duyệt')")
    assert "Khá" in desk.inner_text("#confirm-grade")  # asked again, with the grade
    desk.click("text=Xác nhận phê duyệt")
    desk.wait_for_selector("text=Đã phê duyệt kết quả xếp loại.")
    assert "Khá" in desk.inner_text("#grade")
    rating.refresh_from_db()
    desk.goto(f"{desk.base}/ratings/rounds/{rating.round_id}/")
    assert_accessible(desk)
    # At 1280 px the menu bar holds on one line (the user's roles are in the user menu).
    assert desk.evaluate("document.querySelector('nav.navbar').offsetHeight") < 70
    assert desk.inner_text("#completeness") == "3/3"
    assert desk.inner_text("#approved") == "1"

    # The two complete reviews left can be ticked (none is ticked by default), listed, confirmed.
    assert desk.query_selector_all("input[name=ratings]:checked") == []
    for box in desk.query_selector_all("input[name=ratings]"):
        box.check()
    desk.click("text=Phê duyệt các phiếu đã chọn")
    desk.wait_for_selector("#to-approve li")  # the confirmation page, once it has loaded
    assert len(desk.query_selector_all("#to-approve li")) == 2
    desk.click("#to-approve ~ button")
    desk.wait_for_selector("#approved:text('3')")
    assert Rating.objects.filter(round=rating.round, status="approved").count() == 3
    desk_context.close()

    # The centre can no longer change that year.
    page.goto(f"{page.base}/activities/centre/{centre.pk}/{rating.year}/")
    assert page.query_selector("text=Sửa kế hoạch") is None
    response = page.request.get(f"{page.base}/activities/centre/{centre.pk}/{rating.year}/plan/")
    assert response.status == 403
