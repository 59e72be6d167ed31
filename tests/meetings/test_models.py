import datetime

import pytest
from django.db import IntegrityError, transaction

from meetings.enums import ActionStatus, MeetingKind, MeetingStatus
from meetings.models import ActionItem, Meeting, Minutes
from tests.meetings.builders import days, make_action, make_meeting


@pytest.mark.parametrize(
    ("status", "due_in", "overdue"),
    [
        (ActionStatus.OPEN, -1, True),
        (ActionStatus.IN_PROGRESS, -1, True),
        (ActionStatus.DONE, -1, False),
        (ActionStatus.CANCELLED, -1, False),
        (ActionStatus.OPEN, 0, False),
        (ActionStatus.IN_PROGRESS, 1, False),
    ],
)
def test_action_item_overdue_is_computed_from_due_date_and_status(
    personas, status, due_in, overdue
):
    meeting = make_meeting(personas, date=days(-10), status=MeetingStatus.HELD)
    item = make_action(personas, meeting, due=days(due_in), status=status)
    assert item.is_overdue is overdue
    assert (item in ActionItem.objects.overdue()) is overdue


def test_overdue_is_not_a_stored_column():
    names = {field.name for field in ActionItem._meta.get_fields()}
    assert not {"overdue", "is_overdue"} & names


def test_action_item_overdue_changes_with_the_day_without_saving(personas):
    meeting = make_meeting(personas, date=days(-10), status=MeetingStatus.HELD)
    item = make_action(personas, meeting, due=days(0))
    assert item.overdue(days(0)) is False
    assert item.overdue(days(1)) is True


def test_database_refuses_duplicate_minutes_number_in_a_conference_year(personas):
    first = make_meeting(personas, status=MeetingStatus.HELD)
    second = make_meeting(personas, status=MeetingStatus.HELD)
    Minutes.objects.create(
        meeting=first, region=personas.city, year=2026, serial=1, text="甲", issued_on=days(0)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Minutes.objects.create(
            meeting=second, region=personas.city, year=2026, serial=1, text="乙", issued_on=days(0)
        )


def test_database_refuses_cancelled_item_without_reason(personas):
    meeting = make_meeting(personas, status=MeetingStatus.HELD)
    item = make_action(personas, meeting)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionItem.objects.filter(pk=item.pk).update(status=ActionStatus.CANCELLED)


def test_database_refuses_same_meeting_number_in_a_year(personas):
    make_meeting(personas, kind=MeetingKind.PLENARY, date=datetime.date(2025, 3, 1), number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            region=personas.city,
            kind=MeetingKind.PLENARY,
            number=1,
            title="重复",
            date=datetime.date(2025, 9, 1),
            start_time=datetime.time(9),
            place="会议室",
            convener="某某",
        )


def test_meeting_short_name_and_conference_name(personas):
    meeting = make_meeting(personas, kind=MeetingKind.PLENARY, date=datetime.date(2025, 3, 1))
    assert meeting.short_name == "2025年第1次全体会议"
    assert meeting.conference_name == "示范市新的社会阶层人士统战工作联席会议"
    assert meeting.title == "示范市新的社会阶层人士统战工作联席会议2025年第1次全体会议"
