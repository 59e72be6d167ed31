"""Browser test: staff fill in the downloaded template, fix a bad row and import it."""

import datetime

import pytest
from openpyxl import load_workbook

from people.demo import fictional_id_number
from people.resources import HEADERS
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e

GOOD_ID = fictional_id_number("339902", datetime.date(1986, 4, 12), 5, "2")
FIXED_ID = fictional_id_number("339902", datetime.date(1979, 11, 3), 6, "1")
BAD_ID = FIXED_ID[:-1] + ("0" if FIXED_ID[-1] != "0" else "1")


def fill(path, second_id):
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    rows = [
        {
            "姓名": "林晓岚",
            "证件号码": GOOD_ID,
            "新的社会阶层类别": "中介组织和社会组织从业人员",
            "细分类型": "律师",
            "所在区划": "明湖区",
            "工作单位": "明湖明理律师事务所",
            "手机号码": "13900001234",
        },
        {
            "姓名": "周启航",
            "证件号码": second_id,
            "新的社会阶层类别": "新媒体从业人员",
            "细分类型": "新媒体采编人员",
            "所在区划": "湖滨街道",
            "出生日期": "1979年11月3日",
        },
    ]
    for values in rows:
        sheet.append([values.get(header) for header in HEADERS])
    workbook.save(path)


def upload(page, path):
    page.get_by_label("Excel文件（.xlsx）").set_input_files(str(path))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state("networkidle")


def test_staff_imports_two_persons_from_the_template(
    page, live_server, e2e_personas, sign_in, tmp_path
):
    sign_in(e2e_personas.staff_a)
    page.goto(f"{live_server.url}/people/")
    page.get_by_role("link", name="Excel导入").click()
    page.wait_for_url(f"{live_server.url}/people/import/")
    screenshot(page, "import-upload")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载导入模板").click()
    template = tmp_path / "template.xlsx"
    download_info.value.save_as(template)

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(template.read_bytes())
    fill(bad, BAD_ID)
    upload(page, bad)
    assert page.locator("[data-count=invalid]").inner_text() == "1"
    assert page.locator("[data-count=new]").inner_text() == "1"
    error_row = page.locator("tr[data-row='4']")
    assert "第 4 行" in error_row.inner_text()
    assert "证件号码：身份证号码校验码不正确，请核对号码。" in error_row.inner_text()
    assert page.get_by_text("模板中的示例行已跳过").is_visible()
    screenshot(page, "import-preview-with-error")

    fixed = tmp_path / "fixed.xlsx"
    fixed.write_bytes(template.read_bytes())
    fill(fixed, FIXED_ID)
    page.get_by_role("link", name="重新上传").click()
    upload(page, fixed)
    assert page.locator("[data-count=invalid]").inner_text() == "0"
    assert page.locator("[data-count=new]").inner_text() == "2"
    screenshot(page, "import-preview-ok")
    page.get_by_role("button", name="确认导入（新增 2 人，更新 0 人）").click()
    page.wait_for_url(f"{live_server.url}/people/")
    assert page.get_by_text("导入完成：新增2人，更新0人，0人无变化。").is_visible()
    assert page.get_by_role("link", name="林晓岚").is_visible()
    assert page.get_by_role("link", name="周启航").is_visible()
    screenshot(page, "import-done-list")
