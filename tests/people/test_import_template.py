"""The import template /people/import/template.xlsx, read back with openpyxl."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from people.demo import fictional_id_number
from people.enums import Category
from people.importing.rows import EXAMPLE_ID_NUMBER, EXAMPLE_NAME
from people.models import Person, SubType
from people.resources import HEADERS


def download(client):
    response = client.get("/people/import/template.xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(content)), content


def letter(header: str) -> str:
    return get_column_letter(HEADERS.index(header) + 1)


def validation_for(ws, header: str):
    cell = f"{letter(header)}2"
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, header
    return found[0]


def list_values(workbook, formula: str) -> list[str]:
    sheet_name, cells = formula.split("!")
    sheet = workbook[sheet_name.strip("'")]
    return [c.value for row in sheet[cells.replace("$", "")] for c in row]


def test_template_has_headers_and_a_fictional_example_row(client_for, personas):
    wb, _ = download(client_for(personas.staff_a))
    ws = wb.worksheets[0]
    assert ws.title == "人员信息"
    assert [c.value for c in ws[1]] == HEADERS
    example = dict(zip(HEADERS, [c.value for c in ws[2]], strict=True))
    assert example["姓名"] == EXAMPLE_NAME
    assert example["证件号码"] == EXAMPLE_ID_NUMBER
    assert example["所在区划"] == "明湖区"
    assert example["新的社会阶层类别"] == Category.INTERMEDIARY.label
    assert ws.max_row == 2
    required = {
        c.value for c in ws[1] if c.font.color is not None and c.font.color.rgb == "00C00000"
    }
    assert required == {"姓名", "证件号码", "新的社会阶层类别", "细分类型", "所在区划"}
    assert [s.title for s in wb.worksheets] == ["人员信息", "填写说明", "代码表"]
    assert wb["代码表"].sheet_state == "hidden"
    assert wb["填写说明"]["A1"].value == "人员信息导入说明"


def test_template_id_and_phone_columns_are_text(client_for, personas):
    wb, _ = download(client_for(personas.staff_a))
    ws = wb.worksheets[0]
    for header in ("证件号码", "手机号码", "办公电话", "邮政编码"):
        assert ws.column_dimensions[letter(header)].number_format == "@", header
        assert ws[f"{letter(header)}2"].number_format == "@", header
        assert ws[f"{letter(header)}2"].data_type in ("s", "inlineStr")  # text, not a number


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("新的社会阶层类别", [label for _, label in Category.choices]),
        ("政治面貌", ["中共党员", "中共预备党员", "共青团员"]),
        ("民族", ["汉族", "蒙古族", "回族"]),
        ("最高学历", ["博士研究生", "硕士研究生", "大学本科"]),
        ("性别", ["男", "女"]),
        ("网络主播", ["是", "否"]),
    ],
)
def test_template_has_drop_down_lists_for_coded_columns(client_for, personas, header, expected):
    wb, _ = download(client_for(personas.staff_a))
    validation = validation_for(wb.worksheets[0], header)
    assert validation.type == "list"
    assert validation.showErrorMessage
    assert str(validation.sqref) == f"{letter(header)}2:{letter(header)}10001"
    values = list_values(wb, validation.formula1)
    assert values[: len(expected)] == expected


def test_template_sub_type_and_region_lists(client_for, personas):
    wb, _ = download(client_for(personas.staff_a))
    ws = wb.worksheets[0]
    subtypes = list_values(wb, validation_for(ws, "细分类型").formula1)
    assert subtypes == list(
        SubType.objects.filter(is_active=True)
        .order_by("category", "order", "id")
        .values_list("name", flat=True)
    )
    # Only the regions the user may import into.
    assert list_values(wb, validation_for(ws, "所在区划").formula1) == ["明湖区", "湖滨街道"]
    wb_city, _ = download(client_for(personas.city_staff))
    regions = list_values(wb_city, validation_for(wb_city.worksheets[0], "所在区划").formula1)
    assert regions == ["示范市", "明湖区", "湖滨街道", "青山区"]


def test_filled_in_template_imports_and_its_example_row_is_skipped(client_for, personas):
    client = client_for(personas.staff_a)
    wb, _ = download(client)
    ws = wb.worksheets[0]
    number = fictional_id_number("339902", datetime.date(1988, 8, 8), 3, "2")
    values = {
        "姓名": "林晓岚",
        "证件号码": number,
        "新的社会阶层类别": "新媒体从业人员",
        "细分类型": "新媒体采编人员",
        "网络主播": "是",
        "所在区划": "湖滨街道",
        "手机号码": "13900001234",
        "出生日期": "1988.08",
    }
    ws.append([values.get(h) for h in HEADERS])
    buffer = io.BytesIO()
    wb.save(buffer)
    response = client.post(
        "/people/import/",
        {"action": "upload", "file": SimpleUploadedFile("模板.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "模板中的示例行已跳过" in html
    assert "出生日期：出生日期与身份证号码不一致" in html  # 1988.08 is read as 1 August
    ws.cell(row=3, column=HEADERS.index("出生日期") + 1, value="1988年8月8日")
    buffer = io.BytesIO()
    wb.save(buffer)
    response = client.post(
        "/people/import/",
        {"action": "upload", "file": SimpleUploadedFile("模板.xlsx", buffer.getvalue())},
    )
    token = response["Location"].split("token=")[1]
    client.post("/people/import/", {"action": "confirm", "token": token})
    person = Person.objects.get()
    assert (person.name, person.is_online_streamer, person.region) == (
        "林晓岚",
        True,
        personas.street_a1,
    )


def test_template_with_only_the_example_row_is_refused(client_for, personas):
    client = client_for(personas.staff_a)
    _, content = download(client)
    response = client.post(
        "/people/import/",
        {"action": "upload", "file": SimpleUploadedFile("模板.xlsx", content)},
    )
    assert response.status_code == 200
    assert "文件中只有模板的示例行" in response.content.decode()
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff_a", 200), ("leader", 403), ("liaison_x", 403), ("auditor", 403), ("sysadmin", 403)],
)
def test_template_security_matrix(client_for, personas, role, status):
    response = client_for(getattr(personas, role)).get("/people/import/template.xlsx")
    assert response.status_code == status


def test_template_post_is_405(client_for, personas):
    assert client_for(personas.staff_a).post("/people/import/template.xlsx").status_code == 405
