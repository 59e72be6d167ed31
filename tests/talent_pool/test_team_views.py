"""The team records' pages: arrangements, training, key contacts, associations."""

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from talent_pool.models import (
    Association,
    ContactAssignment,
    ContactLog,
    CouncilPost,
    Membership,
    PoliticalArrangement,
    TrainingCourse,
    TrainingParticipant,
)
from tests.talent_pool.builders import make_leader, make_person

TODAY = datetime.date.today()
BASE = "/talent-pool"


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def make_arrangement(person, by, **fields):
    values = {
        "person": person,
        "kind": "cppcc",
        "level": "county",
        "body": "明湖区政协",
        "term": "第五届",
        "sector": "无党派人士",
        "status": "appointed",
        "created_by": by,
    }
    values.update(fields)
    return PoliticalArrangement.objects.create(**values)


def make_course(region, by, **fields):
    values = {
        "title": "理论研修班",
        "organiser": "示范市委统战部",
        "start_date": datetime.date(TODAY.year, 3, 1),
        "end_date": datetime.date(TODAY.year, 3, 5),
        "level": "city",
        "region": region,
        "created_by": by,
    }
    values.update(fields)
    return TrainingCourse.objects.create(**values)


def make_association(region, name="明湖区新联会"):
    return Association.objects.create(
        name=name, region=region, founded_on=datetime.date(2019, 5, 4)
    )


# --- roles without access ---------------------------------------------------------------

PAGES = ["/arrangements/", "/training/", "/contacts/", "/associations/"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ["liaison_x", "auditor", "sysadmin"])
def test_liaisons_and_admins_see_none_of_this(client_for, personas, persona, page):
    assert client_for(getattr(personas, persona)).get(BASE + page).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_list_pages_reject_post(client_for, personas, page):
    assert client_for(personas.staff_a).post(BASE + page).status_code == 405


# --- political arrangements -------------------------------------------------------------


def arrangement_post(**overrides):
    data = {
        "kind": "cppcc",
        "level": "county",
        "body": "明湖区政协",
        "term": "第五届",
        "post": "委员",
        "sector": "无党派人士",
        "start_date": "2022-01-10",
        "end_date": "",
        "status": "appointed",
        "note": "",
    }
    data.update(overrides)
    return data


def test_staff_add_an_arrangement_from_the_person_page(client_for, personas):
    person = make_person(personas.district_a, name="政协甲")
    client = client_for(personas.staff_a)
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert f"{BASE}/arrangements/new/{person.pk}/" in page
    response = client.post(f"{BASE}/arrangements/new/{person.pk}/", arrangement_post())
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/"
    item = PoliticalArrangement.objects.get()
    assert (item.person, item.sector, item.created_by) == (person, "无党派人士", personas.staff_a)
    html = client.get(f"/people/{person.pk}/").content.decode()
    assert "明湖区政协" in html and "无党派人士" in html


