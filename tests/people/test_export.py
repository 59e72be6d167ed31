"""The roster export: /people/export.xlsx with the list's filters, read back with openpyxl."""

import datetime
import io
import tracemalloc
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from people.demo import fictional_id_number
from people.models import Person, SubType
from people.resources import (
    COLUMNS,
    EXPORT_FIELDS,
    HEADERS,
    PersonResource,
    RosterWriter,
    export_rows,
)
from units.models import Region

BIRTH = datetime.date(1985, 3, 7)


def make_person(region, name="林晓岚", sequence=0, subtype="律师", **extra) -> Person:
    subtype = SubType.objects.get(name=subtype)
    fields = {
        "sex": "2",
        "birth_date": BIRTH,
        "mobile": "13900001234",
        "office_phone": "0599-88001234",
        "work_unit": "明湖明理律师事务所",
        "position": "合伙人",
        **extra,
    }
    person = Person(
        name=name,
        id_number=fictional_id_number(region.code[:6], BIRTH, sequence, "2"),
        category=subtype.category,
        subtype=subtype,
        region=region,
        **fields,
    )
    person.save()
    return person


def read_response(response):
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(content)), content


def rows_of(ws) -> list[dict]:
    header = [cell.value for cell in ws[1]]
    return [
        dict(zip(header, [cell.value for cell in row], strict=True))
        for row in ws.iter_rows(min_row=2)
    ]


def column_letter(header: str) -> str:
    return get_column_letter(HEADERS.index(header) + 1)


def test_export_has_chinese_headers_labels_dates_and_masked_text_numbers(client_for, personas):
    person = make_person(personas.district_a, affiliation="05", highest_education="14")
    wb, _ = read_response(client_for(personas.staff_a).get("/people/export.xlsx"))
    ws = wb.active
    assert [cell.value for cell in ws[1]] == HEADERS
    assert HEADERS[:3] == ["姓名", "证件类型", "证件号码"]
    (row,) = rows_of(ws)
    assert row["姓名"] == "林晓岚"
    assert row["证件号码"] == person.id_number[:6] + "********" + person.id_number[-4:]
    assert row["手机号码"] == "139****1234"
    assert row["办公电话"] == "0599-******34"
    assert row["性别"] == "女"
    assert row["政治面貌"] == "民盟盟员"
    assert row["最高学历"] == "硕士研究生"
    assert row["证件类型"] == "居民身份证"
    assert row["新的社会阶层类别"] == "中介组织和社会组织从业人员"
    assert row["细分类型"] == "律师"
    assert row["所在区划"] == "明湖区"
    assert row["网络主播"] == "否"
    assert row["民族"] == "汉族"
    # Dates are real dates.
    birth = ws[f"{column_letter('出生日期')}2"]
    assert birth.is_date
    assert birth.value == datetime.datetime(1985, 3, 7)
    # ID and phone are text cells in text-formatted columns.
    for header in ("证件号码", "手机号码", "办公电话"):
        letter = column_letter(header)
        assert ws[f"{letter}2"].data_type == "s"
        assert ws.column_dimensions[letter].number_format == "@"


def test_export_shows_full_numbers_to_revealer(client_for, personas):
    person = make_person(personas.district_a)
    wb, _ = read_response(client_for(personas.city_staff).get("/people/export.xlsx"))
    (row,) = rows_of(wb.active)
    assert row["证件号码"] == person.id_number
    assert row["手机号码"] == "13900001234"
    assert wb.active[f"{column_letter('证件号码')}2"].data_type == "s"
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.detail["revealed"] is True


def test_export_gives_exactly_the_persons_of_the_list_with_its_filters(client_for, personas):
    make_person(personas.district_a, name="律师甲", sequence=1)
    make_person(personas.street_a1, name="律师乙", sequence=2)
    make_person(personas.district_a, name="作家丙", sequence=3, subtype="自由撰稿人/签约作家")
    make_person(personas.district_b, name="外区丁", sequence=4)
    archived = make_person(personas.district_a, name="归档戊", sequence=5)
    Person.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    client = client_for(personas.staff_a)

    def names(query=""):
        wb, _ = read_response(client.get(f"/people/export.xlsx{query}"))
        return [row["姓名"] for row in rows_of(wb.active)]

    assert sorted(names()) == ["作家丙", "律师乙", "律师甲"]
    assert names("?category=freelance") == ["作家丙"]
    assert sorted(names(f"?region={personas.street_a1.pk}")) == ["律师乙"]
    assert names("?q=律师乙") == ["律师乙"]
    assert names("?archived=archived") == ["归档戊"]
    assert names("?page=7&category=freelance") == ["作家丙"]
    # A district-B staff member never gets district A's persons.
    client_b = client_for(personas.staff_b)
    wb, _ = read_response(client_b.get("/people/export.xlsx"))
    assert [row["姓名"] for row in rows_of(wb.active)] == ["外区丁"]


