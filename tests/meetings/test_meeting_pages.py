"""The meeting pages: list with the rules, creating, the meeting page and its forms."""

import datetime

import pytest

from meetings.enums import FOLLOW_UP_AGENDA_TITLE, MeetingKind, MeetingStatus
from meetings.models import Meeting
from tests.meetings.builders import days, issue, make_action, make_meeting, snapshot


def _meeting_post(p, **overrides):
    data = {
        "kind": "special",
        "title": "网络意见人士统战工作专题会议",
        "number": "",
        "date": str(days(0)),
        "start_time": "14:30",
        "place": "市委统战部二楼小会议室",
        "convener": "市委统战部副部长 陈思远",
        "invited_units": [p.unit_x.pk, p.unit_y.pk],
        "agenda": "通报网络意见人士基本情况\n研究联系服务机制",
    }
    return {**data, **overrides}


def test_staff_create_special_topic_meeting_with_chosen_units(client_for, personas):
    p = personas
    response = client_for(p.city_staff).post("/meetings/new/", _meeting_post(p))
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    assert (meeting.region, meeting.kind, meeting.number) == (p.city, "special", 1)
    assert set(meeting.invited_units.all()) == {p.unit_x, p.unit_y}
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "通报网络意见人士基本情况",
        "研究联系服务机制",
    ]


def test_district_staff_create_meetings_of_their_own_conference(client_for, personas):
    p = personas
    data = _meeting_post(p, kind="plenary", invited_units=[], title="")
    client_for(p.staff_a).post("/meetings/new/", data)
    meeting = Meeting.objects.get()
    assert meeting.region == p.district_a
    assert set(meeting.invited_units.all()) == {p.lead_a}


def test_new_meeting_form_ticks_every_active_unit_for_a_plenary(client_for, personas):
    form = client_for(personas.city_staff).get("/meetings/new/").context["form"]
    assert form["kind"].value() == MeetingKind.PLENARY
    assert set(form["invited_units"].value()) == {
        personas.city_lead.pk,
        personas.unit_x.pk,
        personas.unit_y.pk,
    }


def test_new_meeting_form_offers_follow_up_only_with_open_items(client_for, personas):
    p = personas
    client = client_for(p.city_staff)
    assert "add_follow_up" not in client.get("/meetings/new/").context["form"].fields
    old = make_meeting(p, date=days(-60), status=MeetingStatus.HELD)
    make_action(p, old, due=days(-10))
    make_action(p, old, due=days(10))
    response = client.get("/meetings/new/")
    field = response.context["form"].fields["add_follow_up"]
    assert field.initial is True
    assert field.help_text == "以往会议尚有 2 项议定事项未办结，其中 1 项已逾期。"
    client.post("/meetings/new/", _meeting_post(p, add_follow_up="on", date=str(days(5))))
    meeting = Meeting.objects.get(title="网络意见人士统战工作专题会议")
    assert meeting.agenda_items.first().title == FOLLOW_UP_AGENDA_TITLE


def test_meeting_page_lists_open_items_under_the_follow_up_agenda_item(client_for, personas):
    p = personas
    old = make_meeting(p, date=days(-60), status=MeetingStatus.HELD)
    make_action(p, old, text="摸清社会组织从业人员底数。", due=days(-10))
    from meetings import services

    meeting = services.create_meeting(
        region=p.city,
        kind=MeetingKind.PLENARY,
        date=days(5),
        start_time=datetime.time(9),
        place="会议室",
        convener="郑文博",
        add_follow_up=True,
        by=p.city_staff,
    )
    html = client_for(p.leader).get(f"/meetings/{meeting.pk}/").content.decode()
    assert FOLLOW_UP_AGENDA_TITLE in html
    assert "摸清社会组织从业人员底数。" in html
    assert "已逾期" in html


def test_special_topic_meeting_without_units_shows_chinese_error(client_for, personas):
    p = personas
    response = client_for(p.city_staff).post("/meetings/new/", _meeting_post(p, invited_units=[]))
    assert response.status_code == 200
    assert "专题会议请选择参会单位。" in response.content.decode()
    assert not Meeting.objects.exists()


def test_meeting_list_shows_plenary_rule_for_this_year(client_for, personas):
    p = personas
    html = client_for(p.city_staff).get("/meetings/").content.decode()
    assert f"{days(0).year}年全体会议召开情况" in html
    assert "全体会议每年召开1至2次" in html
    assert "本年度尚未召开全体会议" in html
    plenary = make_meeting(
        p, kind=MeetingKind.PLENARY, date=datetime.date(days(0).year, 1, 1), units=[p.city_lead]
    )
    Meeting.objects.filter(pk=plenary.pk).update(status=MeetingStatus.HELD)
    response = client_for(p.city_staff).get("/meetings/")
    city_row = next(r for r in response.context["rule_rows"] if r["region"] == p.city)
    assert (city_row["held"], city_row["verdict"]) == (1, "ok")
    assert "符合要求" in response.content.decode()


