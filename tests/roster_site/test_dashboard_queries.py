"""The dashboard's query count is fixed: the same for 1 row as for 30, pinned to a number.

The figures are aggregates, so more persons, entries, meetings or items never add a query.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.enums import MeetingKind, MeetingStatus
from talent_pool.enums import Tier
from tests.meetings.builders import days, make_action, make_meeting
from tests.people.factories import make_person
from tests.talent_pool.builders import make_entry, make_recommendation

SUBTYPES = ["律师", "注册会计师", "自由摄影师", "新媒体采编人员", "民营企业管理人员"]

# Pinned: a change here is a change in the page's cost; look at why before updating.
# Each count includes the 5 queries of the session and the user (read, then the session
# saved on every request: savepoint, update, release).
# (+2 since the arrangement chart and the key-contacts card read their own counts.)
STAFF_QUERIES = 23
STAFF_CHOSEN_REGION_QUERIES = 24
LIAISON_QUERIES = 10
MINIMAL_QUERIES = 5


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_rows(p, n, start=0):
    """Add n of everything the dashboard counts, spread over the regions and kinds."""
    regions = [p.district_a, p.street_a1, p.district_b, p.city]
    for i in range(start, start + n):
        region = regions[i % len(regions)]
        person = make_person(
            region,
            name=f"测试{i}",
            subtype_name=SUBTYPES[i % len(SUBTYPES)],
            birth_date=datetime.date(1950 + i % 50, 1 + i % 12, 1 + i % 28),
            affiliation=f"{1 + i % 13:02d}",
            highest_education=["11", "14", "20", "30", ""][i % 5],
        )
        pool = p.district_a if region == p.street_a1 else region
        make_entry(person, pool, tier=[Tier.REPRESENTATIVE, Tier.RESERVE][i % 2])
        make_recommendation(p.unit_x, p.city, by=p.liaison_x, person=person, tier=Tier.RESERVE)
        meeting = make_meeting(
            p,
            kind=[MeetingKind.SPECIAL, MeetingKind.LIAISON][i % 2],
            date=days(-20 - i),
            status=MeetingStatus.HELD,
            units=[p.city_lead, p.unit_x, p.unit_y],
        )
        make_action(p, meeting, due=days(-10 + i), co_units=[p.unit_y])


@pytest.mark.parametrize(
    ("user", "region", "pinned"),
    [
        ("city_staff", None, STAFF_QUERIES),
        ("staff_a", None, STAFF_QUERIES),
        ("leader", None, STAFF_QUERIES - 1),  # no recommendations for leaders
        ("city_staff", "district_a", STAFF_CHOSEN_REGION_QUERIES),
    ],
)
def test_dashboard_query_count_is_the_same_for_1_and_30_rows(
    client_for, personas, user, region, pinned
):
    client = client_for(getattr(personas, user))
    params = {"region": getattr(personas, region).pk} if region else {}
    add_rows(personas, 1)
    one = count_queries(client, "/", params)
    add_rows(personas, 29, start=1)
    thirty = count_queries(client, "/", params)
    assert one == thirty == pinned


def test_liaison_start_page_query_count_is_the_same_for_1_and_30_rows(client_for, personas):
    client = client_for(personas.liaison_x)
    add_rows(personas, 1)
    one = count_queries(client, "/")
    add_rows(personas, 29, start=1)
    make_meeting(personas, date=days(7))
    thirty = count_queries(client, "/")
    assert one == thirty == LIAISON_QUERIES


@pytest.mark.parametrize("role", ["auditor", "sysadmin", "secadmin"])
def test_minimal_start_page_reads_nothing_but_the_session(client_for, personas, role):
    add_rows(personas, 3)
    assert count_queries(client_for(getattr(personas, role)), "/") == MINIMAL_QUERIES


def test_statistics_export_query_count_is_the_same_for_1_and_30_rows(client_for, personas):
    client = client_for(personas.city_staff)
    add_rows(personas, 1)
    one = count_queries(client, "/statistics.xlsx")
    add_rows(personas, 29, start=1)
    thirty = count_queries(client, "/statistics.xlsx")
    assert one == thirty


def test_the_figures_are_live_after_every_change(client_for, personas):
    """No cache: a person added, archived or moved shows on the next page and export."""
    from people.models import Person
    from people.services import archive_person
    from tests.roster_site.test_dashboard_export import sheet_rows

    def total(user, **params):
        return client_for(user).get("/", params).context["persons_total"]

    add_rows(personas, 4)
    assert total(personas.city_staff) == 4
    add_rows(personas, 4, start=4)
    assert total(personas.city_staff) == 8
    export = client_for(personas.city_staff).get("/statistics.xlsx")
    assert sheet_rows(export, "说明")[1] == ["在册人员", 8]
    # Persons 0, 1, 4, 5 are in 明湖区 or its street; 2, 6 in 青山区; 3, 7 in the city.
    assert total(personas.staff_a) == 4
    archive_person(person=Person.objects.get(name="测试0"), by=personas.city_staff)
    Person.objects.filter(name="测试2").update(region=personas.district_a)
    assert total(personas.staff_a) == 4
    assert total(personas.staff_b) == 1
    assert total(personas.city_staff) == 7
    assert total(personas.city_staff, region=personas.district_b.pk) == 1