def test_export_follows_the_list_order(client_for, personas):
    for index, name in enumerate(["王芳", "安然", "赵雷"]):
        make_person(personas.district_a, name=name, sequence=index)
    client = client_for(personas.staff_a)
    wb, _ = read_response(client.get("/people/export.xlsx"))
    assert [row["姓名"] for row in rows_of(wb.active)] == ["安然", "王芳", "赵雷"]
    wb, _ = read_response(client.get("/people/export.xlsx?sort=-name"))
    assert [row["姓名"] for row in rows_of(wb.active)] == ["赵雷", "王芳", "安然"]


def test_export_with_invalid_filter_gives_no_rows(client_for, personas):
    make_person(personas.district_a)
    wb, _ = read_response(client_for(personas.staff_a).get("/people/export.xlsx?age_min=abc"))
    assert wb.active.max_row == 1


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","y")', "+8613900001234", "-2+3", "@SUM(A1:A3)", "\tcmd", "\rcmd"],
)
def test_export_writes_formula_like_text_as_text(client_for, personas, text):
    make_person(personas.district_a, name=text[:30], work_unit=text)
    wb, content = read_response(client_for(personas.staff_a).get("/people/export.xlsx"))
    ws = wb.active
    for header in ("姓名", "工作单位"):
        cell = ws[f"{column_letter(header)}2"]
        assert cell.data_type == "s"
        assert cell.value == (text[:30] if header == "姓名" else text)
        assert cell.quotePrefix is True
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml


def test_export_drops_control_characters_an_xlsx_cannot_hold(client_for, personas):
    make_person(personas.district_a, work_unit="明湖\x01律所\x0b")
    wb, _ = read_response(client_for(personas.staff_a).get("/people/export.xlsx"))
    (row,) = rows_of(wb.active)
    assert row["工作单位"] == "明湖律所"


def test_export_writes_formula_like_subtype_and_region_names_as_text(client_for, personas):
    from units.enums import RegionLevel

    subtype = SubType.objects.create(category="intermediary", name="=1+1")
    region = Region.objects.create(
        code="339902002", name="-湖心街道", level=RegionLevel.TOWNSHIP, parent=personas.district_a
    )
    make_person(region, subtype=subtype.name)
    wb, content = read_response(client_for(personas.staff_a).get("/people/export.xlsx"))
    ws = wb.active
    for header, text in (("细分类型", "=1+1"), ("所在区划", "-湖心街道")):
        cell = ws[f"{column_letter(header)}2"]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml


def test_export_keeps_the_rest_of_a_formula_like_row_as_it_is(client_for, personas):
    """A row with one formula-like value is made safe cell by cell: only that cell
    changes type; masks, labels and dates are as in any other row."""
    person = make_person(
        personas.district_a,
        work_unit="=1+1",
        address="湖滨路1号\n-2室",  # a line break before "-" is not a formula
        affiliation="05",
    )
    wb, _ = read_response(client_for(personas.staff_a).get("/people/export.xlsx"))
    ws = wb.active
    (row,) = rows_of(ws)
    assert row["工作单位"] == "=1+1"
    assert ws[f"{column_letter('工作单位')}2"].quotePrefix is True
    assert row["通讯地址"] == "湖滨路1号\n-2室"
    assert ws[f"{column_letter('通讯地址')}2"].quotePrefix is False
    assert row["证件号码"] == person.id_number[:6] + "********" + person.id_number[-4:]
    assert row["手机号码"] == "139****1234"
    assert row["政治面貌"] == "民盟盟员"
    assert row["网络主播"] == "否"
    assert ws[f"{column_letter('出生日期')}2"].is_date
    assert row["出生日期"] == datetime.datetime(1985, 3, 7)


def test_export_removes_control_characters_before_the_formula_test(client_for, personas):
    make_person(personas.district_a, position="\x02=SUM(A1)")
    wb, _ = read_response(client_for(personas.staff_a).get("/people/export.xlsx"))
    cell = wb.active[f"{column_letter('职务')}2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=SUM(A1)", "s", True)