def test_meeting_list_flags_held_meeting_without_minutes_after_14_days(client_for, personas):
    p = personas
    late = make_meeting(p, date=days(-15), status=MeetingStatus.HELD, title="迟迟未发纪要的会议")
    make_meeting(p, date=days(-14), status=MeetingStatus.HELD, title="刚满两周的会议")
    done = make_meeting(p, date=days(-30), status=MeetingStatus.MINUTES_ISSUED)
    html = client_for(p.city_staff).get("/meetings/").content.decode()
    assert html.count("超过14天未印发") == 1
    assert "有 1 次会议召开已超过14天仍未印发会议纪要。" in html
    assert done.minutes.number in html
    detail = client_for(p.city_staff).get(f"/meetings/{late.pk}/").content.decode()
    assert "会后超过14天未印发纪要" in detail


def test_meeting_list_counts_only_the_items_the_user_may_see(client_for, personas):
    p = personas
    meeting = make_meeting(p, units=[p.city_lead, p.unit_x, p.unit_y], status=MeetingStatus.HELD)
    make_action(p, meeting, lead=p.unit_x, due=days(-1))
    make_action(p, meeting, lead=p.unit_y, due=days(-1))
    make_action(p, meeting, lead=p.unit_y)
    staff_row = client_for(p.city_staff).get("/meetings/").context["page"][0]
    assert (staff_row.action_count, staff_row.overdue_action_count) == (3, 2)
    liaison_row = client_for(p.liaison_x).get("/meetings/").context["page"][0]
    assert (liaison_row.action_count, liaison_row.overdue_action_count) == (1, 1)


def test_meeting_list_filters_by_kind_and_year(client_for, personas):
    p = personas
    plenary = make_meeting(p, kind=MeetingKind.PLENARY, date=datetime.date(2025, 3, 1))
    special = make_meeting(p, kind=MeetingKind.SPECIAL, date=datetime.date(2025, 5, 1))
    make_meeting(p, kind=MeetingKind.SPECIAL, date=datetime.date(2024, 5, 1))
    client = client_for(p.city_staff)
    page = client.get("/meetings/", {"kind": "special", "year": 2025}).context["page"]
    assert set(page.object_list) == {special}
    page = client.get("/meetings/", {"kind": "plenary"}).context["page"]
    assert set(page.object_list) == {plenary}


def test_meeting_page_shows_agenda_attendance_items_and_minutes(client_for, personas):
    p = personas
    meeting = make_meeting(p, status=MeetingStatus.HELD)
    from meetings import services

    services.add_agenda_item(meeting=meeting, title="研究律师行业工作", by=p.city_staff)
    make_action(p, meeting, text="建立律师行业代表人士信息库。")
    issue(p, meeting, text="会议研究了律师行业统战工作。")
    html = client_for(p.liaison_x).get(f"/meetings/{meeting.pk}/").content.decode()
    for text in (
        "研究律师行业工作",
        "示范市司法局",
        "建立律师行业代表人士信息库。",
        "会议研究了律师行业统战工作。",
        f"〔{days(0).year}〕1号",
        "下载纪要（Word）",
    ):
        assert text in html
    # Liaisons read; they get no staff forms.
    assert "保存出席情况" not in html and "印发会议纪要" not in html


def test_liaison_sees_only_their_units_items_on_the_meeting_page(client_for, personas):
    p = personas
    meeting = make_meeting(p, units=[p.city_lead, p.unit_x, p.unit_y], status=MeetingStatus.HELD)
    mine = make_action(p, meeting, lead=p.unit_x, text="司法局的事项")
    make_action(p, meeting, lead=p.unit_y, text="宣传部的事项")
    response = client_for(p.liaison_x).get(f"/meetings/{meeting.pk}/")
    assert response.context["action_items"] == [mine]
    assert "宣传部的事项" not in response.content.decode()


def test_attendance_form_records_each_unit(client_for, personas):
    p = personas
    meeting = make_meeting(p, status=MeetingStatus.HELD)
    response = client_for(p.city_staff).post(
        f"/meetings/{meeting.pk}/attendance/",
        {
            f"status_{p.city_lead.pk}": "attended",
            f"name_{p.city_lead.pk}": "陈思远",
            f"post_{p.city_lead.pk}": "副部长",
            f"status_{p.unit_x.pk}": "absent",
        },
    )
    assert response.status_code == 302
    assert set(meeting.attendances.values_list("unit_id", "status", "delegate_post")) == {
        (p.city_lead.pk, "attended", "副部长"),
        (p.unit_x.pk, "absent", ""),
    }


