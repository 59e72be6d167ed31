"""The talent-pool sections of the person page /people/<pk>/."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.talent_pool.builders import make_entry, make_person, make_recommendation


def test_person_page_shows_pool_entries_and_recommendations(client_for, personas):
    person = make_person(personas.district_a, name="页面")
    make_entry(person, personas.district_a, recommended_by=personas.unit_x)
    make_entry(person, personas.city, tier="reserve")
    make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x, person=person)
    response = client_for(personas.staff_a).get(f"/people/{person.pk}/")
    html = response.content.decode()
    assert [e.region.name for e in response.context["team_pool_entries"]] == ["明湖区"]
    assert "示范市司法局推荐列入明湖区人才库" in html
    response = client_for(personas.city_staff).get(f"/people/{person.pk}/")
    assert {e.region.name for e in response.context["team_pool_entries"]} == {"示范市", "明湖区"}


def test_leader_sees_pool_entries_but_no_recommendations(client_for, personas):
    person = make_person(personas.district_a, name="页面")
    make_entry(person, personas.district_a)
    make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x, person=person)
    response = client_for(personas.leader).get(f"/people/{person.pk}/")
    assert len(response.context["team_pool_entries"]) == 1
    assert response.context["team_recommendations"] == []


def _queries(client, person) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/people/{person.pk}/").status_code == 200
    return len(queries)


def test_person_page_query_count_does_not_grow_with_pool_records(client_for, personas):
    from units.enums import RegionLevel
    from units.models import Region

    person = make_person(personas.district_a, name="页面")
    client = client_for(personas.city_staff)
    make_entry(person, personas.district_a)
    one = _queries(client, person)
    make_entry(person, personas.city)
    for index in range(4):
        region = Region.objects.create(
            code=f"33991{index}",
            name=f"新区{index}",
            level=RegionLevel.COUNTY,
            parent=personas.city,
        )
        make_entry(person, region)
        make_recommendation(personas.unit_x, region, by=personas.liaison_x, person=person)
    assert _queries(client, person) == one