def test_arrangement_ending_before_start_gets_a_message(client_for, personas):
    person = make_person(personas.district_a)
    response = client_for(personas.staff_a).post(
        f"{BASE}/arrangements/new/{person.pk}/", arrangement_post(end_date="2021-01-01")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["结束时间不能早于开始时间。"]
    assert not PoliticalArrangement.objects.exists()


def test_arrangement_pages_outside_scope_are_404_and_read_only_403(client_for, personas):
    person = make_person(personas.district_a)
    item = make_arrangement(person, personas.staff_a)
    assert (
        client_for(personas.staff_b).get(f"{BASE}/arrangements/new/{person.pk}/").status_code == 404
    )
    assert (
        client_for(personas.staff_b).get(f"{BASE}/arrangements/{item.pk}/edit/").status_code == 404
    )
    assert (
        client_for(personas.leader).get(f"{BASE}/arrangements/{item.pk}/edit/").status_code == 403
    )
    response = client_for(personas.staff_a).put(f"{BASE}/arrangements/{item.pk}/edit/")
    assert response.status_code == 405


def test_staff_edit_an_arrangement(client_for, personas):
    item = make_arrangement(make_person(personas.district_a), personas.staff_a)
    client_for(personas.staff_a).post(
        f"{BASE}/arrangements/{item.pk}/edit/",
        arrangement_post(status="ended", end_date="2027-01-01"),
    )
    item.refresh_from_db()
    assert (item.status, item.history.count()) == ("ended", 2)


def test_arrangement_list_filters_and_counts(client_for, personas):
    a = make_person(personas.district_a, name="甲")
    b = make_person(personas.district_b, name="乙")
    make_arrangement(a, personas.staff_a)
    make_arrangement(
        a,
        personas.staff_a,
        kind="npc",
        level="city",
        body="示范市人大",
        sector="",
        status="recommended",
    )
    make_arrangement(b, personas.staff_b)
    client = client_for(personas.staff_a)
    response = client.get(f"{BASE}/arrangements/")
    assert {i.person.name for i in response.context["arrangements"]} == {"甲"}
    assert dict(response.context["by_kind"])["政协委员"] == 1
    assert dict(response.context["by_kind"])["人大代表"] == 1
    assert dict(response.context["by_status"])["已推荐"] == 1
    assert response.context["by_term"] == [("第五届", 2)]
    response = client.get(f"{BASE}/arrangements/", {"kind": "npc"})
    assert [i.body for i in response.context["arrangements"]] == ["示范市人大"]
    assert dict(response.context["by_level"]) == {"全国": 0, "省": 0, "市": 1, "县": 0, "乡": 0}
    response = client.get(f"{BASE}/arrangements/", {"term": "第五届", "status": "appointed"})
    assert [i.body for i in response.context["arrangements"]] == ["明湖区政协"]


def test_arrangement_list_query_count(client_for, personas):
    client = client_for(personas.city_staff)
    make_arrangement(make_person(personas.district_a, name="首"), personas.staff_a)
    one = queries(client, f"{BASE}/arrangements/")
    for index in range(29):
        make_arrangement(make_person(personas.district_b, name=f"员{index}"), personas.staff_b)
    assert queries(client, f"{BASE}/arrangements/") == one


def test_arrangement_export(client_for, personas):
    make_arrangement(make_person(personas.district_a, name="甲"), personas.staff_a, note="=1+1")
    make_arrangement(make_person(personas.district_b, name="乙"), personas.staff_b)
    response = client_for(personas.staff_a).get(f"{BASE}/arrangements/export.xlsx")
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[1]][:6] == [
        "甲",
        "中介组织和社会组织从业人员",
        "明湖区",
        "政协委员",
        "县",
        "明湖区政协",
    ]
    assert len(rows) == 2
    assert (rows[1][-1].value, rows[1][-1].data_type) == ("=1+1", "s")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.detail["kind"], event.detail["rows"]) == ("arrangements", 1)
    assert client_for(personas.leader).get(f"{BASE}/arrangements/export.xlsx").status_code == 403


# --- training ---------------------------------------------------------------------------


def test_staff_create_a_course_and_add_participants(client_for, personas):
    client = client_for(personas.staff_a)
    response = client.post(
        f"{BASE}/training/new/",
        {
            "title": "青年代表人士培训班",
            "organiser": "明湖区委统战部",
            "school": "明湖区委党校",
            "start_date": f"{TODAY.year}-04-01",
            "end_date": f"{TODAY.year}-04-03",
            "level": "county",
            "region": personas.district_a.pk,
        },
    )
    course = TrainingCourse.objects.get()
    assert response["Location"] == f"{BASE}/training/{course.pk}/"
    person = make_person(personas.district_a, name="学员甲")
    response = client.get(f"{BASE}/training/{course.pk}/", {"q": "学员甲"})
    assert [p.pk for p in response.context["candidates"]] == [person.pk]
    client.post(f"{BASE}/training/{course.pk}/participants/", {"person": person.pk})
    response = client.post(
        f"{BASE}/training/{course.pk}/participants/", {"person": person.pk}, follow=True
    )
    assert "学员甲：该人员已在本培训班学员名单中。" in response.content.decode()
    assert TrainingParticipant.objects.count() == 1
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "青年代表人士培训班" in page


