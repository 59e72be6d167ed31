"""Bad files for the import: each gets a clear Chinese message and changes nothing."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from people.demo import fictional_id_number
from people.importing import ImportFileError, check_upload, rows
from people.models import Person, SubType

HEADER = ["姓名", "证件号码", "新的社会阶层类别", "细分类型", "所在区划"]


def xlsx(*sheet_rows) -> bytes:
    workbook = Workbook()
    for values in sheet_rows:
        workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def valid_row(sequence=1):
    number = fictional_id_number("339902", datetime.date(1985, 3, 7), sequence, "1")
    return ["林晓岚", number, "自由职业人员", "自由摄影师", "明湖区"]


def zip_bytes(members: dict[str, bytes | int]) -> bytes:
    """Return a zip; an int member is that many zero bytes, written in chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if isinstance(content, int):
                with archive.open(name, "w", force_zip64=True) as handle:
                    chunk = b"\0" * (1024 * 1024)
                    for _ in range(content // len(chunk)):
                        handle.write(chunk)
            else:
                archive.writestr(name, content)
    return buffer.getvalue()


def snapshot():
    return (
        Person.objects.count(),
        Person.history.count(),
        list(Person.objects.order_by("pk").values_list("pk", "name", "version", "work_unit")),
    )


def upload(client, content: bytes, name="人员.xlsx"):
    return client.post(
        "/people/import/", {"action": "upload", "file": SimpleUploadedFile(name, content)}
    )


@pytest.fixture
def existing(personas):
    subtype = SubType.objects.get(name="律师")
    person = Person(
        name="在册人员",
        id_number=fictional_id_number("339902", datetime.date(1980, 1, 1), 7, "1"),
        category=subtype.category,
        subtype=subtype,
        region=personas.district_a,
        work_unit="原单位",
    )
    person.save()
    return person


BAD_FILES = {
    "xls_renamed": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000,
        "旧版Excel（.xls）",
    ),
    "text_file": (
        lambda: "姓名,证件号码\n林晓岚,339902198503070012\n".encode(),
        "文件内容不是Excel工作簿（.xlsx）",
    ),
    "broken_zip": (lambda: b"PK\x03\x04" + b"garbage" * 100, "文件已损坏"),
    "docx_like_zip": (
        lambda: zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
        "不是Excel工作簿",
    ),
    "empty_workbook": (lambda: xlsx(), "工作表是空的"),
    "header_only": (lambda: xlsx(HEADER), "表头以下没有数据行"),
    "no_header_row": (lambda: xlsx(valid_row(1), valid_row(2)), "不是导入模板的表头"),
    "unknown_headers": (
        lambda: xlsx([*HEADER, "爱好", "备注"], [*valid_row(), "摄影", ""]),
        "无法识别的列：“爱好”、“备注”",
    ),
    "missing_required": (
        lambda: xlsx(["姓名", "证件号码"], valid_row()[:2]),
        "缺少必填列：“新的社会阶层类别”、“细分类型”、“所在区划”",
    ),
    "duplicate_header": (
        lambda: xlsx([*HEADER, "姓名"], [*valid_row(), "林晓岚"]),
        "“姓名”列出现了两次",
    ),
    "zip_bomb_total": (
        lambda: zip_bytes(
            {
                "[Content_Types].xml": b"<Types/>",
                "xl/workbook.xml": b"<workbook/>",
                "xl/worksheets/sheet1.xml": 120 * 1024 * 1024,
            }
        ),
        "解压后超过100MB",
    ),
    "zip_bomb_ratio": (
        lambda: zip_bytes(
            {
                "[Content_Types].xml": b"<Types/>",
                "xl/workbook.xml": b"<workbook/>",
                "xl/worksheets/sheet1.xml": 8 * 1024 * 1024,
            }
        ),
        "压缩比异常",
    ),
    "too_large": (lambda: b"PK\x03\x04" + b"\0" * (20 * 1024 * 1024), "超过10MB的上限"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_rejected_with_a_message_and_changes_nothing(
    client_for, personas, existing, case
):
    make, message = BAD_FILES[case]
    before = snapshot()
    response = upload(client_for(personas.staff_a), make())
    # A body far over the cap is answered without being read (413).
    assert response.status_code == (413 if case == "too_large" else 200)
    html = response.content.decode()
    assert message in html
    assert "data-upload-error" in html
    assert snapshot() == before
    imports = Path(settings.MEDIA_ROOT) / "imports"
    assert not imports.exists() or list(imports.iterdir()) == []


def test_too_many_rows_are_refused(client_for, personas, existing, monkeypatch):
    monkeypatch.setattr(rows, "MAX_ROWS", 3)
    content = xlsx(HEADER, *[valid_row(index) for index in range(4)])
    before = snapshot()
    html = upload(client_for(personas.staff_a), content).content.decode()
    assert "文件中的数据超过3行" in html
    assert snapshot() == before


def test_exactly_the_row_limit_is_accepted(client_for, personas, monkeypatch):
    monkeypatch.setattr(rows, "MAX_ROWS", 3)
    content = xlsx(HEADER, *[valid_row(index) for index in range(3)])
    response = upload(client_for(personas.staff_a), content)
    assert response.status_code == 302


def test_empty_upload_is_rejected(client_for, personas):
    html = upload(client_for(personas.staff_a), b"").content.decode()
    assert "data-upload-error" in html
    assert Person.objects.count() == 0


def test_upload_without_a_file_is_rejected(client_for, personas):
    response = client_for(personas.staff_a).post("/people/import/", {"action": "upload"})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()


def test_file_name_does_not_matter_only_content(client_for, personas):
    content = xlsx(HEADER, valid_row())
    response = upload(client_for(personas.staff_a), content, name="名单.txt")
    assert response.status_code == 302


def test_size_is_checked_before_the_content_is_read(tmp_path):
    class Unreadable:
        size = 11 * 1024 * 1024

        def read(self, *args):
            raise AssertionError("read before the size check")

        def seek(self, *args):
            raise AssertionError("seek before the size check")

    with pytest.raises(ImportFileError, match="超过10MB的上限"):
        check_upload(Unreadable())


def test_well_compressed_small_members_are_not_taken_for_bombs():
    content = xlsx(HEADER, *[valid_row(index) for index in range(200)])
    check_upload(SimpleUploadedFile("a.xlsx", content))  # does not raise


def test_file_just_over_the_cap_is_not_kept(client_for, personas, existing):
    content = b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024 + 100 * 1024)
    before = snapshot()
    response = upload(client_for(personas.staff_a), content)
    assert response.status_code == 200
    assert "文件超过10MB的上限" in response.content.decode()
    assert snapshot() == before


def test_import_post_needs_the_csrf_token(personas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.staff_a)
    response = upload(client, xlsx(HEADER, valid_row()))
    assert response.status_code == 403
    assert Person.objects.count() == 0
