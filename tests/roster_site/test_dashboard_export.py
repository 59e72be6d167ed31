"""The statistics workbook: a sheet per composition table, the dashboard's numbers, audited."""

import io

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from tests.roster_site.dashboard_world import build_world


@pytest.fixture(autouse=True)
def _no_cache(settings):
    cache.clear()


@pytest.fixture
def world(personas):
    return build_world(personas)


def workbook_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def sheet_rows(response, title):
    """Return the rows of one sheet of the downloaded workbook (trailing blanks dropped)."""
    sheet = workbook_of(response)[title]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        rows.append(values)
    return rows


def counts(rows, columns=1):
    """Return {label: count} of a table sheet's body (header, total and note left out)."""
    body = {}
    for row in rows[1:]:
        if not row or row[0] == "合计" or len(row) < 2 or row[1] is None:
            continue
        body[row[0]] = row[1] if columns == 1 else tuple(row[1 : 1 + columns])
    return body


def test_workbook_has_a_sheet_per_table(client_for, personas, world):
    book = workbook_of(client_for(personas.city_staff).get("/statistics.xlsx"))
    assert book.sheetnames == [
        "说明",
        "人员类别",
        "所在区划",
        "细分类型",
        "政治面貌",
        "最高学历",
        "年龄段",
        "性别",
        "代表人士人才库",
        "政治安排",
    ]


def test_sheets_hold_the_dashboards_numbers(client_for, personas, world):
    from tests.roster_site.test_dashboard import CITY

    response = client_for(personas.city_staff).get("/statistics.xlsx")
    book = workbook_of(response)
    titles = {
        "category": "人员类别",
        "region": "所在区划",
        "subtype": "细分类型",
        "affiliation": "政治面貌",
        "education": "最高学历",
        "age": "年龄段",
        "sex": "性别",
    }
    for key, title in titles.items():
        rows = [list(r) for r in book[title].iter_rows(values_only=True)]
        assert counts(rows) == CITY[key], key
    category = [list(r) for r in book["人员类别"].iter_rows(values_only=True)]
    assert category[0] == ["项目", "人数", "占比"]
    assert category[2] == ["中介和社会组织", 4, 0.5]
    assert category[5] == ["合计", 8, None]
    assert book["人员类别"]["C3"].number_format == "0.0%"
    pool = [list(r) for r in book["代表人士人才库"].iter_rows(values_only=True)]
    assert pool[0] == ["项目", "代表人士", "后备人才", "最低名额", "名额情况"]
    assert pool[1:4] == [
        ["示范市人才库", 1, 0, 180, "代表人士差179人"],
        ["明湖区人才库", 1, 1, 50, "代表人士差49人"],
        ["青山区人才库", 1, 0, 1, "达到最低名额"],
    ]


def test_overview_sheet_names_the_scope_and_holds_no_personal_data(client_for, personas, world):
    response = client_for(personas.city_staff).get(
        "/statistics.xlsx", {"region": personas.district_a.pk}
    )
    book = workbook_of(response)
    overview = {row[0]: row[1] for row in book["说明"].iter_rows(values_only=True)}
    assert overview["统计范围"] == "明湖区"
    assert overview["在册人员"] == 4
    assert overview["导出人"] == "city_staff"
    every_cell = {
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    }
    for person in world["people"].values():
        assert person.name not in every_cell
        assert person.id_number not in every_cell


def test_filename_names_the_region_and_the_day(client_for, personas, world):
    from urllib.parse import quote

    from django.utils import timezone

    response = client_for(personas.staff_a).get("/statistics.xlsx")
    name = f"统计表-明湖区-{timezone.localdate():%Y%m%d}.xlsx"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"


def test_export_is_audited_with_scope_and_sheets(client_for, personas, world):
    client = client_for(personas.leader)
    before = AuditEvent.objects.count()
    client.get("/statistics.xlsx", {"region": personas.district_b.pk})
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == AuditAction.EXPORT
    assert event.user == personas.leader
    assert (event.object_type, event.object_id) == ("units.region", str(personas.district_b.pk))
    assert event.detail["kind"] == "statistics"
    assert event.detail["region"] == personas.district_b.pk
    assert event.detail["sheets"][0] == "说明"


def test_refused_export_writes_no_audit_event(client_for, personas, world):
    liaison = client_for(personas.liaison_x)
    before = AuditEvent.objects.count()
    assert liaison.get("/statistics.xlsx").status_code == 403
    assert AuditEvent.objects.count() == before
    staff = client_for(personas.staff_a)
    before = AuditEvent.objects.count()
    response = staff.get("/statistics.xlsx", {"region": personas.district_b.pk})
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_formula_like_region_names_are_written_as_text(client_for, personas):
    from units.enums import RegionLevel
    from units.models import Region

    Region.objects.create(
        code="339904", name="=HYPERLINK(1)", level=RegionLevel.COUNTY, parent=personas.city
    )
    book = workbook_of(client_for(personas.city_staff).get("/statistics.xlsx"))
    cells = [row[0] for row in book["所在区划"].iter_rows()]
    cell = next(c for c in cells if c.value == "=HYPERLINK(1)")
    assert cell.data_type == "s"
