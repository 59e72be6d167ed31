import datetime

import pytest

from meetings import selectors
from meetings.enums import ActionStatus, MeetingKind, MeetingStatus
from meetings.models import Meeting
from tests.meetings.builders import days, make_action, make_meeting


@pytest.fixture
def world(personas):
    """A meeting of each conference; only unit X is invited to the city's special meeting."""
    p = personas
    return {
        "city_x": make_meeting(p, units=[p.city_lead, p.unit_x], status=MeetingStatus.HELD),
        "city_y": make_meeting(p, units=[p.city_lead, p.unit_y]),
        "district_a": make_meeting(p, region=p.district_a, units=[p.lead_a]),
        "district_b": make_meeting(p, region=p.district_b, units=[p.lead_b]),
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("city_staff", {"city_x", "city_y", "district_a", "district_b"}),
        ("leader", {"city_x", "city_y", "district_a", "district_b"}),
        ("staff_a", {"district_a"}),
        ("staff_b", {"district_b"}),
        ("liaison_x", {"city_x"}),
        ("liaison_y", {"city_y"}),
        ("auditor", set()),
        ("sysadmin", set()),
    ],
)
def test_meetings_visible_to_each_role(personas, world, role, expected):
    visible = set(selectors.meetings_visible_to(getattr(personas, role)))
    assert visible == {world[key] for key in expected}


@pytest.fixture
def items(personas, world):
    p = personas
    meeting = world["city_x"]
    # Unit Y is not invited to city_x; give it an item through a meeting it attends.
    both = make_meeting(p, units=[p.city_lead, p.unit_x, p.unit_y], status=MeetingStatus.HELD)
    district = world["district_a"]
    from meetings import services

    services.set_meeting_status(meeting=district, status=MeetingStatus.HELD, by=p.staff_a)
    return {
        "x_lead": make_action(p, meeting, lead=p.unit_x),
        "lead_only": make_action(p, meeting, lead=p.city_lead),
        "y_lead_x_co": make_action(p, both, lead=p.unit_y, co_units=[p.unit_x]),
        "y_lead": make_action(p, both, lead=p.unit_y),
        "district": make_action(p, district, lead=p.lead_a),
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("city_staff", {"x_lead", "lead_only", "y_lead_x_co", "y_lead", "district"}),
        ("leader", {"x_lead", "lead_only", "y_lead_x_co", "y_lead", "district"}),
        ("staff_a", {"district"}),
        ("staff_b", set()),
        ("liaison_x", {"x_lead", "y_lead_x_co"}),
        ("liaison_y", {"y_lead_x_co", "y_lead"}),
        ("auditor", set()),
        ("sysadmin", set()),
    ],
)
def test_action_items_visible_to_each_role(personas, items, role, expected):
    visible = list(selectors.action_items_visible_to(getattr(personas, role)))
    assert len(visible) == len(set(visible)), "an item is listed twice"
    assert set(visible) == {items[key] for key in expected}


def _plenary(p, region, units, date, status):
    meeting = make_meeting(p, region=region, units=units, kind=MeetingKind.PLENARY, date=date)
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    return meeting


def test_plenary_rule_counts_held_plenaries_of_this_year_per_conference(personas):
    p = personas
    year = datetime.date.today().year
    jan, feb = datetime.date(year, 1, 10), datetime.date(year, 2, 10)
    _plenary(p, p.city, [p.city_lead], jan, MeetingStatus.MINUTES_ISSUED)
    _plenary(p, p.city, [p.city_lead], feb, MeetingStatus.HELD)
    _plenary(p, p.city, [p.city_lead], datetime.date(year, 12, 30), MeetingStatus.PLANNED)
    _plenary(p, p.city, [p.city_lead], datetime.date(year - 1, 5, 1), MeetingStatus.HELD)
    for n in range(3):
        _plenary(p, p.district_a, [p.lead_a], jan + datetime.timedelta(days=n), "held")
    make_meeting(p, region=p.district_b, units=[p.lead_b], date=jan, status=MeetingStatus.HELD)
    rows = {
        row["region"].name: (row["held"], row["planned"], row["verdict"])
        for row in selectors.plenary_rule(p.city_staff, year=year)
    }
    assert rows == {
        "示范市": (2, 1, "ok"),
        "明湖区": (3, 0, "over"),
        "青山区": (0, 0, "short"),  # a special-topic meeting is not a plenary
    }


def test_plenary_rule_for_district_staff_shows_only_their_conference(personas):
    rows = selectors.plenary_rule(personas.staff_b)
    assert [(row["region"], row["held"], row["verdict"]) for row in rows] == [
        (personas.district_b, 0, "short")
    ]


@pytest.mark.parametrize(("held_days_ago", "flagged"), [(13, False), (14, False), (15, True)])
def test_minutes_overdue_after_14_days(personas, held_days_ago, flagged):
    meeting = make_meeting(personas, date=days(-held_days_ago), status=MeetingStatus.HELD)
    assert meeting.minutes_overdue() is flagged
    assert selectors.minutes_overdue_count(personas.city_staff) == int(flagged)


def test_minutes_issued_meeting_is_never_flagged(personas):
    meeting = make_meeting(personas, date=days(-40), status=MeetingStatus.MINUTES_ISSUED)
    assert meeting.minutes_overdue() is False
    assert selectors.minutes_overdue_count(personas.city_staff) == 0


def test_earlier_open_items_lists_open_items_of_earlier_meetings_only(personas):
    p = personas
    old = make_meeting(p, date=days(-60), status=MeetingStatus.HELD)
    open_item = make_action(p, old, due=days(-1))
    progress = make_action(p, old, status=ActionStatus.IN_PROGRESS)
    make_action(p, old, status=ActionStatus.DONE)
    make_action(p, old, status=ActionStatus.CANCELLED)
    current = make_meeting(p, date=days(-1), status=MeetingStatus.HELD)
    current_item = make_action(p, current)
    later = make_meeting(p, date=days(5))
    assert set(selectors.earlier_open_items(p.city_staff, current)) == {open_item, progress}
    assert set(selectors.earlier_open_items(p.city_staff, later)) == {
        open_item,
        progress,
        current_item,
    }
    assert set(selectors.earlier_open_items(p.city_staff, old)) == set()
    assert set(selectors.earlier_open_items(p.staff_b, p.city)) == set()
