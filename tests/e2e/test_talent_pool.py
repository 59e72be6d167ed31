"""Issue 4 point 8: a district justice bureau recommends a new lawyer; district staff return
it with a comment; the liaison fixes it and resubmits; staff accept; the lawyer appears in
the roster and the district pool, and the quota page count rises by one.
"""

import datetime

import pytest

from people.demo import fictional_id_number
from people.models import Person
from talent_pool.models import PoolEntry
from talent_pool.services import ensure_default_criteria
from tests.e2e.conftest import screenshot
from tests.personas import make_user
from units.enums import UnitKind
from units.models import MemberUnit

pytestmark = pytest.mark.e2e


def quota_count(page, base) -> int:
    page.goto(f"{base}/talent-pool/quotas/")
    cell = page.locator('tr[data-region="明湖区"][data-tier="representative"] [data-active]')
    return int(cell.inner_text())


def sign_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state("networkidle")


def test_recommend_return_resubmit_accept(page, live_server, e2e_personas, sign_in):
    base = live_server.url
    ensure_default_criteria()  # a transactional flush removes migration data
    bureau = MemberUnit.objects.create(
        name="明湖区司法局",
        region=e2e_personas.district_a,
        kind=UnitKind.GOVERNMENT,
        duties="负责联系本区律师。",
    )
    liaison = make_user("minghu_sifa", "unit_liaison", bureau)
    staff = e2e_personas.staff_a
    number = fictional_id_number("339902", datetime.date(1984, 9, 18), 7, "1")

    sign_in(staff)
    before = quota_count(page, base)
    screenshot(page, "talent-pool-quotas-before")
    sign_out(page)

    # The liaison recommends a new lawyer, forgetting the position.
    sign_in(liaison)
    page.locator("#main-nav").get_by_role("link", name="推荐").click()
    page.get_by_role("link", name="推荐代表人士").click()
    assert page.get_by_label("录入新人员的登记信息").is_checked()
    page.get_by_label("推荐类别").select_option(label="代表人士")
    page.get_by_label("政治素质").check()
    page.get_by_label("群体影响力").check()
    page.get_by_label("推荐理由").fill("执业十二年，担任区律师协会理事，长期提供公益法律服务。")
    page.locator("#id_person-name").fill("沈一舟")
    page.locator("#id_person-id_number").fill(number)
    page.locator("#id_person-category").select_option(label="中介组织和社会组织从业人员")
    page.locator("#id_person-subtype").select_option(label="律师")
    page.locator("#id_person-region").select_option(label="明湖区")
    page.locator("#id_person-work_unit").fill("明湖")
    page.locator("#id_person-mobile").fill("13912345678")
    screenshot(page, "talent-pool-recommend-form")
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("对沈一舟的推荐已提交，等待统战部审核。").is_visible()
    assert page.locator("[data-state]").first.inner_text() == "待审核"
    sign_out(page)

    # District staff return it with a comment.
    sign_in(staff)
    page.locator("#main-nav").get_by_role("link", name="推荐审核").click()
    page.get_by_role("link", name="沈一舟").click()
    page.get_by_label("退回意见").fill("请填写工作单位全称和职务。")
    screenshot(page, "talent-pool-review-recommendation")
    page.get_by_role("button", name="退回修改").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("已退回推荐单位修改。").is_visible()
    sign_out(page)

    # The liaison sees the comment, fixes the data and resubmits.
    sign_in(liaison)
    page.locator("#main-nav").get_by_role("link", name="推荐").click()
    page.get_by_role("link", name="沈一舟").click()
    assert (
        page.locator("[data-return-comment]").get_by_text("请填写工作单位全称和职务。").is_visible()
    )
    screenshot(page, "talent-pool-returned")
    page.get_by_role("link", name="修改", exact=True).click()
    page.locator("#id_person-work_unit").fill("示范明湖正信律师事务所")
    page.locator("#id_person-position").fill("合伙人")
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-state]").first.inner_text() == "待审核"
    sign_out(page)

    # Staff accept: the lawyer is created on the roster and put in the district pool.
    sign_in(staff)
    page.locator("#main-nav").get_by_role("link", name="推荐审核").click()
    page.get_by_role("link", name="沈一舟").click()
    page.get_by_role("button", name="审核通过并入库").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("审核通过：沈一舟已录入名册并列入人才库。").is_visible()
    screenshot(page, "talent-pool-accepted")

    person = Person.objects.get(id_number=number)
    assert (person.work_unit, person.position) == ("示范明湖正信律师事务所", "合伙人")
    assert PoolEntry.objects.get(person=person).recommended_by == bureau

    page.locator("#main-nav").get_by_role("link", name="人员名册").click()
    page.get_by_label("搜索").fill("沈一舟")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name="沈一舟").click()
    assert (
        page.locator("[data-person-pool]")
        .get_by_role("link", name="明湖区", exact=True)
        .is_visible()
    )
    screenshot(page, "talent-pool-person-page")

    page.locator("#main-nav").get_by_role("link", name="代表人士人才库").click()
    assert page.get_by_role("link", name="沈一舟").is_visible()
    screenshot(page, "talent-pool-list")
    assert quota_count(page, base) == before + 1
    screenshot(page, "talent-pool-quotas-after")