def test_export_writes_a_code_without_label_as_an_empty_cell(client_for, personas):
    person = make_person(personas.district_a)
    Person.objects.filter(pk=person.pk).update(ethnicity="99", unit_nature="")
    wb, _ = read_response(client_for(personas.staff_a).get("/people/export.xlsx"))
    (row,) = rows_of(wb.active)
    assert (row["民族"], row["单位性质"]) == (None, None)


def _written_rows(writer) -> list[tuple]:
    with writer.save() as handle:
        return list(load_workbook(handle).active.iter_rows(values_only=True))


@pytest.mark.parametrize("reveal", [False, True])
def test_writer_gives_the_same_rows_for_values_and_for_instances(personas, reveal):
    from units.enums import RegionLevel

    Region.objects.create(
        code="339903001", name="湖滨街道", level=RegionLevel.TOWNSHIP, parent=personas.district_b
    )
    make_person(personas.street_a1, sequence=1, affiliation="05", is_online_streamer=True)
    make_person(personas.district_a, name="+作家", sequence=2, subtype="自由撰稿人/签约作家")
    queryset = Person.objects.order_by("id")
    by_values = RosterWriter(reveal=reveal)
    assert by_values.write_rows(export_rows(queryset)) == 2
    by_instances = RosterWriter(reveal=reveal)
    assert by_instances.write(queryset.select_related("subtype", "region")) == 2
    rows = _written_rows(by_values)
    assert rows == _written_rows(by_instances)
    regions = sorted(row[HEADERS.index("所在区划")] for row in rows[1:])
    assert regions == ["明湖区", "湖滨街道（339902001）"]


@pytest.mark.parametrize(
    "column", [c for c in COLUMNS if c.kind in ("text", "id", "phone")], ids=lambda c: c.field
)
def test_writer_makes_formula_like_text_safe_in_every_text_column(db, column):
    row = ["样例"] * len(EXPORT_FIELDS)
    for index, other in enumerate(COLUMNS):
        if other.kind not in ("text", "id", "phone"):
            row[index] = None
    row[COLUMNS.index(column)] = "@cmd|' /C calc'!A0"
    writer = RosterWriter(reveal=True)
    writer.write_rows([tuple(row)])
    with writer.save() as handle:
        ws = load_workbook(handle).active
    cell = ws.cell(row=2, column=COLUMNS.index(column) + 1)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("@cmd|' /C calc'!A0", "s", True)
    others = [
        ws.cell(row=2, column=index + 1)
        for index, other in enumerate(COLUMNS)
        if other.kind in ("text", "id", "phone") and other != column
    ]
    assert [(c.value, c.quotePrefix) for c in others] == [("样例", False)] * len(others)


def test_export_is_audited_with_filter_and_row_count(client_for, personas):
    make_person(personas.district_a, sequence=1)
    make_person(personas.district_a, name="第二人", sequence=2)
    client_for(personas.staff_a).get("/people/export.xlsx?category=intermediary&page=3")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.user == personas.staff_a
    assert event.detail == {
        "kind": "roster",
        "filter": {"category": "intermediary"},
        "rows": 2,
        "revealed": False,
    }


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff_a", 200),
        ("city_staff", 200),
        ("leader", 403),
        ("liaison_x", 403),
        ("auditor", 403),
        ("sysadmin", 403),
    ],
)
def test_export_security_matrix(client_for, personas, role, status):
    make_person(personas.district_a)
    response = client_for(getattr(personas, role)).get("/people/export.xlsx")
    assert response.status_code == status
    if status == 403:
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_export_post_is_405(client_for, personas):
    response = client_for(personas.staff_a).post("/people/export.xlsx")
    assert response.status_code == 405


def test_export_query_count_is_the_same_for_1_and_30_persons(client_for, personas):
    client = client_for(personas.staff_a)
    make_person(personas.district_a, sequence=0)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            read_response(client.get("/people/export.xlsx"))
        return len(queries)

    one = count_queries()
    for index in range(1, 30):
        make_person(personas.district_a, name=f"人员{index}", sequence=index)
    assert count_queries() == one


def test_export_over_the_limit_is_refused(client_for, personas, monkeypatch):
    from people import excel_views

    monkeypatch.setattr(excel_views, "EXPORT_LIMIT", 1)
    make_person(personas.district_a, sequence=1)
    make_person(personas.district_a, name="第二人", sequence=2)
    response = client_for(personas.staff_a).get("/people/export.xlsx?category=intermediary")
    assert response.status_code == 302
    assert response["Location"] == "/people/?category=intermediary"


