"""Pinned query counts: the same number of queries with 1 row and with 30 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import services
from meetings.enums import MeetingKind, MeetingStatus
from tests.meetings.builders import PDF_BYTES, days, make_action, make_meeting, upload
from units.enums import UnitKind
from units.models import MemberUnit


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries.captured_queries)


def _units(p, n):
    """Return n units of the city's conference (unit X first)."""
    extra = [
        MemberUnit(name=f"示范市测试单位{i}", region=p.city, kind=UnitKind.GOVERNMENT, order=i)
        for i in range(max(0, n - 1))
    ]
    return [p.unit_x, *MemberUnit.objects.bulk_create(extra)]


def _meetings(p, n):
    for i in range(n):
        meeting = make_meeting(
            p, kind=MeetingKind.SPECIAL, date=days(-20 - i), status=MeetingStatus.HELD
        )
        make_action(p, meeting, due=days(-1))
        if i % 2:
            services.issue_minutes(
                meeting=meeting,
                year=days(0).year,
                serial=i,
                text="纪要。",
                issued_on=days(0),
                by=p.city_staff,
            )


def _full_meeting(p, n):
    """A held meeting with n invited units, n agenda items and n items, and n earlier items."""
    units = _units(p, n)
    earlier = make_meeting(p, units=units, date=days(-60), status=MeetingStatus.HELD)
    meeting = make_meeting(p, units=units, status=MeetingStatus.HELD)
    for i, unit in enumerate(units):
        services.add_agenda_item(meeting=meeting, title=f"议题{i}", by=p.city_staff)
        make_action(p, earlier, lead=unit)
        make_action(p, meeting, lead=unit, co_units=[p.unit_x] if unit != p.unit_x else [])
    services.add_follow_up_agenda_item(meeting=meeting, by=p.city_staff)
    return meeting


def _actions(p, n):
    units = _units(p, n)
    meeting = make_meeting(p, units=units, status=MeetingStatus.HELD)
    for unit in units:
        item = make_action(p, meeting, lead=p.unit_x, co_units=[unit] if unit != p.unit_x else [])
        services.post_action_update(
            action=item,
            text="进展。",
            reported_on=days(0),
            attachment=upload("a.pdf", PDF_BYTES),
            by=p.liaison_x,
        )


@pytest.mark.parametrize("role", ["city_staff", "liaison_x"])
def test_meeting_list_query_count_is_pinned(client_for, personas, role):
    client = client_for(getattr(personas, role))
    _meetings(personas, 1)
    one = _count(client, "/meetings/")
    _meetings(personas, 29)
    assert len(client.get("/meetings/").context["page"].object_list) == 30
    assert _count(client, "/meetings/") == one
    assert one == PINNED["list", role]


@pytest.mark.parametrize("role", ["city_staff", "liaison_x"])
def test_meeting_page_query_count_is_pinned(client_for, personas, role):
    client = client_for(getattr(personas, role))
    small = _full_meeting(personas, 1)
    one = _count(client, f"/meetings/{small.pk}/")
    big = _full_meeting(personas, 30)
    response = client.get(f"/meetings/{big.pk}/")
    assert len(response.context["attendances"]) == 30
    assert _count(client, f"/meetings/{big.pk}/") == one
    assert one == PINNED["meeting", role]


@pytest.mark.parametrize("role", ["city_staff", "liaison_x"])
def test_action_list_query_count_is_pinned(client_for, personas, role):
    client = client_for(getattr(personas, role))
    _actions(personas, 1)
    one = _count(client, "/meetings/actions/")
    _actions(personas, 29)
    assert len(client.get("/meetings/actions/").context["page"].object_list) == 30
    assert _count(client, "/meetings/actions/") == one
    assert one == PINNED["actions", role]


# Session, user and unit lookups included; a change here is a change in the pages' reads.
PINNED = {
    ("list", "city_staff"): 11,
    ("list", "liaison_x"): 10,
    ("meeting", "city_staff"): 16,
    ("meeting", "liaison_x"): 12,
    ("actions", "city_staff"): 14,
    ("actions", "liaison_x"): 11,
}
