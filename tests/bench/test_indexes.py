"""The PostgreSQL planner uses each roster index for the queries the roster really runs.

The queries are captured from the list page (as city staff) and explained as they were
sent. The tables are small here, so sequential scans are switched off for the test's
transaction: the question is whether an index serves the query, not which plan wins on
a few hundred rows (``make bench`` measures that at a million).
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.models import Person
from tests.personas import build_personas

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="EXPLAIN of PostgreSQL-only indexes; these run in CI's PostgreSQL pass",
)


@pytest.fixture(scope="module")
def roster(django_db_setup, django_db_blocker):
    """Build the personas and 20,000 persons once for the module; roll them back after.

    The planner chooses as it would at a million only when the table is not tiny; each
    test runs in a savepoint inside this transaction.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        personas = build_personas()
        call_command("generate_roster", persons=20_000, verbosity=0)
        archived = Person.objects.order_by("id").values_list("id", flat=True)[:50]
        Person.objects.filter(id__in=list(archived)).update(archived_at=timezone.now())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE people_person, units_region, people_subtype")
        yield personas
        transaction.set_rollback(True)


def plans_of_list_page(client, params) -> str:
    """Return the plans of every roster query that the list page runs for params."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/people/", params)
    assert response.status_code == 200
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in captured.captured_queries:
            if '"people_person"' not in query["sql"] or not query["sql"].startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert plans, "the list page ran no roster query"
    return "\n\n".join(plans)


def used_indexes(plan: str) -> set[str]:
    # "Index Scan using x on t", "Index Only Scan Backward using x on t", "Bitmap Index Scan on x"
    pattern = r"(?:Index|Index Only|Bitmap Index) Scan(?: Backward)? (?:using|on) (\w+)"
    return set(re.findall(pattern, plan))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"person_live_name"}),
        ({"page": "5"}, {"person_live_name"}),
        ({"sort": "-name"}, {"person_live_name"}),
        ({"sort": "age"}, {"person_live_birth_date"}),
        ({"sort": "-updated"}, {"person_live_updated"}),
        ({"archived": "archived"}, {"person_archived_name"}),
        ({"q": "张伟明"}, {"person_name_trgm", "person_work_unit_trgm"}),
        ({"q": "示范智造"}, {"person_name_trgm", "person_work_unit_trgm"}),
        ({"q": "张伟"}, {"person_short_grams"}),
        ({"q": "王"}, {"person_short_grams"}),
        ({"q": "3399021985"}, {"person_id_number_prefix"}),
    ],
)
def test_list_and_search_use_their_index(db, client_for, roster, params, expected):
    plan = plans_of_list_page(client_for(roster.city_staff), params)
    assert expected <= used_indexes(plan), plan


def test_district_and_category_filter_uses_the_category_index(db, client_for, roster):
    params = {"region": str(roster.district_a.pk), "category": "enterprise"}
    plan = plans_of_list_page(client_for(roster.city_staff), params)
    assert "person_live_category_name" in used_indexes(plan), plan


@pytest.mark.parametrize("text", ["zhangwei", "zw"])
def test_pinyin_and_initials_search_use_the_prefix_indexes(db, client_for, roster, text):
    # Django names these varchar_pattern_ops indexes itself (db_index=True on the fields).
    plan = plans_of_list_page(client_for(roster.city_staff), {"q": text})
    used = used_indexes(plan)
    assert any(re.fullmatch(r"people_person_name_pinyin_\w+_like", name) for name in used), plan
    assert any(re.fullmatch(r"people_person_name_initials_\w+_like", name) for name in used), plan


def test_search_results_are_the_same_as_the_plain_substring_match(db, client_for, roster):
    client = client_for(roster.city_staff)
    for text in ("张伟", "王", "伟", "智造", "张伟明"):
        response = client.get("/people/", {"q": text})
        shown = {p.pk for p in response.context["persons"]}
        expected = Person.objects.live().filter(name__contains=text) | Person.objects.live().filter(
            work_unit__contains=text
        )
        expected_ids = list(expected.order_by("name_pinyin", "id").values_list("id", flat=True))
        assert response.context["count"] == min(len(expected_ids), 10_000), text
        assert shown == set(expected_ids[:30]), text
        assert [p.pk for p in response.context["persons"]] == expected_ids[:30], text


def test_the_dashboard_reads_the_tallies_through_their_key(db, client_for, roster):
    """The composition is summed from people_persontally through (trait, region, value)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_persontally")
    with CaptureQueriesContext(connection) as captured:
        response = client_for(roster.city_staff).get("/")
    assert response.status_code == 200
    tally_queries = [
        q["sql"] for q in captured.captured_queries if '"people_persontally"' in q["sql"]
    ]
    assert len(tally_queries) == 2
    assert not [q for q in captured.captured_queries if 'FROM "people_person"' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in tally_queries:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "person_tally_unique_key" in plan, plan