def test_course_ending_before_start_is_refused(client_for, personas):
    response = client_for(personas.staff_a).post(
        f"{BASE}/training/new/",
        {
            "title": "班",
            "organiser": "统战部",
            "start_date": "2026-04-03",
            "end_date": "2026-04-01",
            "level": "county",
            "region": personas.district_a.pk,
        },
    )
    assert response.context["form"].errors["end_date"] == ["结束日期不能早于开始日期。"]
    assert not TrainingCourse.objects.exists()


def test_person_times_per_course_and_per_year(client_for, personas):
    this_year = make_course(personas.district_a, personas.staff_a)
    last_year = make_course(
        personas.district_a,
        personas.staff_a,
        title="去年班",
        start_date=datetime.date(TODAY.year - 1, 5, 1),
        end_date=datetime.date(TODAY.year - 1, 5, 2),
    )
    people = [make_person(personas.district_a, name=f"学员{i}") for i in range(3)]
    for person in people:
        TrainingParticipant.objects.create(
            course=this_year, person=person, added_by=personas.staff_a
        )
    TrainingParticipant.objects.create(
        course=last_year, person=people[0], added_by=personas.staff_a
    )
    response = client_for(personas.staff_a).get(f"{BASE}/training/")
    assert {c.title: c.person_times for c in response.context["courses"]} == {
        "理论研修班": 3,
        "去年班": 1,
    }
    assert response.context["by_year"] == [(TODAY.year, 1, 3), (TODAY.year - 1, 1, 1)]


def test_person_page_shows_only_the_last_five_years_of_training(client_for, personas):
    person = make_person(personas.district_a)
    old = make_course(
        personas.district_a,
        personas.staff_a,
        title="很久以前的班",
        start_date=datetime.date(TODAY.year - 5, 12, 1),
        end_date=datetime.date(TODAY.year - 5, 12, 2),
    )
    recent = make_course(
        personas.district_a,
        personas.staff_a,
        title="四年前的班",
        start_date=datetime.date(TODAY.year - 4, 1, 1),
        end_date=datetime.date(TODAY.year - 4, 1, 2),
    )
    for course in (old, recent):
        TrainingParticipant.objects.create(course=course, person=person, added_by=personas.staff_a)
    response = client_for(personas.staff_a).get(f"/people/{person.pk}/")
    assert [t.course.title for t in response.context["team_trainings"]] == ["四年前的班"]


def test_course_outside_scope_is_404_and_leader_cannot_add(client_for, personas):
    course = make_course(personas.district_a, personas.staff_a)
    person = make_person(personas.district_a)
    assert client_for(personas.staff_b).get(f"{BASE}/training/{course.pk}/").status_code == 404
    response = client_for(personas.staff_b).post(
        f"{BASE}/training/{course.pk}/participants/", {"person": person.pk}
    )
    assert response.status_code == 404
    assert client_for(personas.leader).get(f"{BASE}/training/{course.pk}/").status_code == 200
    response = client_for(personas.leader).post(
        f"{BASE}/training/{course.pk}/participants/", {"person": person.pk}
    )
    assert response.status_code == 403
    assert client_for(personas.leader).get(f"{BASE}/training/new/").status_code == 403
    assert not TrainingParticipant.objects.exists()


def test_course_list_query_count(client_for, personas):
    client = client_for(personas.city_staff)
    make_course(personas.district_a, personas.staff_a)
    one = queries(client, f"{BASE}/training/")
    person = make_person(personas.district_a)
    for index in range(29):
        course = make_course(
            personas.district_b,
            personas.staff_b,
            title=f"班{index}",
            start_date=datetime.date(TODAY.year - index % 4, 3, 1),
            end_date=datetime.date(TODAY.year - index % 4, 3, 2),
        )
        TrainingParticipant.objects.create(course=course, person=person, added_by=personas.staff_b)
    assert queries(client, f"{BASE}/training/") == one


# --- key contacts -----------------------------------------------------------------------


def assign(leader, person, by, days_ago=0):
    return ContactAssignment.objects.create(
        leader=leader,
        person=person,
        assigned_by=by,
        assigned_on=TODAY - datetime.timedelta(days=days_ago),
    )


def log(assignment, days_ago, by):
    return ContactLog.objects.create(
        assignment=assignment,
        date=TODAY - datetime.timedelta(days=days_ago),
        form="talk",
        learned="情况良好。",
        created_by=by,
    )


