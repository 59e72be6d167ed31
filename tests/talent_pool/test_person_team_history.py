"""The person page's history lists the changes of the person's team records too."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from talent_pool.models import CouncilPost, Membership, TrainingParticipant
from talent_pool.selectors import person_team_history
from tests.talent_pool.builders import make_person
from tests.talent_pool.test_team_views import make_arrangement, make_association, make_course


def add_team_records(personas, person, index=0):
    arrangement = make_arrangement(person, personas.staff_a, body=f"明湖区政协{index}")
    course = make_course(personas.district_a, personas.staff_a, title=f"理论研修班{index}")
    TrainingParticipant.objects.create(course=course, person=person, added_by=personas.staff_a)
    association = make_association(personas.district_a, name=f"明湖区新联会{index}")
    Membership.objects.create(
        association=association, person=person, joined_on=datetime.date(2024, 1, 1)
    )
    CouncilPost.objects.create(association=association, person=person, role="vice", term="第一届")
    return arrangement


def history_rows(response) -> list[tuple[str, str, str]]:
    return [
        (str(entry["section"]), str(entry["type"]), entry.get("summary", ""))
        for entry in response.context["history"]
    ]


def test_team_record_changes_show_in_the_person_history(client_for, personas):
    person = make_person(personas.district_a, name="履历")
    arrangement = add_team_records(personas, person)
    arrangement.status = "ended"
    arrangement.save()
    response = client_for(personas.staff_a).get(f"/people/{person.pk}/")
    rows = history_rows(response)
    assert ("政治安排", "已修改", "明湖区政协0政协委员") in rows
    assert ("政治安排", "已创建", "明湖区政协0政协委员") in rows
    assert ("培训学员", "已创建", "理论研修班0") in rows
    assert ("会员", "已创建", "明湖区新联会0") in rows
    assert ("理事会职务", "已创建", "明湖区新联会0第一届副会长") in rows
    # Newest first, the person's own creation last.
    dates = [entry["date"] for entry in response.context["history"]]
    assert dates == sorted(dates, reverse=True)
    html = response.content.decode()
    assert "明湖区新联会0第一届副会长" in html


def test_staff_of_another_district_get_404_and_no_history(client_for, personas):
    person = make_person(personas.district_a, name="履历")
    add_team_records(personas, person)
    response = client_for(personas.staff_b).get(f"/people/{person.pk}/")
    assert response.status_code == 404
    assert "明湖区新联会0" not in response.content.decode()


def test_roles_that_do_not_read_team_records_get_none(personas):
    person = make_person(personas.district_a, name="履历")
    add_team_records(personas, person)
    assert person_team_history(personas.liaison_x, person) == []
    assert len(person_team_history(personas.staff_a, person)) == 4


def test_the_history_costs_the_same_queries_for_1_and_5_records(client_for, personas):
    person = make_person(personas.district_a, name="履历")
    client = client_for(personas.city_staff)
    add_team_records(personas, person)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/people/{person.pk}/").status_code == 200
        return len(captured)

    one = count()
    for index in range(1, 5):
        add_team_records(personas, person, index)
    assert count() == one
