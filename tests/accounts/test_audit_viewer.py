import datetime
import io

import pytest
from openpyxl import load_workbook

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from accounts.services import audit


@pytest.fixture
def events(personas):
    audit(AuditAction.LOGIN, user=personas.staff_a)
    audit(AuditAction.EXPORT, user=personas.city_staff, obj=personas.unit_x, detail={"rows": 3})
    audit(AuditAction.LOGIN_FAILED, username='=HYPERLINK("http://x","y")', outcome="failure")
    return AuditEvent.objects.all()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("auditor", 200),
        ("city_staff", 403),
        ("leader", 403),
        ("sysadmin", 403),
        ("secadmin", 403),
        ("liaison_x", 403),
    ],
)
def test_only_auditors_read_the_log(client_for, personas, events, persona, status):
    assert client_for(getattr(personas, persona)).get("/audit/").status_code == status
    assert client_for(getattr(personas, persona)).get("/audit/export.xlsx").status_code == status


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"user": "staff_a"}, {"login"}),
        ({"action": "export"}, {"export"}),
        ({"object": "示范市司法局"}, {"export"}),
        ({"object": "units.memberunit"}, {"export"}),
        ({"outcome": "failure"}, {"login_failed"}),
        ({"date_from": "2000-01-01", "date_to": "2000-01-02"}, set()),
    ],
)
def test_filters(client_for, personas, events, params, expected):
    response = client_for(personas.auditor).get("/audit/", params)
    assert {e.action for e in response.context["events"]} == expected


def test_today_is_within_the_date_filter(client_for, personas, events):
    today = datetime.date.today().isoformat()
    response = client_for(personas.auditor).get(
        "/audit/", {"date_from": "2000-01-01", "date_to": "2100-01-01"}
    )
    assert len(response.context["events"]) >= 3
    assert today


def test_export_is_formula_safe_and_itself_audited(client_for, personas, events):
    response = client_for(personas.auditor).get("/audit/export.xlsx", {"action": "login_failed"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("时间", "用户", "IP地址", "操作")
    assert rows[1][1] == '=HYPERLINK("http://x","y")'
    assert sheet.cell(row=2, column=2).data_type == "s"
    export = AuditEvent.objects.filter(action=AuditAction.EXPORT, user=personas.auditor).get()
    assert export.detail["rows"] == 1
    assert export.detail["filter"] == {"action": "login_failed"}


def test_no_page_changes_audit_rows(client_for, personas, events):
    client = client_for(personas.auditor)
    before = list(AuditEvent.objects.order_by("pk").values())
    assert client.post("/audit/").status_code == 405
    assert list(AuditEvent.objects.order_by("pk").values()) == before
