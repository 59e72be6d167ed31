"""Services and model rules of the team records."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from people.services import archive_person
from talent_pool.enums import ArrangementKind, ArrangementStatus, ContactForm, CouncilRole, Level
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
from talent_pool.services import (
    add_council_post,
    add_member,
    add_participant,
    assign_contact,
    log_contact,
    save_arrangement,
    save_course,
)
from tests.talent_pool.builders import make_leader, make_person

TODAY = datetime.date.today()


def arrangement(person, **fields):
    values = {
        "person": person,
        "kind": ArrangementKind.CPPCC,
        "level": Level.COUNTY,
        "body": "明湖区政协",
        "term": "第五届",
        "post": "委员",
        "sector": "无党派人士",
        "start_date": datetime.date(2022, 1, 10),
        "status": ArrangementStatus.APPOINTED,
    }
    values.update(fields)
    return PoliticalArrangement(**values)


def course(personas, **fields):
    values = {
        "title": "新的社会阶层人士理论研修班",
        "organiser": "示范市委统战部",
        "school": "示范市社会主义学院",
        "start_date": datetime.date(TODAY.year, 3, 1),
        "end_date": datetime.date(TODAY.year, 3, 5),
        "level": Level.CITY,
        "region": personas.district_a,
    }
    values.update(fields)
    return TrainingCourse(**values)


def test_arrangement_is_saved_with_history(personas):
    person = make_person(personas.district_a)
    saved = save_arrangement(arrangement=arrangement(person), by=personas.staff_a)
    assert (saved.created_by, saved.history.count()) == (personas.staff_a, 1)


def test_arrangement_ending_before_it_starts_is_refused(personas):
    person = make_person(personas.district_a)
    bad = arrangement(person, end_date=datetime.date(2021, 12, 31))
    with pytest.raises(ValidationError) as exc:
        save_arrangement(arrangement=bad, by=personas.staff_a)
    assert exc.value.message_dict["end_date"] == ["结束时间不能早于开始时间。"]
    assert not PoliticalArrangement.objects.exists()


def test_arrangement_period_is_also_a_database_rule(personas):
    person = make_person(personas.district_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        arrangement(person, end_date=datetime.date(2021, 1, 1), created_by=personas.staff_a).save()


def test_sector_only_for_cppcc_and_ended_needs_end_date(personas):
    person = make_person(personas.district_a)
    with pytest.raises(ValidationError) as exc:
        save_arrangement(
            arrangement=arrangement(person, kind=ArrangementKind.NPC, status="ended"),
            by=personas.staff_a,
        )
    assert exc.value.message_dict == {
        "sector": ["界别只适用于政协委员。"],
        "end_date": ["已届满/卸任的安排须填写结束时间。"],
    }


@pytest.mark.parametrize("persona", ["staff_b", "leader", "liaison_x"])
def test_arrangement_is_written_by_staff_of_the_region_only(personas, persona):
    person = make_person(personas.district_a)
    with pytest.raises(PermissionDenied):
        save_arrangement(arrangement=arrangement(person), by=getattr(personas, persona))


def test_no_new_records_for_an_archived_person(personas):
    person = make_person(personas.district_a)
    archive_person(person=person, by=personas.staff_a)
    with pytest.raises(ValidationError, match="已归档"):
        save_arrangement(arrangement=arrangement(person), by=personas.staff_a)


def test_course_ending_before_it_starts_is_refused(personas):
    with pytest.raises(ValidationError) as exc:
        save_course(
            course=course(personas, end_date=datetime.date(TODAY.year, 2, 1)), by=personas.staff_a
        )
    assert exc.value.message_dict["end_date"] == ["结束日期不能早于开始日期。"]


def test_duplicate_participant_is_refused(personas):
    saved = save_course(course=course(personas), by=personas.staff_a)
    person = make_person(personas.district_a, name="学员甲")
    add_participant(course=saved, person=person, by=personas.staff_a)
    with pytest.raises(ValidationError) as exc:
        add_participant(course=saved, person=person, by=personas.staff_a)
    assert exc.value.messages == ["学员甲：该人员已在本培训班学员名单中。"]
    assert TrainingParticipant.objects.count() == 1


def test_assign_contact_checks_the_leaders_scope(personas):
    person = make_person(personas.district_b, name="乙")
    leader_a = make_leader(personas)
    with pytest.raises(ValidationError, match="工作范围不包括乙所在区划"):
        assign_contact(leader=leader_a, person=person, by=personas.city_staff)
    with pytest.raises(ValidationError, match="联系领导须为领导或统战部工作人员"):
        assign_contact(leader=personas.liaison_x, person=person, by=personas.city_staff)
    assignment = assign_contact(leader=personas.leader, person=person, by=personas.staff_b)
    assert assignment.leader == personas.leader
    with pytest.raises(ValidationError, match="该领导已列名联系此人员"):
        assign_contact(leader=personas.leader, person=person, by=personas.staff_b)
    assert ContactAssignment.objects.count() == 1


def _log(assignment, **fields):
    values = {
        "assignment": assignment,
        "date": TODAY,
        "form": ContactForm.TALK,
        "learned": "企业经营平稳。",
    }
    values.update(fields)
    return ContactLog(**values)


def test_leader_logs_a_contact_on_their_list(personas):
    person = make_person(personas.district_a)
    assignment = assign_contact(leader=personas.leader, person=person, by=personas.staff_a)
    log = log_contact(log=_log(assignment), by=personas.leader)
    assert (log.created_by, log.history.count()) == (personas.leader, 1)


def test_contact_log_in_the_future_is_refused(personas):
    person = make_person(personas.district_a)
    assignment = assign_contact(leader=personas.leader, person=person, by=personas.staff_a)
    with pytest.raises(ValidationError) as exc:
        log_contact(
            log=_log(assignment, date=TODAY + datetime.timedelta(days=1)), by=personas.leader
        )
    assert exc.value.message_dict["date"] == ["联系日期不能晚于今天。"]
    assert not ContactLog.objects.exists()


def test_another_leader_cannot_log_on_someone_elses_list(personas):
    person = make_person(personas.district_a)
    assignment = assign_contact(leader=personas.leader, person=person, by=personas.staff_a)
    other = make_leader(personas, "leader_other", personas.city_lead)
    with pytest.raises(PermissionDenied):
        log_contact(log=_log(assignment), by=other)


def test_council_post_needs_membership(personas):
    association = Association.objects.create(
        name="明湖区新联会", region=personas.district_a, founded_on=datetime.date(2019, 5, 4)
    )
    member = make_person(personas.district_a, name="会员")
    outsider = make_person(personas.district_a, name="非会员")
    add_member(association=association, person=member, joined_on=TODAY, by=personas.staff_a)
    post = CouncilPost(
        association=association, person=outsider, role=CouncilRole.PRESIDENT, term="第一届"
    )
    with pytest.raises(ValidationError) as exc:
        add_council_post(post=post, by=personas.staff_a)
    assert exc.value.message_dict["person"] == ["该人员不是本会会员，不能担任理事会职务。"]
    assert not CouncilPost.objects.exists()
    post.person = member
    add_council_post(post=post, by=personas.staff_a)
    assert CouncilPost.objects.get().person == member


def test_a_person_joins_an_association_once(personas):
    association = Association.objects.create(
        name="明湖区新联会", region=personas.district_a, founded_on=datetime.date(2019, 5, 4)
    )
    person = make_person(personas.district_a, name="会员")
    add_member(association=association, person=person, joined_on=TODAY, by=personas.staff_a)
    with pytest.raises(ValidationError, match="会员：该人员已是本会会员"):
        add_member(association=association, person=person, joined_on=TODAY, by=personas.staff_a)
    assert Membership.objects.count() == 1
