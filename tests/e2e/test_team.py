"""Issue 5 point 8: staff record a 政协委员 arrangement and a training course for a person;
a leader logs a talk with one of their contacts; the person page shows all three.
"""

import datetime

import pytest

from talent_pool.models import ContactAssignment
from tests.e2e.conftest import screenshot
from tests.people.factories import make_person

pytestmark = pytest.mark.e2e


def sign_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state("networkidle")


def test_arrangement_training_and_contact_on_the_person_page(
    page, live_server, e2e_personas, sign_in
):
    base = live_server.url
    person = make_person(e2e_personas.district_a, name="许诺言", work_unit="示范正信律师事务所")
    ContactAssignment.objects.create(
        leader=e2e_personas.leader, person=person, assigned_by=e2e_personas.staff_a
    )
    year = datetime.date.today().year

    # Staff record a 政协委员 arrangement from the person page.
    sign_in(e2e_personas.staff_a)
    page.goto(f"{base}/people/{person.pk}/")
    page.get_by_role("link", name="新增政治安排").click()
    page.get_by_label("类别").select_option(label="政协委员")
    page.get_by_label("级别").select_option(label="县")
    page.get_by_label("组织（机构）").fill("明湖区政协")
    page.get_by_label("届次").fill("第五届")
    page.get_by_label("职务", exact=True).fill("委员")
    page.get_by_label("界别").fill("无党派人士")
    page.get_by_label("开始时间").fill(f"{year - 1}-01-15")
    page.get_by_label("状态").select_option(label="已任职")
    screenshot(page, "team-arrangement-form")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("许诺言的政治安排已保存。").is_visible()

    # … and a training course with the person among its participants.
    page.locator("#main-nav").get_by_role("link", name="代表人士人才库").click()
    page.get_by_role("link", name="教育培训").click()
    page.get_by_role("link", name="新增培训班").click()
    page.get_by_label("班次名称").fill("新的社会阶层代表人士理论研修班")
    page.get_by_label("主办单位").fill("明湖区委统战部")
    page.get_by_label("培训院校").fill("明湖区委党校")
    page.get_by_label("开始日期").fill(f"{year}-03-02")
    page.get_by_label("结束日期").fill(f"{year}-03-06")
    page.get_by_label("级别").select_option(label="县")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("查找名册人员").fill("许诺言")
    page.get_by_role("button", name="查找").click()
    page.get_by_role("button", name="添加").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("已添加学员许诺言。").is_visible()
    screenshot(page, "team-course")
    sign_out(page)

    # The leader logs a talk with one of their contacts.
    sign_in(e2e_personas.leader)
    page.locator("#main-nav").get_by_role("link", name="代表人士人才库").click()
    page.get_by_role("link", name="列名联系").click()
    assert page.locator("[data-contacts]").get_by_text("尚未联系").is_visible()
    page.get_by_role("link", name="联系记录").click()
    page.get_by_label("形式").select_option(label="面谈")
    page.get_by_label("了解的情况").fill("律所业务稳定，本人愿意参加公益法律服务活动。")
    page.get_by_label("反映的问题").fill("青年律师执业初期收入偏低。")
    page.get_by_role("button", name="保存记录").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("与许诺言的联系已记录。").is_visible()
    screenshot(page, "team-contact")

    # The person page shows all three.
    page.goto(f"{base}/people/{person.pk}/")
    arrangements = page.locator("[data-person-arrangements]")
    assert arrangements.get_by_text("明湖区政协").is_visible()
    assert arrangements.get_by_text("无党派人士").is_visible()
    training = page.locator("[data-person-training]")
    assert training.get_by_text("新的社会阶层代表人士理论研修班").is_visible()
    contacts = page.locator("[data-person-contacts]")
    today = datetime.date.today().strftime("%Y-%m-%d")
    assert contacts.locator("[data-last-contact]").inner_text().strip() == today
    screenshot(page, "team-person-page")