def test_leader_sees_their_own_list_with_last_contact_and_overdue(client_for, personas):
    recent = assign(
        personas.leader, make_person(personas.district_a, name="常联系"), personas.staff_a, 400
    )
    stale = assign(
        personas.leader, make_person(personas.district_a, name="久未联系"), personas.staff_a, 400
    )
    never = assign(
        personas.leader, make_person(personas.district_a, name="新列名"), personas.staff_a, 3
    )
    other_leader = make_leader(personas, "leader_b", personas.lead_b)
    assign(other_leader, make_person(personas.district_b, name="别人的"), personas.staff_b)
    log(recent, 10, personas.leader)
    log(stale, 200, personas.leader)
    response = client_for(personas.leader).get(f"{BASE}/contacts/")
    rows = {a.person.name: (a.last_contact, a.overdue) for a in response.context["assignments"]}
    assert rows == {
        "常联系": (TODAY - datetime.timedelta(days=10), False),
        "久未联系": (TODAY - datetime.timedelta(days=200), True),
        "新列名": (None, False),
    }
    assert never.pk in {a.pk for a in response.context["assignments"]}


def test_overdue_period_is_configurable(client_for, personas, settings):
    settings.CONTACT_OVERDUE_DAYS = 5
    assignment = assign(personas.leader, make_person(personas.district_a), personas.staff_a, 30)
    log(assignment, 10, personas.leader)
    response = client_for(personas.leader).get(f"{BASE}/contacts/")
    assert response.context["assignments"][0].overdue is True


def test_staff_see_all_assignments_in_scope(client_for, personas):
    leader_b = make_leader(personas, "leader_b", personas.lead_b)
    assign(personas.leader, make_person(personas.district_a, name="甲"), personas.staff_a)
    assign(leader_b, make_person(personas.district_b, name="乙"), personas.staff_b)
    names = lambda user: {  # noqa: E731
        a.person.name for a in client_for(user).get(f"{BASE}/contacts/").context["assignments"]
    }
    assert names(personas.staff_a) == {"甲"}
    assert names(personas.city_staff) == {"甲", "乙"}


def test_leader_logs_a_talk(client_for, personas):
    assignment = assign(personas.leader, make_person(personas.district_a), personas.staff_a)
    response = client_for(personas.leader).post(
        f"{BASE}/contacts/{assignment.pk}/logs/",
        {
            "date": TODAY.isoformat(),
            "form": "talk",
            "learned": "企业拟扩大招聘。",
            "issues": "融资难",
        },
    )
    assert response.status_code == 302
    saved = ContactLog.objects.get()
    assert (saved.created_by, saved.issues) == (personas.leader, "融资难")


def test_contact_log_in_the_future_gets_a_message(client_for, personas):
    assignment = assign(personas.leader, make_person(personas.district_a), personas.staff_a)
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = client_for(personas.leader).post(
        f"{BASE}/contacts/{assignment.pk}/logs/",
        {"date": tomorrow, "form": "talk", "learned": "x"},
    )
    assert response.status_code == 400
    assert "联系日期不能晚于今天。" in response.content.decode()
    assert not ContactLog.objects.exists()


def test_leader_logging_for_a_person_not_on_their_list_gets_404(client_for, personas):
    other = make_leader(personas, "leader_other", personas.city_lead)
    assignment = assign(other, make_person(personas.district_a), personas.staff_a)
    client = client_for(personas.leader)
    assert client.get(f"{BASE}/contacts/{assignment.pk}/").status_code == 404
    response = client.post(
        f"{BASE}/contacts/{assignment.pk}/logs/",
        {"date": TODAY.isoformat(), "form": "talk", "learned": "x"},
    )
    assert response.status_code == 404
    assert not ContactLog.objects.exists()


def test_staff_assign_a_contact(client_for, personas):
    person = make_person(personas.district_a, name="联系对象")
    client = client_for(personas.staff_a)
    response = client.get(f"{BASE}/contacts/new/", {"q": "联系对象"})
    assert [p.pk for p in response.context["candidates"]] == [person.pk]
    assert personas.leader in response.context["form"].fields["leader"].queryset
    response = client.post(
        f"{BASE}/contacts/new/", {"person": person.pk, "leader": personas.leader.pk}
    )
    assert response.status_code == 302
    assert ContactAssignment.objects.get().leader == personas.leader
    assert client_for(personas.leader).get(f"{BASE}/contacts/new/").status_code == 403


