"""Browser test of the joint conference, from a new special-topic meeting to a done item."""

import pytest
from docx import Document

from meetings.enums import ActionStatus, MeetingKind, MeetingStatus
from meetings.models import ActionItem, Meeting
from tests.e2e.conftest import screenshot
from tests.meetings.builders import PDF_BYTES, days, make_action, make_meeting

pytestmark = pytest.mark.e2e


def _sign_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state("networkidle")


def test_special_topic_meeting_from_invitation_to_done_item(
    page, live_server, e2e_personas, sign_in, tmp_path
):
    p = e2e_personas
    today = days(0)

    # Staff create a special-topic meeting with two units.
    sign_in(p.city_staff)
    page.locator("#main-nav").get_by_role("link", name="联席会议").click()
    page.wait_for_url(f"{live_server.url}/meetings/")
    screenshot(page, "meetings-list-empty")
    page.get_by_role("link", name="登记会议").click()
    # Wait for the load event: the page's script must be listening before the change.
    page.wait_for_url(f"{live_server.url}/meetings/new/", wait_until="load")
    page.get_by_label("会议类型").select_option("special")
    # Choosing a special-topic meeting clears the plenary's "all units" ticks.
    assert not page.get_by_label("示范市委统战部").is_checked()
    page.get_by_label("示范市司法局").check()
    page.get_by_label("示范市委宣传部").check()
    page.get_by_label("会议名称").fill("网络意见人士统战工作专题会议")
    page.get_by_label("会议日期").fill(today.isoformat())
    page.get_by_label("开始时间").fill("14:30")
    page.get_by_label("会议地点").fill("市委统战部二楼小会议室")
    page.get_by_label("召集人").fill("市委统战部副部长 陈思远")
    page.get_by_label("会议议程").fill("通报网络意见人士基本情况\n研究律师中的网络意见人士联系机制")
    screenshot(page, "meetings-new-form")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    meeting = Meeting.objects.get(title="网络意见人士统战工作专题会议")
    assert page.url == f"{live_server.url}/meetings/{meeting.pk}/"
    assert page.get_by_text("会议已登记。").is_visible()
    assert set(meeting.invited_units.values_list("name", flat=True)) == {
        "示范市司法局",
        "示范市委宣传部",
    }

    # It is held; attendance is recorded.
    page.get_by_role("button", name="确认会议已召开").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("示范市司法局 出席情况").select_option("attended")
    page.get_by_label("示范市司法局 参会人员").fill("周立诚")
    page.get_by_label("示范市司法局 职务").fill("副局长")
    page.get_by_label("示范市委宣传部 出席情况").select_option("excused")
    page.get_by_role("button", name="保存出席情况").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("出席情况已保存。").is_visible()
    screenshot(page, "meetings-detail-held")

    # An item for the justice bureau, then the minutes.
    action_form = page.locator("#action-form")
    action_form.get_by_label("议定事项").fill("梳理律师行业中的网络意见人士，建立联系名单。")
    action_form.get_by_label("牵头单位").select_option(label="示范市司法局")
    action_form.get_by_label("示范市委宣传部").check()
    action_form.get_by_label("完成时限").fill(days(30).isoformat())
    action_form.get_by_role("button", name="登记议定事项").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("议定事项已登记。").is_visible()
    minutes_form = page.locator("#minutes-form")
    assert minutes_form.get_by_label("文号").input_value() == f"〔{today.year}〕1号"
    minutes_form.get_by_label("纪要正文").fill(
        "会议通报了全市网络意见人士的基本情况。\n会议要求有关单位加强联系服务。"
    )
    minutes_form.get_by_role("button", name="印发会议纪要").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text(f"会议纪要〔{today.year}〕1号已印发。").is_visible()
    screenshot(page, "meetings-detail-issued")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_ISSUED
    _sign_out(page)

    # The justice bureau's liaison sees the item and posts progress with a PDF.
    sign_in(p.liaison_x)
    page.locator("#main-nav").get_by_role("link", name="议定事项").click()
    page.wait_for_url(f"{live_server.url}/meetings/actions/")
    screenshot(page, "meetings-actions-liaison")
    page.get_by_role("link", name="梳理律师行业中的网络意见人士").click()
    page.get_by_label("进展情况").fill("已完成全市律师事务所摸底，初步形成联系名单。")
    report = tmp_path / "摸底情况.pdf"
    report.write_bytes(PDF_BYTES)
    page.get_by_label("附件").set_input_files(str(report))
    page.get_by_role("button", name="报送").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("办理进展已报送。").is_visible()
    assert page.get_by_role("link", name="摸底情况.pdf").is_visible()
    screenshot(page, "meetings-action-progress")
    item = ActionItem.objects.get()
    assert item.status == ActionStatus.IN_PROGRESS
    _sign_out(page)

    # Staff mark it done; the minutes download as Word.
    sign_in(p.city_staff)
    page.goto(f"{live_server.url}/meetings/actions/{item.pk}/")
    page.get_by_role("button", name="确认办结").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("议定事项已改为“已办结”。").is_visible()
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE
    screenshot(page, "meetings-action-done")

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载纪要（Word）").click()
    download = download_info.value
    assert download.suggested_filename == f"会议纪要〔{today.year}〕1号.docx"
    document = Document(str(download.path()))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert f"〔{today.year}〕1号" in text
    assert "出席单位及人员：示范市司法局　周立诚（副局长）。" in text
    assert "请假单位：示范市委宣传部。" in text
    assert "牵头单位：示范市司法局；配合单位：示范市委宣传部" in text

    page.get_by_role("link", name="打印纪要").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "meetings-minutes-print")
    page.goto(f"{live_server.url}/meetings/")
    screenshot(page, "meetings-list")


def test_meetings_list_flags_late_minutes_and_overdue_items(
    page, live_server, e2e_personas, sign_in
):
    p = e2e_personas
    late = make_meeting(p, date=days(-20), status=MeetingStatus.HELD, title="律师行业专题会议")
    make_action(p, late, text="建立律师行业代表人士信息库。", due=days(-2))
    make_meeting(
        p, kind=MeetingKind.PLENARY, date=days(10), units=[p.city_lead, p.unit_x, p.unit_y]
    )
    sign_in(p.city_staff)
    page.goto(f"{live_server.url}/meetings/")
    assert page.get_by_text("超过14天未印发").is_visible()
    assert page.locator("#minutes-overdue").is_visible()
    screenshot(page, "meetings-list-flags")
    page.goto(f"{live_server.url}/meetings/actions/?overdue=on")
    assert page.get_by_role("link", name="建立律师行业代表人士信息库。").is_visible()
    screenshot(page, "meetings-actions-overdue")
