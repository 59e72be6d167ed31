from io import BytesIO

import pytest
from openpyxl import load_workbook

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from talent_pool.xlsx import COLUMNS
from tests.talent_pool.builders import make_entry, make_person

URL = "/talent-pool/export.xlsx"


def read(response):
    content = b"".join(response.streaming_content)
    sheet = load_workbook(BytesIO(content)).active
    return list(sheet.iter_rows()), sheet


@pytest.fixture
def entries(personas):
    a = make_entry(
        make_person(
            personas.district_a,
            name="甲",
            work_unit='=HYPERLINK("http://evil","点我")',
            position="-合伙人",
        ),
        personas.district_a,
        added_reason="@SUM(A1)",
    )
    b = make_entry(make_person(personas.district_b, name="乙"), personas.district_b)
    return a, b


def test_export_has_the_list_columns_and_masks_numbers(client_for, personas, entries):
    response = client_for(personas.staff_a).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows, _ = read(response)
    assert [c.value for c in rows[0]] == [title for title, _ in COLUMNS]
    assert len(rows) == 2  # district A's entry only
    values = {title: cell.value for (title, _), cell in zip(COLUMNS, rows[1], strict=True)}
    person = entries[0].person
    assert values["姓名"] == "甲"
    assert values["证件号码"] == person.id_number[:6] + "********" + person.id_number[-4:]
    assert values["人才库"] == "明湖区"


def test_formula_like_text_is_written_as_text(client_for, personas, entries):
    rows, _ = read(client_for(personas.staff_a).get(URL))
    cells = {title: cell for (title, _), cell in zip(COLUMNS, rows[1], strict=True)}
    for title in ("工作单位及职务", "入库说明"):
        assert cells[title].data_type == "s", title
        assert cells[title].quotePrefix is True
    assert cells["工作单位及职务"].value == '=HYPERLINK("http://evil","点我") -合伙人'
    assert cells["入库说明"].value == "@SUM(A1)"
    assert cells["证件号码"].data_type == "s"


def test_staff_with_reveal_permission_get_full_numbers(client_for, personas, entries):
    rows, _ = read(client_for(personas.city_staff).get(URL, {"region": personas.district_a.pk}))
    assert rows[1][2].value == entries[0].person.id_number
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.detail["revealed"] is True


def test_export_follows_the_list_filters_and_is_audited(client_for, personas, entries):
    rows, _ = read(client_for(personas.city_staff).get(URL, {"region": personas.district_b.pk}))
    assert [row[0].value for row in rows[1:]] == ["乙"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.user == personas.city_staff
    assert event.detail["filter"] == {"region": [str(personas.district_b.pk)]}
    assert event.detail["rows"] == 1
    assert event.detail["kind"] == "talent_pool"


@pytest.mark.parametrize("persona", ["liaison_x", "auditor", "leader", "sysadmin"])
def test_export_is_refused_without_the_export_permission(client_for, personas, entries, persona):
    assert client_for(getattr(personas, persona)).get(URL).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_export_rejects_post(client_for, personas):
    assert client_for(personas.city_staff).post(URL).status_code == 405


def test_export_uses_a_write_only_workbook(monkeypatch, client_for, personas, entries):
    import openpyxl

    import talent_pool.xlsx as module

    modes = []
    real = openpyxl.Workbook

    def recording(*args, **kwargs):
        modes.append(kwargs.get("write_only", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "Workbook", recording)
    client_for(personas.staff_a).get(URL)
    assert modes == [True]
