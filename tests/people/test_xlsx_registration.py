"""The registration form (登记表): one person's sheet, many persons' workbook, read back."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook
from PIL import Image

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from people import excel_views
from people.demo import fictional_id_number
from people.models import (
    Award,
    EducationRecord,
    FamilyMember,
    Person,
    SocialPosition,
    SubType,
    WorkHistory,
)
from people.xlsx import RegistrationSheet, unique_sheet_title

BIRTH = datetime.date(1985, 3, 7)


def make_person(region, name="林晓岚", sequence=0, subtype="律师", **extra) -> Person:
    subtype = SubType.objects.get(name=subtype)
    person = Person(
        name=name,
        id_number=fictional_id_number(region.code[:6], BIRTH, sequence, "2"),
        sex="2",
        birth_date=BIRTH,
        category=subtype.category,
        subtype=subtype,
        region=region,
        mobile="13900001234",
        work_unit="明湖明理律师事务所",
        position="合伙人",
        **extra,
    )
    person.save()
    return person


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def find(ws, text):
    """Return the first cell (in reading order) whose value is text."""
    found = [cell for row in ws.iter_rows() for cell in row if cell.value == text]
    assert found, f"{text!r} not found"
    return found[0]


def right_of(ws, cell):
    return ws.cell(row=cell.row, column=cell.column + 1).value


def merged_range_at(ws, cell):
    for merged in ws.merged_cells.ranges:
        if cell.coordinate in merged:
            return merged
    return None


def test_registration_form_has_layout_fields_and_print_settings(client_for, personas):
    person = make_person(personas.district_a, native_place="浙江温州", religion="")
    client = client_for(personas.staff_a)
    ws = read(client.get(f"/people/{person.pk}/registration.xlsx")).active

    assert ws.title == "林晓岚"
    assert ws["A1"].value == "新的社会阶层人士登记表"
    assert "A1:H1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A1"].font.name == "黑体"
    assert right_of(ws, find(ws, "姓名")) == "林晓岚"
    assert right_of(ws, find(ws, "性别")) == "女"
    assert right_of(ws, find(ws, "出生年月")) == "1985.03"
    assert right_of(ws, find(ws, "籍贯")) == "浙江温州"
    assert right_of(ws, find(ws, "细分类型")) == "律师"
    assert find(ws, "姓名").font.name == "宋体"
    # Not a revealer: the ID number is masked.
    id_value = right_of(ws, find(ws, "证件号码"))
    assert id_value == person.id_number[:6] + "********" + person.id_number[-4:]
    assert str(merged_range_at(ws, find(ws, "证件号码").offset(column=1))) == "D7:F7"
    # Borders on every cell of a merged value range.
    for col in "DEF":
        assert ws[f"{col}7"].border.top.style == "thin"
        assert ws[f"{col}7"].border.bottom.style == "thin"

    assert ws.page_setup.paperSize == 9  # A4
    assert ws.page_setup.orientation == "portrait"
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_margins.left == pytest.approx(0.6)
    assert ws.page_margins.top == pytest.approx(0.75)
    assert ws.print_area == f"'林晓岚'!$A$1:$H${ws.max_row}"

    for title in ("推荐单位\n意见", "行业主管部门\n意见", "统战部意见"):
        opinion = find(ws, title)
        space = ws.cell(row=opinion.row, column=2)
        assert "（盖章）" in space.value and "年　　月　　日" in space.value
        assert str(merged_range_at(ws, space)) == f"B{opinion.row}:H{opinion.row}"
        assert ws.row_dimensions[opinion.row].height >= 90
    assert find(ws, "填表人：").row == ws.max_row
    assert find(ws, "填表日期：　　　　年　　月　　日").row == ws.max_row


def section_rows(ws, title) -> int:
    """Return how many rows a repeating section's title spans (header + records)."""
    merged = merged_range_at(ws, find(ws, title))
    return merged.max_row - merged.min_row + 1


