"""The minutes as a Word document, read back with python-docx."""

import datetime
from io import BytesIO

import pytest
from docx import Document

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from meetings import services
from meetings.docx import chinese_ordinal
from meetings.enums import AttendanceStatus, MeetingStatus
from tests.meetings.builders import attend, days, make_action, make_meeting


@pytest.fixture
def issued(personas):
    p = personas
    meeting = make_meeting(
        p,
        units=[p.city_lead, p.unit_x, p.unit_y],
        title="网络意见人士统战工作专题会议",
        date=days(-2),
        status=MeetingStatus.HELD,
    )
    attend(meeting, p.city_lead, name="陈思远", post="副部长")
    attend(meeting, p.unit_x, name="周立诚", post="副局长")
    attend(meeting, p.unit_y, status=AttendanceStatus.EXCUSED, name="", post="")
    make_action(
        p,
        meeting,
        text="建立网络意见人士联系名单。",
        lead=p.unit_x,
        co_units=[p.unit_y],
        due=datetime.date(2099, 6, 30),
    )
    services.issue_minutes(
        meeting=meeting,
        year=days(0).year,
        serial=2,
        text="会议通报了网络意见人士基本情况。\n会议要求各单位加强联系服务。",
        issued_on=days(0),
        distribution="市委办公室，市政府办公室",
        by=p.city_staff,
    )
    return meeting


def _document(response):
    return Document(BytesIO(response.content))


def test_minutes_docx_downloads_as_attachment(client_for, personas, issued):
    response = client_for(personas.liaison_x).get(f"/meetings/{issued.pk}/minutes.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".docx" in response["Content-Disposition"]


def test_minutes_docx_reads_back_as_a_government_minutes_document(client_for, personas, issued):
    year = days(0).year
    document = _document(client_for(personas.city_staff).get(f"/meetings/{issued.pk}/minutes.docx"))
    texts = [paragraph.text for paragraph in document.paragraphs if paragraph.text]
    meeting_day = days(-2)
    expected_in_order = [
        "示范市新的社会阶层人士统战工作联席会议",
        "会议纪要",
        f"〔{year}〕2号",
        "网络意见人士统战工作专题会议",
        f"时间：{meeting_day.year}年{meeting_day.month}月{meeting_day.day}日 09:30",
        "地点：市委统战部三楼会议室",
        "召集人：市委统战部副部长 陈思远",
        "出席单位及人员：示范市委统战部　陈思远（副部长）；示范市司法局　周立诚（副局长）。",
        "请假单位：示范市委宣传部。",
        "一、会议主要内容",
        "会议通报了网络意见人士基本情况。",
        "会议要求各单位加强联系服务。",
        "二、会议议定事项",
        "（一）建立网络意见人士联系名单。",
        "牵头单位：示范市司法局；配合单位：示范市委宣传部；完成时限：2099年6月30日前。",
        "示范市新的社会阶层人士统战工作联席会议办公室",
        f"{year}年{days(0).month}月{days(0).day}日",
        "抄送：市委办公室，市政府办公室",
    ]
    assert texts[: len(expected_in_order)] == expected_in_order
    assert texts[-1].endswith(f"{year}年{days(0).month}月{days(0).day}日印发")
    # The masthead is red, as on an official document.
    masthead = document.paragraphs[0].runs[0]
    assert str(masthead.font.color.rgb) == "C00000"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.core_properties.subject == f"〔{year}〕2号"


def test_minutes_docx_download_is_audited(client_for, personas, issued):
    client_for(personas.leader).get(f"/meetings/{issued.pk}/minutes.docx")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.user, event.object_type) == (personas.leader, "meetings.minutes")
    assert event.detail["format"] == "docx"


def test_minutes_docx_is_404_for_a_liaison_whose_unit_was_not_invited(client_for, personas):
    p = personas
    meeting = make_meeting(p, units=[p.city_lead, p.unit_x], status=MeetingStatus.MINUTES_ISSUED)
    assert client_for(p.liaison_y).get(f"/meetings/{meeting.pk}/minutes.docx").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五")]
)
def test_chinese_ordinal(n, text):
    assert chinese_ordinal(n) == text