def test_resource_headers_are_the_export_headers():
    assert PersonResource().get_export_headers() == HEADERS
    assert len(set(HEADERS)) == len(HEADERS) == len(COLUMNS)


def _persons_in_memory(count: int):
    subtype = SubType(name="律师", category="intermediary")
    region = Region(name="明湖区", code="339902")
    for index in range(count):
        yield Person(
            name=f"测试人员{index}",
            sex="1",
            birth_date=BIRTH,
            id_number=fictional_id_number("339902", BIRTH, index % 400, "1"),
            category="intermediary",
            subtype=subtype,
            region=region,
            mobile=f"139{index:08d}",
            work_unit=f"示范市第{index}律师事务所",
            address=f"示范市明湖区湖滨路{index}号",
        )


def _rows_in_memory(count: int):
    """Yield rows as export_rows() gives them (subtype and region as ids)."""
    subtype = SubType.objects.get(name="律师")
    region = Region.objects.get(code="339902")
    for person in _persons_in_memory(count):
        person.subtype, person.region = subtype, region
        yield tuple(
            getattr(person, f"{name}_id" if name in ("subtype", "region") else name)
            for name in EXPORT_FIELDS
        )


def _peak_memory(count: int, *, instances: bool) -> int:
    writer = RosterWriter(reveal=False)
    assert writer.workbook.write_only
    tracemalloc.start()
    try:
        if instances:
            writer.write(_persons_in_memory(count))
        else:
            writer.write_rows(_rows_in_memory(count))
        with writer.save():
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("instances", [False, True])
def test_export_writer_memory_does_not_grow_with_the_rows(personas, instances):
    """Write-only mode: ten times the rows must not take (nearly) ten times the memory."""
    small = _peak_memory(500, instances=instances)
    large = _peak_memory(5_000, instances=instances)
    assert large < small * 2
    assert large < 20 * 1024 * 1024


def test_list_links_to_the_exports_with_its_filters(client_for, personas):
    make_person(personas.district_a)
    html = client_for(personas.staff_a).get("/people/?category=intermediary&page=1").content
    html = html.decode()
    assert 'href="/people/export.xlsx?category=intermediary"' in html
    assert 'href="/people/registration.xlsx?category=intermediary"' in html


def test_list_has_no_export_links_for_leader(client_for, personas):
    make_person(personas.district_a)
    html = client_for(personas.leader).get("/people/").content.decode()
    assert "/people/export.xlsx" not in html
    assert "/people/registration.xlsx" not in html


def test_detail_links_to_the_registration_form(client_for, personas):
    person = make_person(personas.district_a)
    html = client_for(personas.staff_a).get(f"/people/{person.pk}/").content.decode()
    assert f'href="/people/{person.pk}/registration.xlsx"' in html
    html = client_for(personas.leader).get(f"/people/{person.pk}/").content.decode()
    assert "registration.xlsx" not in html


def test_region_names_shared_by_several_regions_are_written_with_their_code(client_for, personas):
    from units.enums import RegionLevel

    Region.objects.create(
        code="339903001", name="湖滨街道", level=RegionLevel.TOWNSHIP, parent=personas.district_b
    )
    make_person(personas.street_a1, sequence=1)
    make_person(personas.district_a, name="区里人", sequence=2)
    wb, _ = read_response(client_for(personas.staff_a).get("/people/export.xlsx"))
    regions = sorted(row["所在区划"] for row in rows_of(wb.active))
    assert regions == ["明湖区", "湖滨街道（339902001）"]


def test_exported_file_imports_again_without_changes(client_for, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from units.enums import RegionLevel

    Region.objects.create(
        code="339903001", name="湖滨街道", level=RegionLevel.TOWNSHIP, parent=personas.district_b
    )
    make_person(personas.street_a1, sequence=1, affiliation="05", highest_education="14")
    make_person(personas.district_a, name="作家", sequence=2, subtype="自由撰稿人/签约作家")
    client = client_for(personas.city_staff)  # may reveal: the file has full numbers
    _, content = read_response(client.get("/people/export.xlsx"))
    history = Person.history.count()
    response = client.post(
        "/people/import/", {"action": "upload", "file": SimpleUploadedFile("名册.xlsx", content)}
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert 'data-count="unchanged">2<' in html
    assert Person.history.count() == history
