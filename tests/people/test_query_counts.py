"""The roster's pages issue the same number of queries for 1 row as for 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import EducationRecord, FamilyMember, WorkHistory
from tests.people.factories import make_person

SUBTYPES = ["律师", "注册会计师", "自由摄影师", "新媒体采编人员", "民营企业管理人员"]


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("params", [{}, {"q": "zw"}, {"category": "intermediary", "sort": "-name"}])
def test_list_query_count_is_the_same_for_1_and_30_rows(client_for, personas, params):
    client = client_for(personas.city_staff)
    make_person(personas.district_a, name="张伟", subtype_name="律师")
    one = count_queries(client, "/people/", params)
    for i in range(29):
        region = [personas.district_a, personas.street_a1, personas.district_b][i % 3]
        make_person(region, name=f"张{'伟卫文'[i % 3]}{i}", subtype_name="律师")
    thirty = count_queries(client, "/people/", params)
    assert one == thirty


def test_detail_query_count_is_the_same_for_1_and_30_child_rows(client_for, personas):
    client = client_for(personas.city_staff)
    person = make_person(personas.district_a)

    def add_rows(n, start):
        for i in range(start, start + n):
            EducationRecord.objects.create(person=person, school=f"学校{i}", education="20")
            WorkHistory.objects.create(
                person=person, start_date=f"{1990 + i}-01-01", unit_and_post=f"单位{i}"
            )
            FamilyMember.objects.create(person=person, relation="子女", name=f"家人{i}")
            person.position = f"职务{i}"
            person.version += 1
            person.save()

    add_rows(1, 0)
    one = count_queries(client, f"/people/{person.pk}/")
    add_rows(29, 1)
    thirty = count_queries(client, f"/people/{person.pk}/")
    assert one == thirty


def test_edit_form_query_count_is_the_same_for_1_and_30_child_rows(client_for, personas):
    client = client_for(personas.city_staff)
    person = make_person(personas.district_a)
    EducationRecord.objects.create(person=person, school="学校", education="20")
    one = count_queries(client, f"/people/{person.pk}/edit/")
    for i in range(29):
        EducationRecord.objects.create(person=person, school=f"学校{i}", education="20")
    thirty = count_queries(client, f"/people/{person.pk}/edit/")
    assert one == thirty


def test_the_filter_choices_are_read_without_a_server_side_cursor(client_for, personas):
    """Django reads model choices with .iterator(): a cursor declared per list on PostgreSQL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(personas.city_staff)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/people/")
    assert response.status_code == 200
    assert "律师" in response.content.decode()  # the sub-type choices are there
    declared = [q["sql"] for q in ctx.captured_queries if "DECLARE" in q["sql"].upper()]
    assert declared == []