def test_attendance_for_a_unit_not_invited_shows_chinese_message(client_for, personas):
    p = personas
    meeting = make_meeting(p, units=[p.city_lead, p.unit_x], status=MeetingStatus.HELD)
    before = snapshot()
    response = client_for(p.city_staff).post(
        f"/meetings/{meeting.pk}/attendance/",
        {
            f"status_{p.unit_x.pk}": "attended",
            f"name_{p.unit_x.pk}": "周立诚",
            f"status_{p.unit_y.pk}": "attended",
            f"name_{p.unit_y.pk}": "林晓岚",
        },
    )
    assert response.status_code == 200
    assert "示范市委宣传部不在本次会议的邀请名单中，不能登记出席情况。" in response.content.decode()
    assert snapshot() == before


def test_mark_held_then_issue_minutes_through_the_pages(client_for, personas):
    p = personas
    meeting = make_meeting(p, date=days(0))
    client = client_for(p.city_staff)
    client.post(f"/meetings/{meeting.pk}/status/", {"status": "held"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    form = client.get(f"/meetings/{meeting.pk}/").context["minutes_form"]
    assert form.initial["number"] == f"〔{days(0).year}〕1号"
    response = client.post(
        f"/meetings/{meeting.pk}/minutes/issue/",
        {
            "number": f"[{days(0).year}]1号",
            "issued_on": str(days(0)),
            "text": "会议纪要正文。",
            "distribution": "市委办公室",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_ISSUED
    assert meeting.minutes.number == f"〔{days(0).year}〕1号"


@pytest.mark.parametrize(
    ("setup", "number", "message"),
    [
        ("planned", None, "会议尚未召开，不能印发会议纪要。"),
        ("duplicate", None, "已用于"),
        ("held", "2026年1号", "文号格式应为〔年份〕序号号，例如〔2026〕1号。"),
    ],
)
def test_bad_minutes_show_chinese_message_and_change_nothing(
    client_for, personas, setup, number, message
):
    p = personas
    if setup == "planned":
        meeting = make_meeting(p, date=days(-1))
    else:
        meeting = make_meeting(p, status=MeetingStatus.HELD)
    if setup == "duplicate":
        issue(p, make_meeting(p, status=MeetingStatus.HELD), serial=1)
    before = snapshot()
    response = client_for(p.city_staff).post(
        f"/meetings/{meeting.pk}/minutes/issue/",
        {
            "number": number or f"〔{days(0).year}〕1号",
            "issued_on": str(days(0)),
            "text": "会议纪要正文。",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before


def test_action_item_due_before_meeting_shows_chinese_message(client_for, personas):
    p = personas
    meeting = make_meeting(p, date=days(-3), status=MeetingStatus.HELD)
    before = snapshot()
    response = client_for(p.city_staff).post(
        f"/meetings/{meeting.pk}/actions/",
        {"text": "事项", "lead_unit": p.unit_x.pk, "due_date": str(days(-4))},
    )
    assert response.status_code == 200
    assert "完成时限不能早于会议日期。" in response.content.decode()
    assert snapshot() == before


def test_action_item_for_a_unit_not_invited_is_refused(client_for, personas):
    p = personas
    meeting = make_meeting(p, units=[p.city_lead, p.unit_x], status=MeetingStatus.HELD)
    before = snapshot()
    response = client_for(p.city_staff).post(
        f"/meetings/{meeting.pk}/actions/",
        {"text": "事项", "lead_unit": p.unit_y.pk, "due_date": str(days(9))},
    )
    assert response.status_code == 200
    assert "lead_unit" in response.context["action_form"].errors
    assert snapshot() == before


def test_edit_page_refuses_meeting_with_issued_minutes(client_for, personas):
    meeting = make_meeting(personas, status=MeetingStatus.MINUTES_ISSUED)
    response = client_for(personas.city_staff).get(f"/meetings/{meeting.pk}/edit/", follow=True)
    assert "会议纪要已印发，会议信息不能再修改。" in response.content.decode()


def test_printable_minutes_page(client_for, personas):
    p = personas
    meeting = make_meeting(p, status=MeetingStatus.HELD)
    make_action(p, meeting, text="建立律师行业代表人士信息库。", due=datetime.date(2099, 6, 30))
    issue(p, meeting, text="会议研究了律师行业统战工作。")
    html = client_for(p.liaison_x).get(f"/meetings/{meeting.pk}/minutes/").content.decode()
    for text in (
        "示范市新的社会阶层人士统战工作联席会议",
        "会议纪要",
        f"〔{days(0).year}〕1号",
        "会议研究了律师行业统战工作。",
        "建立律师行业代表人士信息库。",
        "牵头单位：示范市司法局",
        "2099年6月30日前",
        "抄送：联席会议各成员单位。",
        "data-print",
    ):
        assert text in html


def test_printable_minutes_404_before_issue(client_for, personas):
    meeting = make_meeting(personas, status=MeetingStatus.HELD)
    client = client_for(personas.city_staff)
    assert client.get(f"/meetings/{meeting.pk}/minutes/").status_code == 404
    assert client.get(f"/meetings/{meeting.pk}/minutes.docx").status_code == 404
