"""Who may do what with meetings and action items, and in which state.

Scope (which meetings and items a user may see at all) is the selectors' question; these
predicates answer the rest: the role's capability and the object's state.
"""

from accounts.permissions import Cap, has_cap
from meetings.enums import ActionStatus, MeetingStatus

# Allowed status changes of a meeting. A held meeting reaches "minutes issued" only
# through issuing its minutes.
MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    MeetingStatus.PLANNED: frozenset({MeetingStatus.HELD}),
    MeetingStatus.HELD: frozenset({MeetingStatus.MINUTES_ISSUED}),
    MeetingStatus.MINUTES_ISSUED: frozenset(),
}

# Allowed status changes of an action item; done and cancelled items can be reopened.
ACTION_TRANSITIONS: dict[str, frozenset[str]] = {
    ActionStatus.OPEN: frozenset(
        {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CANCELLED}
    ),
    ActionStatus.IN_PROGRESS: frozenset({ActionStatus.DONE, ActionStatus.CANCELLED}),
    ActionStatus.DONE: frozenset({ActionStatus.IN_PROGRESS}),
    ActionStatus.CANCELLED: frozenset({ActionStatus.IN_PROGRESS}),
}


def can_manage_meetings(user) -> bool:
    """Return whether the user may create and change meetings (staff)."""
    return has_cap(user, Cap.EDIT_MEETINGS)


def is_meeting_editable(meeting) -> bool:
    """Return whether the meeting's details, invitations and agenda may still change."""
    return meeting.status in (MeetingStatus.PLANNED, MeetingStatus.HELD)


def can_be_marked_held(meeting, today) -> bool:
    """Return whether a planned meeting may be recorded as held (its day has come)."""
    return meeting.status == MeetingStatus.PLANNED and meeting.date <= today


def can_issue_minutes(meeting) -> bool:
    """Return whether minutes may be issued for the meeting: held, none issued yet."""
    return meeting.status == MeetingStatus.HELD


def can_take_action_items(meeting) -> bool:
    """Return whether agreed items may be added: the meeting was held, minutes not issued."""
    return meeting.status == MeetingStatus.HELD


def can_report_progress(user, action) -> bool:
    """Return whether the user may post a progress update on a (visible) action item."""
    return has_cap(user, Cap.UPDATE_ACTIONS) and action.status not in (
        ActionStatus.DONE,
        ActionStatus.CANCELLED,
    )


def can_change_action_status(user, action, new_status: str) -> bool:
    """Return whether the user may move the action item to new_status (staff only)."""
    return has_cap(user, Cap.EDIT_MEETINGS) and new_status in ACTION_TRANSITIONS.get(
        action.status, frozenset()
    )