def test_registration_sections_grow_with_their_rows(client_for, personas):
    empty = make_person(personas.district_a, name="空白", sequence=1)
    full = make_person(personas.district_a, name="周启航", sequence=2)
    for index in range(5):
        WorkHistory.objects.create(
            person=full,
            start_date=datetime.date(2005 + index * 3, 7, 1),
            end_date=datetime.date(2008 + index * 3, 6, 30) if index < 4 else None,
            unit_and_post=f"示范单位{index}职员",
            order=index,
        )
    for index, school in enumerate(["示范大学", "江南理工大学", "东海财经学院"]):
        EducationRecord.objects.create(
            person=full, school=school, major="法学", education="20", order=index
        )
    FamilyMember.objects.create(person=full, relation="配偶", name="王立诚", affiliation="13")
    SocialPosition.objects.create(
        person=full, kind="association", organisation="明湖区新联会", post="副会长"
    )
    Award.objects.create(person=full, name="优秀律师", grantor="示范市司法局")
    client = client_for(personas.staff_a)
    ws_empty = read(client.get(f"/people/{empty.pk}/registration.xlsx")).active
    ws_full = read(client.get(f"/people/{full.pk}/registration.xlsx")).active

    assert section_rows(ws_empty, "工作简历") == 3  # header + two blank rows for writing
    assert section_rows(ws_full, "工作简历") == 6
    assert section_rows(ws_empty, "学历") == 3
    assert section_rows(ws_full, "学历") == 4
    assert ws_full.max_row == ws_empty.max_row + 4
    top = find(ws_full, "工作简历").row
    assert ws_full.cell(row=top + 1, column=2).value == "2005.07—2008.06"
    assert ws_full.cell(row=top + 1, column=4).value == "示范单位0职员"
    assert ws_full.cell(row=top + 5, column=2).value == "2017.07—至今"
    family = find(ws_full, "家庭成员及\n重要社会关系").row
    assert [ws_full.cell(row=family + 1, column=c).value for c in range(2, 7)] == [
        "配偶", "王立诚", None, "群众", None,
    ]  # fmt: skip
    assert find(ws_full, "明湖区新联会")
    assert find(ws_full, "优秀律师")


def test_registration_political_and_training_rows_grow(personas, db):
    person = make_person(personas.district_a)
    person = Person.objects.select_related("subtype", "region").get(pk=person.pk)
    workbook = Workbook()
    sheet = RegistrationSheet(
        workbook.active,
        person,
        reveal=False,
        arrangements=[
            ("政协委员", "明湖区政协", "第三届", "县级", "委员", "特邀界", "2021.01—至今"),
            ("人大代表", "明湖区人大", "第十届", "县级", "代表", "", "2022.01—至今"),
            ("特约人员", "示范市监察委", "", "市级", "特约监察员", "", "2020.05—2023.05"),
        ],
        trainings=[("示范市委统战部", "新的社会阶层人士培训班", "示范市社会主义学院", "2024.05")],
    )
    sheet.write()
    ws = workbook.active
    assert section_rows(ws, "政治安排") == 4
    assert section_rows(ws, "培训情况\n（近五年）") == 3
    top = find(ws, "政治安排").row
    assert [ws.cell(row=top + 2, column=c).value for c in range(2, 9)] == [
        "人大代表", "明湖区人大", "第十届", "县级", "代表", "", "2022.01—至今",
    ]  # fmt: skip


def test_registration_form_shows_photo_in_its_box(client_for, personas):
    person = make_person(personas.district_a)
    buffer = io.BytesIO()
    Image.new("RGB", (300, 420), (200, 30, 30)).save(buffer, "JPEG")
    person.photo.save("face.jpg", ContentFile(buffer.getvalue()))
    ws = read(client_for(personas.staff_a).get(f"/people/{person.pk}/registration.xlsx")).active
    assert len(ws._images) == 1
    anchor = ws._images[0].anchor._from
    assert (anchor.col, anchor.row) == (6, 2)  # G3, the photo box
    assert str(merged_range_at(ws, ws["G3"])) == "G3:H7"


