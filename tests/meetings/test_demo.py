from io import StringIO

import pytest
from django.core.management import call_command

from meetings.enums import ActionStatus, MeetingKind, MeetingStatus
from meetings.models import ActionItem, ActionUpdate, AgendaItem, Attendance, Meeting, Minutes
from tests.meetings.builders import today


def _counts():
    return tuple(
        model.objects.count()
        for model in (Meeting, Attendance, AgendaItem, Minutes, ActionItem, ActionUpdate)
    )


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())


def test_meetings_demo_is_idempotent(demo):
    first = _counts()
    call_command("load_demo", stdout=StringIO())
    assert _counts() == first


def test_demo_has_last_years_plenary_with_minutes_and_done_and_overdue_items(demo):
    plenary = Meeting.objects.get(
        region__name="示范市", kind=MeetingKind.PLENARY, date__year=today().year - 1
    )
    assert plenary.status == MeetingStatus.MINUTES_ISSUED
    assert plenary.minutes.number == f"〔{today().year - 1}〕1号"
    items = plenary.action_items.all()
    assert items.filter(status=ActionStatus.DONE).count() >= 2
    assert items.overdue().count() >= 2
    assert ActionUpdate.objects.filter(action__in=items).exists()


def test_demo_has_special_topic_meeting_on_online_opinion_figures(demo):
    special = Meeting.objects.get(kind=MeetingKind.SPECIAL, title__contains="网络意见人士")
    assert "示范市委宣传部" in {unit.name for unit in special.invited_units.all()}
    assert special.status == MeetingStatus.HELD


def test_demo_has_a_planned_plenary_with_the_follow_up_first(demo):
    planned = Meeting.objects.get(kind=MeetingKind.PLENARY, status=MeetingStatus.PLANNED)
    assert planned.date > today()
    first = planned.agenda_items.order_by("order").first()
    assert first.is_follow_up