def test_contact_list_query_count(client_for, personas):
    client = client_for(personas.city_staff)
    first = assign(personas.leader, make_person(personas.district_a, name="首"), personas.staff_a)
    log(first, 3, personas.leader)
    one = queries(client, f"{BASE}/contacts/")
    for index in range(29):
        a = assign(
            personas.leader, make_person(personas.district_b, name=f"员{index}"), personas.staff_b
        )
        log(a, index, personas.leader)
    assert queries(client, f"{BASE}/contacts/") == one


# --- associations -----------------------------------------------------------------------


def test_staff_register_an_association_with_charter(client_for, personas):
    charter = SimpleUploadedFile("章程.pdf", b"%PDF-1.4 fictional", content_type="application/pdf")
    response = client_for(personas.staff_a).post(
        f"{BASE}/associations/new/",
        {
            "name": "明湖区新的社会阶层人士联合会",
            "region": personas.district_a.pk,
            "founded_on": "2019-05-04",
            "charter": charter,
        },
    )
    association = Association.objects.get()
    assert response["Location"] == f"{BASE}/associations/{association.pk}/"
    download = client_for(personas.leader).get(f"{BASE}/associations/{association.pk}/charter/")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert (
        client_for(personas.staff_b)
        .get(f"{BASE}/associations/{association.pk}/charter/")
        .status_code
        == 404
    )


def test_charter_must_be_pdf_or_docx(client_for, personas):
    fake = SimpleUploadedFile("章程.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client_for(personas.staff_a).post(
        f"{BASE}/associations/new/",
        {
            "name": "会",
            "region": personas.district_a.pk,
            "founded_on": "2019-05-04",
            "charter": fake,
        },
    )
    assert response.context["form"].errors["charter"] == ["章程只能上传PDF或Word（.docx）文件。"]
    assert not Association.objects.exists()


def test_members_council_and_counts(client_for, personas):
    association = make_association(personas.district_a)
    member = make_person(personas.district_a, name="会长甲")
    outsider = make_person(personas.district_a, name="非会员乙")
    client = client_for(personas.staff_a)
    client.post(
        f"{BASE}/associations/{association.pk}/members/",
        {"person": member.pk, "joined_on": "2019-05-04"},
    )
    response = client.post(
        f"{BASE}/associations/{association.pk}/council/",
        {"person": outsider.pk, "role": "president", "term": "第一届"},
    )
    assert response.status_code == 400
    assert "该人员不是本会会员，不能担任理事会职务。" in response.content.decode()
    assert not CouncilPost.objects.exists()
    client.post(
        f"{BASE}/associations/{association.pk}/council/",
        {"person": member.pk, "role": "president", "term": "第一届"},
    )
    assert CouncilPost.objects.get().person == member
    listing = client.get(f"{BASE}/associations/").context["associations"]
    assert [(a.name, a.member_count) for a in listing] == [("明湖区新联会", 1)]
    page = client.get(f"/people/{member.pk}/").content.decode()
    assert "明湖区新联会" in page and "第一届会长" in page


def test_association_outside_scope_is_404_and_read_only_403(client_for, personas):
    association = make_association(personas.district_a)
    person = make_person(personas.district_a)
    assert (
        client_for(personas.staff_b).get(f"{BASE}/associations/{association.pk}/").status_code
        == 404
    )
    response = client_for(personas.leader).post(
        f"{BASE}/associations/{association.pk}/members/",
        {"person": person.pk, "joined_on": "2020-01-01"},
    )
    assert response.status_code == 403
    assert not Membership.objects.exists()


def test_association_list_query_count(client_for, personas):
    client = client_for(personas.city_staff)
    make_association(personas.district_a)
    one = queries(client, f"{BASE}/associations/")
    for index in range(29):
        association = make_association(personas.district_b, name=f"会{index}")
        Membership.objects.create(
            association=association,
            person=make_person(personas.district_b, name=f"员{index}"),
            joined_on=TODAY,
        )
    assert queries(client, f"{BASE}/associations/") == one
