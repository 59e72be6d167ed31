"""The meetings services: state changes, their rules and the audit trail."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from meetings import services
from meetings.enums import (
    FOLLOW_UP_AGENDA_TITLE,
    ActionStatus,
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
)
from meetings.models import ActionUpdate, AgendaItem, Attendance
from meetings.services import AttendanceEntry
from tests.meetings.builders import (
    EXE_BYTES,
    PDF_BYTES,
    days,
    issue,
    make_action,
    make_meeting,
    snapshot,
    upload,
)


def _create(p, **overrides):
    values = {
        "region": p.city,
        "kind": MeetingKind.PLENARY,
        "date": days(10),
        "start_time": datetime.time(9),
        "place": "市委统战部三楼会议室",
        "convener": "市委常委、统战部部长 郑文博",
        "by": p.city_staff,
    }
    return services.create_meeting(**{**values, **overrides})


def test_plenary_invites_all_active_member_units_by_default(personas):
    p = personas
    p.unit_y.is_active = False
    p.unit_y.save()
    meeting = _create(p)
    assert set(meeting.invited_units.all()) == {p.city_lead, p.unit_x}
    assert meeting.number == 1
    assert meeting.status == MeetingStatus.PLANNED
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(meeting.pk))
    assert event.user == p.city_staff


def test_special_topic_meeting_invites_the_chosen_units(personas):
    p = personas
    meeting = _create(p, kind=MeetingKind.SPECIAL, invited_units=[p.city_lead, p.unit_y])
    assert set(meeting.invited_units.all()) == {p.city_lead, p.unit_y}


def test_special_topic_meeting_without_units_is_refused(personas):
    with pytest.raises(ValidationError) as caught:
        _create(personas, kind=MeetingKind.SPECIAL)
    assert caught.value.message_dict == {"invited_units": ["专题会议请选择参会单位。"]}


def test_units_of_another_conference_cannot_be_invited(personas):
    before = snapshot()
    with pytest.raises(ValidationError):
        _create(personas, kind=MeetingKind.SPECIAL, invited_units=[personas.lead_a])
    assert snapshot() == before


def test_meeting_numbers_count_per_kind_and_year(personas):
    p = personas
    first = _create(p, date=datetime.date(2025, 3, 1))
    second = _create(p, date=datetime.date(2025, 9, 1))
    special = _create(p, kind=MeetingKind.SPECIAL, invited_units=[p.unit_x], date=second.date)
    next_year = _create(p, date=datetime.date(2026, 3, 1))
    assert [first.number, second.number, special.number, next_year.number] == [1, 2, 1, 1]
    assert second.title.endswith("2025年第2次全体会议")


def test_duplicate_meeting_number_in_a_year_is_refused(personas):
    p = personas
    _create(p, date=datetime.date(2025, 3, 1), number=1)
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        _create(p, date=datetime.date(2025, 9, 1), number=1)
    assert caught.value.messages == ["本联席会议当年已有相同次数的同类会议。"]
    assert snapshot() == before


def test_attendance_for_another_conferences_unit_does_not_name_it(personas):
    p = personas
    meeting = make_meeting(p, status=MeetingStatus.HELD)
    with pytest.raises(ValidationError) as caught:
        services.record_attendance(
            meeting=meeting,
            entries={p.lead_b.pk: AttendanceEntry(AttendanceStatus.EXCUSED)},
            by=p.city_staff,
        )
    assert caught.value.messages == ["所选单位不在本次会议的邀请名单中，不能登记出席情况。"]


def test_open_items_of_earlier_meetings_become_the_first_agenda_item(personas):
    p = personas
    old = make_meeting(p, date=days(-60), status=MeetingStatus.HELD)
    make_action(p, old, due=days(-5))
    meeting = _create(p, agenda=["通报工作情况", "  ", "审议工作要点"], add_follow_up=True)
    agenda = list(meeting.agenda_items.values_list("order", "title", "is_follow_up"))
    assert agenda == [
        (1, FOLLOW_UP_AGENDA_TITLE, True),
        (2, "通报工作情况", False),
        (3, "审议工作要点", False),
    ]


def test_no_follow_up_agenda_item_when_everything_is_done(personas):
    p = personas
    old = make_meeting(p, date=days(-60), status=MeetingStatus.HELD)
    make_action(p, old, status=ActionStatus.DONE)
    meeting = _create(p, agenda=["通报工作情况"], add_follow_up=True)
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["通报工作情况"]


def test_follow_up_can_be_added_later_at_the_top_once(personas):
    p = personas
    meeting = _create(p, agenda=["通报工作情况", "审议工作要点"])
    old = make_meeting(p, date=days(-60), status=MeetingStatus.HELD)
    make_action(p, old)
    services.add_follow_up_agenda_item(meeting=meeting, by=p.city_staff)
    assert list(meeting.agenda_items.values_list("order", "title")) == [
        (1, FOLLOW_UP_AGENDA_TITLE),
        (2, "通报工作情况"),
        (3, "审议工作要点"),
    ]
    with pytest.raises(ValidationError):
        services.add_follow_up_agenda_item(meeting=meeting, by=p.city_staff)


def test_agenda_items_move_and_remove_keep_the_numbering_dense(personas):
    p = personas
    meeting = _create(p, agenda=["甲", "乙", "丙"])
    second = meeting.agenda_items.get(title="乙")
    services.move_agenda_item(item=second, up=True, by=p.city_staff)
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["乙", "甲", "丙"]
    services.remove_agenda_item(item=meeting.agenda_items.get(title="甲"), by=p.city_staff)
    assert list(meeting.agenda_items.values_list("order", "title")) == [(1, "乙"), (2, "丙")]


def test_meeting_cannot_be_marked_held_before_its_day(personas):
    meeting = make_meeting(personas, date=days(1))
    with pytest.raises(ValidationError) as caught:
        services.set_meeting_status(
            meeting=meeting, status=MeetingStatus.HELD, by=personas.city_staff
        )
    assert caught.value.messages == ["会议日期还没到，不能标记为已召开。"]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_minutes_issued_status_is_reached_only_through_issuing_minutes(personas):
    meeting = make_meeting(personas, status=MeetingStatus.HELD)
    with pytest.raises(ValidationError):
        services.set_meeting_status(
            meeting=meeting, status=MeetingStatus.MINUTES_ISSUED, by=personas.city_staff
        )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_marking_held_is_audited_as_a_transition(personas):
    meeting = make_meeting(personas, date=days(0))
    services.set_meeting_status(meeting=meeting, status=MeetingStatus.HELD, by=personas.city_staff)
    event = AuditEvent.objects.get(action=AuditAction.TRANSITION, object_id=str(meeting.pk))
    assert event.detail == {"from": "planned", "to": "held"}


def test_attendance_is_recorded_per_invited_unit(personas):
    p = personas
    meeting = make_meeting(p, status=MeetingStatus.HELD)
    services.record_attendance(
        meeting=meeting,
        entries={
            p.city_lead.pk: AttendanceEntry(AttendanceStatus.ATTENDED, "陈思远", "副部长"),
            p.unit_x.pk: AttendanceEntry(AttendanceStatus.EXCUSED),
        },
        by=p.city_staff,
    )
    rows = set(meeting.attendances.values_list("unit_id", "status", "delegate_name"))
    assert rows == {
        (p.city_lead.pk, "attended", "陈思远"),
        (p.unit_x.pk, "excused", ""),
    }


def test_attendance_for_a_unit_not_invited_is_refused_and_changes_nothing(personas):
    p = personas
    meeting = make_meeting(p, units=[p.city_lead, p.unit_x], status=MeetingStatus.HELD)
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        services.record_attendance(
            meeting=meeting,
            entries={
                p.unit_x.pk: AttendanceEntry(AttendanceStatus.ATTENDED, "周立诚", "副局长"),
                p.unit_y.pk: AttendanceEntry(AttendanceStatus.ATTENDED, "林晓岚", "副部长"),
            },
            by=p.city_staff,
        )
    assert caught.value.messages == ["示范市委宣传部不在本次会议的邀请名单中，不能登记出席情况。"]
    assert snapshot() == before
    assert not Attendance.objects.filter(meeting=meeting, unit=p.unit_y).exists()


def test_attended_unit_needs_a_delegate_name(personas):
    p = personas
    meeting = make_meeting(p, status=MeetingStatus.HELD)
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        services.record_attendance(
            meeting=meeting,
            entries={p.unit_x.pk: AttendanceEntry(AttendanceStatus.ATTENDED)},
            by=p.city_staff,
        )
    assert caught.value.messages == ["示范市司法局：出席的单位请填写参会人员姓名。"]
    assert snapshot() == before


def test_before_the_meeting_only_excuses_and_delegates_are_recorded(personas):
    p = personas
    meeting = make_meeting(p, date=days(5))
    services.record_attendance(
        meeting=meeting,
        entries={p.unit_x.pk: AttendanceEntry(AttendanceStatus.EXCUSED)},
        by=p.city_staff,
    )
    with pytest.raises(ValidationError):
        services.record_attendance(
            meeting=meeting,
            entries={p.city_lead.pk: AttendanceEntry(AttendanceStatus.ATTENDED, "陈思远")},
            by=p.city_staff,
        )
    assert meeting.attendances.get(unit=p.city_lead).status == AttendanceStatus.PENDING


def test_issue_minutes_moves_the_meeting_to_minutes_issued(personas):
    meeting = make_meeting(personas, status=MeetingStatus.HELD)
    minutes = services.issue_minutes(
        meeting=meeting,
        year=days(0).year,
        serial=3,
        text="会议研究了网络意见人士工作。",
        issued_on=days(0),
        distribution="市委办公室",
        by=personas.city_staff,
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_ISSUED
    assert minutes.number == f"〔{days(0).year}〕3号"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="meetings.minutes")


def test_minutes_for_a_meeting_not_yet_held_are_refused(personas):
    meeting = make_meeting(personas, date=days(-1))
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        issue(personas, meeting)
    assert caught.value.messages == ["会议尚未召开，不能印发会议纪要。"]
    assert snapshot() == before


def test_duplicate_minutes_number_is_refused_and_changes_nothing(personas):
    p = personas
    first = make_meeting(p, status=MeetingStatus.HELD)
    issue(p, first, serial=1)
    second = make_meeting(p, status=MeetingStatus.HELD)
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        issue(p, second, serial=1)
    [message] = caught.value.message_dict["number"]
    assert message.startswith(f"文号〔{days(0).year}〕1号已用于")
    assert snapshot() == before


def test_same_minutes_number_is_fine_in_another_conference_or_year(personas):
    p = personas
    issue(p, make_meeting(p, status=MeetingStatus.HELD), serial=1)
    district = make_meeting(p, region=p.district_a, units=[p.lead_a], status=MeetingStatus.HELD)
    assert issue(p, district, serial=1).number == f"〔{days(0).year}〕1号"


def test_minutes_number_year_must_match_issue_date(personas):
    meeting = make_meeting(personas, status=MeetingStatus.HELD)
    with pytest.raises(ValidationError) as caught:
        issue(personas, meeting, year=days(0).year - 1)
    assert caught.value.message_dict["number"] == ["文号年份应与印发日期的年份一致。"]


def test_minutes_cannot_be_issued_twice(personas):
    meeting = make_meeting(personas, status=MeetingStatus.MINUTES_ISSUED)
    with pytest.raises(ValidationError) as caught:
        issue(personas, meeting, serial=9)
    assert caught.value.messages == ["本次会议的纪要已经印发。"]


def test_action_item_due_before_the_meeting_is_refused(personas):
    meeting = make_meeting(personas, date=days(-3), status=MeetingStatus.HELD)
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        make_action(personas, meeting, due=days(-4))
    assert caught.value.message_dict == {"due_date": ["完成时限不能早于会议日期。"]}
    assert snapshot() == before


def test_action_item_due_on_the_meeting_day_is_accepted(personas):
    meeting = make_meeting(personas, date=days(-3), status=MeetingStatus.HELD)
    assert make_action(personas, meeting, due=days(-3)).due_date == days(-3)


def test_action_item_lead_and_co_units_must_be_invited(personas):
    p = personas
    meeting = make_meeting(p, units=[p.city_lead, p.unit_x], status=MeetingStatus.HELD)
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        make_action(p, meeting, lead=p.unit_y)
    assert caught.value.message_dict == {"lead_unit": ["牵头单位须是本次会议的参会单位。"]}
    with pytest.raises(ValidationError) as caught:
        make_action(p, meeting, co_units=[p.unit_y])
    assert caught.value.message_dict == {"co_units": ["配合单位须是本次会议的参会单位。"]}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (MeetingStatus.PLANNED, "会议尚未召开，不能登记议定事项。"),
        (MeetingStatus.MINUTES_ISSUED, "会议纪要已印发，不能再增加议定事项。"),
    ],
)
def test_action_items_only_for_a_held_meeting_without_minutes(personas, status, message):
    meeting = make_meeting(personas, status=status)
    with pytest.raises(ValidationError) as caught:
        make_action(personas, meeting)
    assert caught.value.messages == [message]


def test_first_progress_report_starts_the_item_and_shows_in_the_timeline(personas):
    p = personas
    item = make_action(p, make_meeting(p, status=MeetingStatus.HELD))
    update = services.post_action_update(
        action=item, text="已制定工作方案。", reported_on=days(0), by=p.liaison_x
    )
    item.refresh_from_db()
    assert item.status == ActionStatus.IN_PROGRESS
    assert update.unit == p.unit_x
    timeline = list(item.updates.values_list("new_status", "text", "unit_id"))
    assert timeline == [
        ("", "已制定工作方案。", p.unit_x.pk),
        ("in_progress", "开始办理。", p.unit_x.pk),
    ]


def test_progress_with_attachment_is_stored_under_a_generated_name(personas, settings):
    p = personas
    item = make_action(p, make_meeting(p, status=MeetingStatus.HELD))
    update = services.post_action_update(
        action=item,
        text="报送方案。",
        reported_on=days(0),
        attachment=upload("工作方案.pdf", PDF_BYTES),
        by=p.liaison_x,
    )
    assert update.attachment_name == "工作方案.pdf"
    assert update.attachment_size == len(PDF_BYTES)
    assert "工作方案" not in update.attachment.name
    assert update.attachment.name.startswith("meetings/actions/")
    stored = settings.MEDIA_ROOT / update.attachment.name
    assert stored.read_bytes() == PDF_BYTES


def test_executable_attachment_is_refused_and_nothing_is_stored(personas, settings):
    p = personas
    item = make_action(p, make_meeting(p, status=MeetingStatus.HELD))
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        services.post_action_update(
            action=item,
            text="见附件。",
            reported_on=days(0),
            attachment=upload("进展.pdf", EXE_BYTES),
            by=p.liaison_x,
        )
    assert caught.value.message_dict == {"attachment": ["不能上传可执行文件或脚本。"]}
    assert snapshot() == before
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_progress_dated_in_the_future_is_refused(personas):
    p = personas
    item = make_action(p, make_meeting(p, status=MeetingStatus.HELD))
    with pytest.raises(ValidationError) as caught:
        services.post_action_update(
            action=item, text="提前报送。", reported_on=days(1), by=p.liaison_x
        )
    assert caught.value.message_dict == {"reported_on": ["进展日期不能晚于今天。"]}


@pytest.mark.parametrize("status", [ActionStatus.DONE, ActionStatus.CANCELLED])
def test_no_progress_on_a_closed_item(personas, status):
    p = personas
    item = make_action(p, make_meeting(p, status=MeetingStatus.HELD), status=status)
    with pytest.raises(ValidationError):
        services.post_action_update(action=item, text="补充。", reported_on=days(0), by=p.liaison_x)
    assert not ActionUpdate.objects.filter(action=item).exists()


def test_staff_mark_done_and_reopen_with_timeline_and_audit(personas):
    p = personas
    item = make_action(p, make_meeting(p, status=MeetingStatus.HELD))
    services.set_action_status(action=item, status=ActionStatus.DONE, by=p.city_staff)
    item.refresh_from_db()
    assert (item.status, item.closed_on) == (ActionStatus.DONE, days(0))
    services.set_action_status(action=item, status=ActionStatus.IN_PROGRESS, by=p.city_staff)
    item.refresh_from_db()
    assert (item.status, item.closed_on) == (ActionStatus.IN_PROGRESS, None)
    assert list(item.updates.values_list("new_status", "text")) == [
        ("done", "确认办结。"),
        ("in_progress", "重新打开，继续办理。"),
    ]
    transitions = AuditEvent.objects.filter(
        action=AuditAction.TRANSITION, object_type="meetings.actionitem"
    )
    assert [e.detail["to"] for e in transitions.order_by("id")] == ["done", "in_progress"]


def test_cancelling_needs_a_reason(personas):
    p = personas
    item = make_action(p, make_meeting(p, status=MeetingStatus.HELD))
    with pytest.raises(ValidationError) as caught:
        services.set_action_status(action=item, status=ActionStatus.CANCELLED, by=p.city_staff)
    assert caught.value.message_dict == {"reason": ["撤销议定事项须说明原因。"]}
    services.set_action_status(
        action=item, status=ActionStatus.CANCELLED, reason="工作已并入其他事项。", by=p.city_staff
    )
    item.refresh_from_db()
    assert (item.status, item.cancel_reason) == (ActionStatus.CANCELLED, "工作已并入其他事项。")


def test_transition_outside_the_table_is_refused(personas):
    p = personas
    item = make_action(p, make_meeting(p, status=MeetingStatus.HELD), status=ActionStatus.DONE)
    with pytest.raises(ValidationError):
        services.set_action_status(action=item, status=ActionStatus.OPEN, by=p.city_staff)
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE


def test_invitation_of_a_unit_with_items_cannot_be_withdrawn(personas):
    p = personas
    meeting = make_meeting(p, units=[p.city_lead, p.unit_x, p.unit_y], status=MeetingStatus.HELD)
    make_action(p, meeting, lead=p.unit_x)
    with pytest.raises(ValidationError) as caught:
        services.update_meeting(
            meeting=meeting,
            kind=meeting.kind,
            date=meeting.date,
            start_time=meeting.start_time,
            place=meeting.place,
            convener=meeting.convener,
            invited_units=[p.city_lead, p.unit_y],
            by=p.city_staff,
        )
    assert caught.value.message_dict["invited_units"] == [
        "示范市司法局承担本次会议的议定事项，不能取消邀请。"
    ]
    assert set(meeting.invited_units.all()) == {p.city_lead, p.unit_x, p.unit_y}


def test_update_meeting_changes_invitations(personas):
    p = personas
    meeting = make_meeting(p, units=[p.city_lead, p.unit_x])
    services.update_meeting(
        meeting=meeting,
        kind=meeting.kind,
        title="网络意见人士工作专题会议",
        date=meeting.date,
        start_time=meeting.start_time,
        place="二楼小会议室",
        convener=meeting.convener,
        invited_units=[p.city_lead, p.unit_y],
        by=p.city_staff,
    )
    meeting.refresh_from_db()
    assert (meeting.title, meeting.place) == ("网络意见人士工作专题会议", "二楼小会议室")
    assert set(meeting.invited_units.all()) == {p.city_lead, p.unit_y}


def test_meeting_with_minutes_cannot_be_edited(personas):
    p = personas
    meeting = make_meeting(p, status=MeetingStatus.MINUTES_ISSUED)
    with pytest.raises(ValidationError):
        services.add_agenda_item(meeting=meeting, title="补充议题", by=p.city_staff)
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