def test_registration_form_without_photo_has_empty_box(client_for, personas):
    person = make_person(personas.district_a)
    ws = read(client_for(personas.staff_a).get(f"/people/{person.pk}/registration.xlsx")).active
    assert ws._images == []
    assert ws["G3"].value == "照片"


def test_registration_form_shows_full_numbers_to_revealer(client_for, personas):
    person = make_person(personas.district_a)
    ws = read(client_for(personas.city_staff).get(f"/people/{person.pk}/registration.xlsx")).active
    assert right_of(ws, find(ws, "证件号码")) == person.id_number
    assert find(ws, "13900001234")


def test_registration_form_formula_name_is_text(client_for, personas):
    person = make_person(personas.district_a, name='=HYPERLINK("http://x","y")')
    response = client_for(personas.staff_a).get(f"/people/{person.pk}/registration.xlsx")
    ws = read(response).active
    cell = find(ws, '=HYPERLINK("http://x","y")')
    assert cell.data_type == "s"
    assert cell.quotePrefix is True


def test_registration_form_is_audited_as_export(client_for, personas):
    person = make_person(personas.district_a)
    client_for(personas.staff_a).get(f"/people/{person.pk}/registration.xlsx")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.user == personas.staff_a
    assert event.object_id == str(person.pk)
    assert event.detail == {"kind": "registration", "rows": 1, "revealed": False}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff_a", 200),
        ("city_staff", 200),
        ("staff_b", 404),
        ("leader", 403),
        ("liaison_x", 403),
        ("auditor", 403),
        ("sysadmin", 403),
    ],
)
def test_registration_form_security_matrix(client_for, personas, role, status):
    person = make_person(personas.district_a)
    response = client_for(getattr(personas, role)).get(f"/people/{person.pk}/registration.xlsx")
    assert response.status_code == status


def test_registration_form_post_is_405(client_for, personas):
    person = make_person(personas.district_a)
    response = client_for(personas.staff_a).post(f"/people/{person.pk}/registration.xlsx")
    assert response.status_code == 405


# Many persons ---------------------------------------------------------------------------


def test_registrations_give_one_valid_unique_sheet_per_person(client_for, personas):
    names = ["张伟", "张伟", "张伟", "a/b:c*d?[e]", "很" * 30, "很" * 30]
    for index, name in enumerate(names):
        make_person(personas.district_a, name=name, sequence=10 + index)
    make_person(personas.district_b, name="外区人员", sequence=20)
    wb = read(client_for(personas.staff_a).get("/people/registration.xlsx"))
    titles = wb.sheetnames
    assert len(titles) == 6
    assert sorted(titles) == sorted(
        ["张伟", "张伟(2)", "张伟(3)", "abcde", "很" * 30, "很" * 28 + "(2)"]
    )
    for ws in wb.worksheets:
        assert ws["A1"].value == "新的社会阶层人士登记表"
        assert right_of(ws, find(ws, "姓名")) in names


def test_registrations_follow_the_list_filters(client_for, personas):
    make_person(personas.district_a, name="律师甲", sequence=1)
    make_person(personas.district_a, name="作家乙", sequence=2, subtype="自由撰稿人/签约作家")
    wb = read(client_for(personas.staff_a).get("/people/registration.xlsx?category=freelance"))
    assert wb.sheetnames == ["作家乙"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.detail == {
        "kind": "registrations",
        "filter": {"category": "freelance"},
        "rows": 1,
        "revealed": False,
    }


def test_registrations_query_count_is_the_same_for_1_and_30_persons(client_for, personas):
    client = client_for(personas.staff_a)
    make_person(personas.district_a, sequence=0)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            read(client.get("/people/registration.xlsx"))
        return len(queries)

    one = count_queries()
    for index in range(1, 30):
        person = make_person(personas.district_a, name=f"人员{index}", sequence=index)
        EducationRecord.objects.create(person=person, school="示范大学", education="20")
    assert count_queries() == one


def test_registrations_over_the_limit_are_refused(client_for, personas, monkeypatch):
    monkeypatch.setattr(excel_views, "REGISTRATION_LIMIT", 2)
    for index in range(3):
        make_person(personas.district_a, name=f"人员{index}", sequence=index)
    response = client_for(personas.staff_a).get("/people/registration.xlsx?category=intermediary")
    assert response.status_code == 302
    assert response["Location"] == "/people/?category=intermediary"
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff_a", 200), ("leader", 403), ("liaison_x", 403), ("auditor", 403)],
)
def test_registrations_security_matrix(client_for, personas, role, status):
    make_person(personas.district_a)
    response = client_for(getattr(personas, role)).get("/people/registration.xlsx")
    assert response.status_code == status


