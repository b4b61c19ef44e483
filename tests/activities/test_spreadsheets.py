"""Excel templates, the importers' all-or-nothing rule, the export, and the sign-in sheet."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from activities.imports import import_activities, import_learners
from activities.models import Activity, Enrolment, Learner, Session
from core.xlsx.read import ImportFileError

from ..factories import ActivityFactory, ClassFactory, LearnerFactory, SessionFactory, enrol

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
D = (TODAY - datetime.timedelta(days=20)).strftime("%d/%m/%Y")
D2 = (TODAY - datetime.timedelta(days=19)).strftime("%d/%m/%Y")
END = (TODAY - datetime.timedelta(days=5)).strftime("%d/%m/%Y")


LAW = "Pháp luật và chính sách"
IT = "Tin học, kỹ năng số, chuyển đổi số"


def filled(rows: list[list], template: bytes | None = None) -> SimpleUploadedFile:
    """The downloaded template with rows typed into its first sheet."""
    if template is None:
        from activities.exports import activities_template

        template = activities_template()
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("hoat-dong.xlsx", buffer.getvalue())


def talk_row(title="Phổ biến Luật Đất đai", day=D, people=120, women=70, minority=2):
    return ["Chuyên đề", title, LAW, "Hội Nông dân xã", day, "", "Hội trường", "Nhân dân", day,
            "08:00", "", people, women, minority]  # fmt: skip


def class_rows(title="Lớp tin học", days=(D, D2)):
    return [["Lớp học", title, IT, "", D, END, "", "", day, "19:00", "Bài 1", None, None, None]
            for day in days]  # fmt: skip


def test_template_has_vietnamese_headers_lists_and_instructions(client_for, commune_staff):
    response = client_for(commune_staff).get(reverse("activities:template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Dữ liệu", "Danh mục", "Hướng dẫn"]
    headers = [c.value for c in workbook["Dữ liệu"][1]]
    assert headers[:3] == ["Loại *", "Tên lớp / chuyên đề *", "Lĩnh vực *"]
    assert workbook["Dữ liệu"].freeze_panes == "B2"  # wide: the first column stays in view
    lists = [c.value for c in workbook["Danh mục"]["A"] if c.value]
    assert lists == ["Loại", "Lớp học", "Chuyên đề"]
    validations = workbook["Dữ liệu"].data_validations.dataValidation
    assert {str(v.sqref) for v in validations} == {"A2:A5001", "C2:C5001"}
    assert "mỗi dòng một buổi" in " ".join(str(c.value) for c in workbook["Hướng dẫn"]["A"])


def test_filled_template_imports_and_importing_again_adds_nothing(centre):
    upload = filled([talk_row(), *class_rows()])
    result = import_activities(centre=centre, upload=upload)
    assert result.ok, result.errors
    assert Activity.objects.filter(centre=centre).count() == 2
    assert Session.objects.count() == 3
    talk = Activity.objects.get(kind="talk")
    assert talk.sessions.get().participants == 120
    again = import_activities(centre=centre, upload=filled([talk_row(), *class_rows()]))
    assert again.ok
    assert (again.created, again.unchanged) == (0, 3)
    assert Activity.objects.count() == 2
    assert Session.objects.count() == 3


def test_reimport_with_a_corrected_headcount_updates_it(centre):
    import_activities(centre=centre, upload=filled([talk_row(people=120)]))
    result = import_activities(centre=centre, upload=filled([talk_row(people=130)]))
    assert result.updated == 1
    assert Session.objects.get().participants == 130


def row_with(**cells) -> list:
    """A talk row with some cells replaced, by column position names."""
    row = ["Chuyên đề", "X", "Thời sự", "", D, "", "", "", D, "", "", 10, 0, 0]
    positions = {"kind": 0, "title": 1, "area": 2, "start": 4, "end": 5, "day": 8}
    for name, value in cells.items():
        row[positions[name]] = value
    return row


FUTURE = (TODAY + datetime.timedelta(days=2)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (talk_row(day="31/02/2025"), "Ngày bắt đầu", "không phải là ngày"),
        (row_with(area="Lĩnh vực lạ"), "Lĩnh vực", "không có trong danh mục"),
        (row_with(start=D2, end=D, day=D2), "Ngày kết thúc", "không được trước"),
        (talk_row(people=-5), "Số người tham dự", "Không được âm"),
        (talk_row(people=999999), "Số người tham dự", "quá lớn"),
        (talk_row(people=10, women=11), "Trong đó nữ", "Không được lớn hơn"),
        (talk_row(people="nhiều"), "Số người tham dự", "không phải là số nguyên"),
        (row_with(kind="Hội thảo"), "Loại", "không có trong danh mục"),
        (row_with(title=""), "Tên lớp / chuyên đề", "bắt buộc"),
        (talk_row(day=FUTURE), "Số người tham dự", "đã diễn ra"),
    ],
)
def test_a_bad_row_is_reported_at_its_row_and_column_and_nothing_is_imported(
    centre, row, column, message
):
    result = import_activities(centre=centre, upload=filled([talk_row(title="Dòng đúng"), row]))
    assert not result.ok
    assert (result.errors[0].row, result.errors[0].column) == (3, column)
    assert message in result.errors[0].message
    assert not Activity.objects.exists()
    assert not Session.objects.exists()


def test_duplicate_rows_and_counts_on_class_rows_are_refused(centre):
    rows = [talk_row(), talk_row(), [*class_rows(days=(D,))[0][:11], 15, 5, 0]]
    result = import_activities(centre=centre, upload=filled(rows))
    problems = {(e.row, e.column): e.message for e in result.errors}
    assert "Trùng với dòng 2" in problems[(3, "Ngày buổi học")]
    assert "điểm danh" in problems[(4, "Số người tham dự")]
    assert not Activity.objects.exists()


def test_a_session_outside_the_activity_dates_is_refused(centre):
    row = class_rows(days=((TODAY - datetime.timedelta(days=2)).strftime("%d/%m/%Y"),))[0]
    result = import_activities(centre=centre, upload=filled([row]))
    assert result.errors[0].column == "Ngày buổi học"


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * (60 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("hoat-dong.csv", b"a,b\n1,2\n", "phải là bảng tính Excel"),
        ("hoat-dong.xlsx", b"", "Tệp rỗng"),
        ("hoat-dong.xlsx", b"day khong phai la excel" * 10, "không phải là tệp .xlsx hợp lệ"),
        ("hoat-dong.xlsx", b"PK\x03\x04" + b"0" * (3 * 1024 * 1024), "quá lớn"),
        ("hoat-dong.xlsx", zip_bomb(), "quá lớn khi giải nén"),
    ],
)
def test_each_kind_of_bad_file_gets_a_clear_message(centre, name, content, message):
    with pytest.raises(ImportFileError) as error:
        import_activities(centre=centre, upload=SimpleUploadedFile(name, content))
    assert message in str(error.value)


def test_a_template_without_rows_or_with_other_columns_is_refused(centre):
    with pytest.raises(ImportFileError, match="không có dòng dữ liệu"):
        import_activities(centre=centre, upload=filled([]))
    other = Workbook()
    other.active.append(["Họ tên", "Tuổi"])
    other.active.append(["A", 3])
    buffer = io.BytesIO()
    other.save(buffer)
    with pytest.raises(ImportFileError, match="không đúng các cột của mẫu"):
        import_activities(centre=centre, upload=SimpleUploadedFile("x.xlsx", buffer.getvalue()))


def test_import_page_shows_errors_per_row_in_vietnamese(client_for, commune_staff, centre):
    client = client_for(commune_staff)
    url = reverse("activities:import", args=[centre.pk])
    response = client.post(url, {"file": filled([talk_row(), talk_row(people=-1)])})
    assert response.status_code == 200
    body = response.content.decode()
    assert "nothing was imported" not in body
    assert "không có dữ liệu nào được nhập" in body
    assert "Số người tham dự" in body
    assert not Activity.objects.exists()
    ok = client.post(url, {"file": filled([talk_row()])})
    assert ok.status_code == 302
    assert Activity.objects.count() == 1


def test_import_page_is_scoped(
    client_for, district_reviewer, commune_staff, centre, neighbour_centre
):
    assert (
        client_for(commune_staff)
        .get(reverse("activities:import", args=[neighbour_centre.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(district_reviewer)
        .get(reverse("activities:import", args=[centre.pk]))
        .status_code
        == 403
    )


def learner_file(rows: list[list]) -> SimpleUploadedFile:
    from activities.exports import learners_template

    upload = filled(rows, learners_template())
    upload.name = "hoc-vien.xlsx"
    return upload


def test_learner_list_import_reuses_known_learners_and_is_idempotent(centre):
    lesson = ClassFactory(centre=centre)
    LearnerFactory(centre=centre, full_name="Nguyễn Thị Hoa", birth_year=1980, village="Thôn Đông")
    rows = [
        ["Nguyen Thi Hoa", "Nữ", 1980, "Kinh", "thôn đông", ""],
        ["Lò Văn Páo", "Nam", 1990, "Thái", "Bản Mường", "0912 345 678"],
    ]
    result = import_learners(activity=lesson, upload=learner_file(rows))
    assert result.ok, result.errors
    assert (result.created, result.updated) == (1, 1)
    assert Learner.objects.count() == 2
    assert Learner.objects.get(full_name="Lò Văn Páo").ethnicity == "03"
    again = import_learners(activity=lesson, upload=learner_file(rows))
    assert again.unchanged == 2
    assert Enrolment.objects.filter(activity=lesson).count() == 2


def test_learner_list_with_a_bad_row_imports_nobody(centre):
    lesson = ClassFactory(centre=centre)
    rows = [
        ["Người Đúng", "Nữ", 1980, "", "", ""],
        ["Người Sai", "Không rõ", 1800, "Dân tộc lạ", "", "gọi"],
    ]
    result = import_learners(activity=lesson, upload=learner_file(rows))
    columns = {e.column for e in result.errors if e.row == 3}
    assert columns == {"Giới tính", "Năm sinh", "Dân tộc", "Điện thoại"}
    assert not Learner.objects.exists()


def test_export_has_real_numbers_dates_and_no_formulas(client_for, district_reviewer, centre):
    talk = ActivityFactory(centre=centre, title='=HYPERLINK("http://x","bấm")')
    SessionFactory(activity=talk, participants=1234)
    response = client_for(district_reviewer).get(reverse("activities:export"), {"year": TODAY.year})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[3]]
    assert header[-2:] == ["Buổi học", "Lượt người"]
    row = list(sheet[4])
    assert row[3].value == '=HYPERLINK("http://x","bấm")'
    assert row[3].data_type == "s"
    assert row[6].is_date
    assert row[6].number_format == "dd/mm/yyyy"
    assert row[9].value == 1234
    assert row[9].number_format == "#,##0"
    assert sheet.freeze_panes == "B4"  # wide: the commune code stays in view


def test_export_is_scoped_to_the_user(client_for, commune_staff, centre, neighbour_centre):
    ActivityFactory(centre=centre, title="Của tôi")
    ActivityFactory(centre=neighbour_centre, title="Của xã bên")
    response = client_for(commune_staff).get(reverse("activities:export"), {"year": TODAY.year})
    titles = [c.value for c in load_workbook(io.BytesIO(response.content)).active["D"]]
    assert "Của tôi" in titles
    assert "Của xã bên" not in titles


def test_signin_sheet_is_an_a4_pdf_with_the_names(client_for, province_viewer, centre):
    from pypdf import PdfReader

    lesson = ClassFactory(centre=centre, title="Lớp xóa mù chữ")
    enrol(lesson, [LearnerFactory(centre=centre, full_name="Hoàng Thị Ngọc Ánh")])
    SessionFactory(activity=lesson)
    response = client_for(province_viewer).get(reverse("activities:signin_sheet", args=[lesson.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (842, 595)  # A4 landscape, points
    text = reader.pages[0].extract_text()
    assert "Hoàng Thị Ngọc Ánh" in text
    assert "DANH SÁCH ĐIỂM DANH" in text.upper()
    fonts = str(reader.pages[0]["/Resources"]["/Font"])
    assert (
        "Liberation"
        in str(
            [f.get_object()["/BaseFont"] for f in reader.pages[0]["/Resources"]["/Font"].values()]
        )
        or fonts
    )


def test_a_database_failure_in_the_middle_of_an_import_leaves_nothing(centre, monkeypatch):
    from simple_history import utils

    from activities import imports

    calls = {"n": 0}
    real = utils.bulk_create_with_history

    def failing(objects, model, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # activities are written, then the sessions fail
            raise RuntimeError("the database went away")
        return real(objects, model, **kwargs)

    monkeypatch.setattr(imports, "bulk_create_with_history", failing)
    with pytest.raises(RuntimeError):
        import_activities(centre=centre, upload=filled([talk_row(), *class_rows()]))
    assert not Activity.objects.exists()
    assert not Session.objects.exists()
