import datetime

import pytest

from people.enums import Sex
from tests.e2e.conftest import screenshot
from tests.people.factories import id_for

pytestmark = pytest.mark.e2e


def fill(page, label, value):
    page.get_by_label(label, exact=True).fill(value)


def test_staff_create_find_edit_and_outsider_gets_404(
    page, browser, live_server, e2e_personas, sign_in
):
    from people.models import Person

    p = e2e_personas
    number = id_for(datetime.date(1987, 6, 5), Sex.FEMALE)
    sign_in(p.staff_a)
    page.goto(f"{live_server.url}/people/new/")
    fill(page, "姓名*", "欧阳晓")
    fill(page, "证件号码*", number.lower())
    page.get_by_label("新的社会阶层类别*").select_option(label="中介组织和社会组织从业人员")
    page.get_by_label("细分类型*").select_option(label="律师")
    page.get_by_label("所在区划*").select_option(label="明湖区")
    fill(page, "工作单位", "示范明理律师事务所")

    box = page.locator('[data-formset="educations"]')
    box.get_by_role("button", name="添加一行").click()
    box.get_by_role("button", name="添加一行").click()
    rows = box.locator("[data-formset-row]")
    rows.nth(0).get_by_label("毕业院校*").fill("示范大学")
    rows.nth(0).get_by_label("学历*").select_option(label="大学本科")
    rows.nth(1).get_by_label("毕业院校*").fill("江南大学")
    rows.nth(1).get_by_label("学历*").select_option(label="硕士研究生")
    rows.nth(1).get_by_label("最高学历").check()
    screenshot(page, "person-form")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("已录入 欧阳晓").is_visible()
    person = Person.objects.get(name="欧阳晓")
    assert person.educations.count() == 2
    assert (person.sex, person.birth_date) == (Sex.FEMALE, datetime.date(1987, 6, 5))

    page.goto(f"{live_server.url}/people/")
    page.get_by_label("搜索").fill("oyx")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("tbody tr").count() == 1
    screenshot(page, "person-list-search")
    page.get_by_role("link", name="欧阳晓").click()
    page.get_by_role("link", name="编辑").click()
    fill(page, "职务", "高级合伙人")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    history = page.locator("[data-history]")
    assert history.get_by_text("职务：（空） → 高级合伙人").is_visible()
    assert history.get_by_text(p.staff_a.full_name).first.is_visible()
    screenshot(page, "person-detail")

    context = browser.new_context()
    other = context.new_page()
    other.goto(f"{live_server.url}/accounts/login/")
    other.get_by_label("用户名").fill(p.staff_b.username)
    other.get_by_label("密码").fill("Persona#Pass2026")
    other.get_by_role("button", name="登录").click()
    other.wait_for_load_state("networkidle")
    response = other.goto(f"{live_server.url}/people/{person.pk}/")
    assert response.status == 404
    assert other.get_by_text("不在您的查看范围内").is_visible()
    context.close()