def test_registrations_outsider_gets_none_of_the_persons(client_for, personas):
    make_person(personas.district_a)
    wb = read(client_for(personas.staff_b).get("/people/registration.xlsx"))
    assert wb.sheetnames == ["登记表"]
    assert wb.active.max_row == 1


# Sheet titles -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["王芳", "王芳", "王芳"], ["王芳", "王芳(2)", "王芳(3)"]),
        (["Anna", "ANNA"], ["Anna", "ANNA(2)"]),
        (["a[b]c:d*e?f/g\\h"], ["abcdefgh"]),
        (["", "   ", "'"], ["未命名", "未命名(2)", "未命名(3)"]),
        (["长" * 31, "长" * 31], ["长" * 31, "长" * 28 + "(2)"]),
    ],
)
def test_unique_sheet_title_is_valid_and_unique(names, expected):
    used: set[str] = set()
    titles = [unique_sheet_title(name, used) for name in names]
    assert titles == expected
    assert all(len(title) <= 31 for title in titles)


def test_registration_form_prints_political_arrangements_and_recent_training(client_for, personas):
    from talent_pool.models import PoliticalArrangement, TrainingCourse, TrainingParticipant

    person = make_person(personas.district_a)
    today = datetime.date.today()
    common = {"person": person, "created_by": personas.staff_a}
    PoliticalArrangement.objects.create(
        kind="cppcc", level="county", body="明湖区政协", term="第三届", post="委员",
        sector="特邀界", start_date=datetime.date(2021, 1, 5), status="appointed", **common,
    )  # fmt: skip
    PoliticalArrangement.objects.create(
        kind="npc", level="city", body="示范市人大", status="recommended", **common
    )
    recent = TrainingCourse.objects.create(
        title="新的社会阶层人士培训班",
        organiser="示范市委统战部",
        school="示范市社会主义学院",
        start_date=today - datetime.timedelta(days=40),
        end_date=today - datetime.timedelta(days=35),
        level="city",
        region=personas.city,
        created_by=personas.staff_a,
    )
    old = TrainingCourse.objects.create(
        title="十年前的培训班", organiser="示范市委统战部",
        start_date=datetime.date(2010, 5, 1), end_date=datetime.date(2010, 5, 5),
        level="city", region=personas.city, created_by=personas.staff_a,
    )  # fmt: skip
    for course in (recent, old):
        TrainingParticipant.objects.create(course=course, person=person, added_by=personas.staff_a)
    ws = read(client_for(personas.staff_a).get(f"/people/{person.pk}/registration.xlsx")).active
    top = find(ws, "政治安排").row
    assert section_rows(ws, "政治安排") == 3  # only the held arrangement, and a blank row
    assert [ws.cell(row=top + 1, column=c).value for c in range(2, 9)] == [
        "政协委员", "明湖区政协", "第三届", "县", "委员", "特邀界", "2021.01—至今",
    ]  # fmt: skip
    top = find(ws, "培训情况\n（近五年）").row
    assert [ws.cell(row=top + 1, column=c).value for c in (2, 4, 6)] == [
        "示范市委统战部", "新的社会阶层人士培训班", "示范市社会主义学院",
    ]  # fmt: skip
    assert ws.cell(row=top + 2, column=4).value in (None, "")
