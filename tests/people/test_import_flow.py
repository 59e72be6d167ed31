"""The import pages: upload → preview → confirm, with real .xlsx files."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from accounts.enums import AuditAction, AuditOutcome
from accounts.models import AuditEvent
from people.demo import fictional_id_number
from people.models import Person, SubType

BIRTH = datetime.date(1985, 3, 7)
HEADER = ["姓名", "证件号码", "新的社会阶层类别", "细分类型", "所在区划", "手机号码", "工作单位"]


def id_for(sequence, sex="1", code="339902", birth=BIRTH):
    return fictional_id_number(code, birth, sequence, sex)


def xlsx(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(name, sequence, region="明湖区", **extra):
    values = {
        "姓名": name,
        "证件号码": id_for(sequence),
        "新的社会阶层类别": "中介组织和社会组织从业人员",
        "细分类型": "律师",
        "所在区划": region,
        "手机号码": "13900001234",
        "工作单位": "明湖明理律师事务所",
        **extra,
    }
    return [values[h] for h in HEADER]


def upload(client, content: bytes, name="人员.xlsx"):
    return client.post(
        "/people/import/",
        {"action": "upload", "file": SimpleUploadedFile(name, content)},
    )


def token_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"].split("token=")[1]


def snapshot():
    return (
        Person.objects.count(),
        Person.history.count(),
        sorted(Person.objects.values_list("id_number", "name", "mobile", "work_unit", "version")),
    )


def test_import_creates_persons_after_preview_and_confirm(client_for, personas):
    client = client_for(personas.staff_a)
    response = upload(client, xlsx([row("林晓岚", 1), row("周启航", 2)]))
    token = token_of(response)
    html = client.get(f"/people/import/?token={token}").content.decode()
    assert "新增" in html
    assert Person.objects.count() == 0
    response = client.post("/people/import/", {"action": "confirm", "token": token})
    assert response.status_code == 302
    assert sorted(Person.objects.values_list("name", flat=True)) == ["周启航", "林晓岚"]
