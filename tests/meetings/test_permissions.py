"""The meetings predicates over every role and state."""

import datetime
from types import SimpleNamespace

import pytest

from meetings.enums import ActionStatus, MeetingStatus
from meetings.permissions import (
    can_be_marked_held,
    can_change_action_status,
    can_issue_minutes,
    can_manage_meetings,
    can_report_progress,
    can_take_action_items,
    is_meeting_editable,
)

ROLES = ["city_staff", "liaison_x", "leader", "auditor", "sysadmin"]
TODAY = datetime.date(2026, 5, 20)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("city_staff", True), ("liaison_x", False), ("leader", False), ("auditor", False),
     ("sysadmin", False)],
)  # fmt: skip
def test_can_manage_meetings_only_for_staff(personas, role, expected):
    assert can_manage_meetings(getattr(personas, role)) is expected


@pytest.mark.parametrize(
    ("status", "editable", "issue", "items"),
    [
        (MeetingStatus.PLANNED, True, False, False),
        (MeetingStatus.HELD, True, True, True),
        (MeetingStatus.MINUTES_ISSUED, False, False, False),
    ],
)
def test_meeting_state_predicates(status, editable, issue, items):
    meeting = SimpleNamespace(status=status, date=TODAY)
    assert is_meeting_editable(meeting) is editable
    assert can_issue_minutes(meeting) is issue
    assert can_take_action_items(meeting) is items


@pytest.mark.parametrize(
    ("status", "date", "expected"),
    [
        (MeetingStatus.PLANNED, TODAY, True),
        (MeetingStatus.PLANNED, TODAY - datetime.timedelta(days=1), True),
        (MeetingStatus.PLANNED, TODAY + datetime.timedelta(days=1), False),
        (MeetingStatus.HELD, TODAY, False),
        (MeetingStatus.MINUTES_ISSUED, TODAY, False),
    ],
)
def test_can_be_marked_held_only_planned_and_on_or_after_the_day(status, date, expected):
    assert can_be_marked_held(SimpleNamespace(status=status, date=date), TODAY) is expected


# role -> may report progress on an open item
REPORTERS = {"city_staff": True, "liaison_x": True, "leader": False, "auditor": False,
             "sysadmin": False}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", list(ActionStatus))
def test_can_report_progress_by_role_and_state(personas, role, status):
    action = SimpleNamespace(status=status)
    expected = REPORTERS[role] and status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
    assert can_report_progress(getattr(personas, role), action) is expected


# (from, to) pairs staff may make; everything else is refused for everyone.
ALLOWED = {
    (ActionStatus.OPEN, ActionStatus.IN_PROGRESS),
    (ActionStatus.OPEN, ActionStatus.DONE),
    (ActionStatus.OPEN, ActionStatus.CANCELLED),
    (ActionStatus.IN_PROGRESS, ActionStatus.DONE),
    (ActionStatus.IN_PROGRESS, ActionStatus.CANCELLED),
    (ActionStatus.DONE, ActionStatus.IN_PROGRESS),
    (ActionStatus.CANCELLED, ActionStatus.IN_PROGRESS),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("old", list(ActionStatus))
@pytest.mark.parametrize("new", list(ActionStatus))
def test_can_change_action_status_table(personas, role, old, new):
    expected = role == "city_staff" and (old, new) in ALLOWED
    action = SimpleNamespace(status=old)
    assert can_change_action_status(getattr(personas, role), action, new) is expected
