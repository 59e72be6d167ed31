import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from people.models import Person
from people.services import archive_person
from talent_pool.enums import EntryStatus, RecommendationState, Tier
from talent_pool.models import PoolEntry, Quota, Recommendation, RecommendationEvent
from talent_pool.services import OverTarget, save_recommendation, set_recommendation_state
from tests.talent_pool.builders import (
    id_for,
    make_entry,
    make_person,
    make_recommendation,
    new_person_data,
)

State = RecommendationState


def snapshot():
    """Return what a refused action must leave unchanged."""
    return (
        Person.objects.count(),
        PoolEntry.objects.count(),
        list(Recommendation.objects.order_by("pk").values_list("pk", "state", "person_id")),
        RecommendationEvent.objects.count(),
    )


def draft(personas, **fields) -> Recommendation:
    data = fields.pop("data", None) or new_person_data(personas.district_a)
    return Recommendation(
        region=fields.pop("region", personas.district_a),
        requested_tier=Tier.REPRESENTATIVE,
        reasons="执业十年，积极参与公益法律服务。",
        is_new_person=True,
        person_data=data,
        **fields,
    )


# --- saving a draft -------------------------------------------------------------------


def test_save_recommendation_takes_the_unit_from_the_liaison_not_the_data(personas):
    rec = draft(personas, unit=personas.unit_y)
    saved = save_recommendation(recommendation=rec, by=personas.liaison_x)
    saved.refresh_from_db()
    assert (saved.unit, saved.state, saved.created_by) == (
        personas.unit_x,
        State.DRAFT,
        personas.liaison_x,
    )
    assert saved.name == "周律新"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(saved.pk)).exists()


def test_save_recommendation_normalises_the_new_person_like_the_roster(personas):
    number = id_for(datetime.date(1990, 1, 2), address="339902")
    data = new_person_data(personas.district_a)
    data.update({"id_number": " " + number.lower() + " ", "sex": "", "birth_date": None})
    saved = save_recommendation(recommendation=draft(personas, data=data), by=personas.liaison_x)
    assert saved.id_number == number.upper()
    assert saved.person_data["birth_date"] == "1990-01-02"
    assert saved.person_data["sex"] in ("1", "2")


def test_save_recommendation_rejects_a_bad_id_number_and_saves_nothing(personas):
    data = new_person_data(personas.district_a)
    data["id_number"] = data["id_number"][:17] + ("0" if data["id_number"][17] != "0" else "1")
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        save_recommendation(recommendation=draft(personas, data=data), by=personas.liaison_x)
    assert exc.value.messages == ["人员信息：证件号码：身份证号码校验码不正确，请核对号码。"]
    assert snapshot() == before


def test_save_recommendation_refuses_a_number_already_on_the_roster(personas):
    person = make_person(personas.district_a, name="王在册")
    data = new_person_data(personas.district_a, id_number=person.id_number)
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        save_recommendation(recommendation=draft(personas, data=data), by=personas.liaison_x)
    assert "王在册" in exc.value.message_dict["id_number"][0]
    assert snapshot() == before


def test_save_recommendation_refuses_a_region_outside_the_unit(personas):
    from units.enums import UnitKind
    from units.models import MemberUnit

    unit_a = MemberUnit.objects.create(
        name="明湖区司法局", region=personas.district_a, kind=UnitKind.GOVERNMENT
    )
    from tests.personas import make_user

    liaison = make_user("liaison_a", "unit_liaison", unit_a)
    with pytest.raises(ValidationError) as exc:
        save_recommendation(recommendation=draft(personas, region=personas.city), by=liaison)
    assert exc.value.message_dict["region"] == ["只能推荐列入本单位所在区划及其下级的人才库。"]
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("persona", ["city_staff", "leader", "auditor"])
def test_save_recommendation_is_refused_to_non_liaisons(personas, persona):
    with pytest.raises(PermissionDenied):
        save_recommendation(recommendation=draft(personas), by=getattr(personas, persona))
    assert not Recommendation.objects.exists()


def test_another_units_liaison_cannot_edit(personas):
    rec = save_recommendation(recommendation=draft(personas), by=personas.liaison_x)
    rec.reasons = "改写"
    with pytest.raises(PermissionDenied):
        save_recommendation(recommendation=rec, by=personas.liaison_y)
    rec.refresh_from_db()
    assert rec.reasons == "执业十年，积极参与公益法律服务。"


def test_a_submitted_recommendation_cannot_be_edited(personas):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    rec.reasons = "改写"
    with pytest.raises(ValidationError, match="不能再修改"):
        save_recommendation(recommendation=rec, by=personas.liaison_x)


def test_an_archived_person_cannot_be_recommended(personas):
    person = make_person(personas.district_a)
    archive_person(person=person, by=personas.city_staff)
    rec = Recommendation(
        region=personas.district_a,
        requested_tier=Tier.RESERVE,
        reasons="理由",
        person=person,
    )
    with pytest.raises(ValidationError) as exc:
        save_recommendation(recommendation=rec, by=personas.liaison_x)
    assert exc.value.message_dict["person"] == ["该人员已归档，不能推荐。"]


# --- transitions ----------------------------------------------------------------------


def test_submit_records_who_when_and_audits(personas):
    rec = save_recommendation(recommendation=draft(personas), by=personas.liaison_x)
    rec = set_recommendation_state(rec, State.SUBMITTED, by=personas.liaison_x)
    assert rec.state == State.SUBMITTED and rec.submitted_at is not None
    event = rec.events.get()
    assert (event.from_state, event.to_state, event.by) == (
        State.DRAFT,
        State.SUBMITTED,
        personas.liaison_x,
    )
    audit = AuditEvent.objects.get(action=AuditAction.TRANSITION)
    assert audit.detail == {"from": "draft", "to": "submitted", "comment": ""}


def test_liaison_accepting_their_own_recommendation_is_denied(personas):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        set_recommendation_state(rec, State.ACCEPTED, by=personas.liaison_x)
    assert snapshot() == before


def test_staff_of_another_district_cannot_decide(personas):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    with pytest.raises(PermissionDenied):
        set_recommendation_state(rec, State.ACCEPTED, by=personas.staff_b)


def test_return_needs_a_comment_and_keeps_it(personas):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    before = snapshot()
    with pytest.raises(ValidationError, match="退回时请填写意见"):
        set_recommendation_state(rec, State.RETURNED, by=personas.staff_a, comment="  ")
    assert snapshot() == before
    rec = set_recommendation_state(
        rec, State.RETURNED, by=personas.staff_a, comment="请补充执业年限。"
    )
    assert rec.state == State.RETURNED
    assert rec.events.last().comment == "请补充执业年限。"


def test_reject_needs_a_reason(personas):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    with pytest.raises(ValidationError, match="不予通过时请填写理由"):
        set_recommendation_state(rec, State.REJECTED, by=personas.staff_a)
    rec = set_recommendation_state(rec, State.REJECTED, by=personas.staff_a, comment="不符合标准")
    assert (rec.state, rec.decided_by) == (State.REJECTED, personas.staff_a)


def test_returned_cannot_be_accepted_without_resubmission(personas):
    rec = make_recommendation(
        personas.unit_x, personas.district_a, by=personas.liaison_x, state=State.RETURNED
    )
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        set_recommendation_state(rec, State.ACCEPTED, by=personas.staff_a)
    assert exc.value.messages == ["该推荐已退回推荐单位，须由推荐单位修改并重新提交后才能审核。"]
    assert snapshot() == before


def test_staff_cannot_submit_for_the_unit(personas):
    rec = make_recommendation(
        personas.unit_x, personas.district_a, by=personas.liaison_x, state=State.DRAFT
    )
    with pytest.raises(PermissionDenied):
        set_recommendation_state(rec, State.SUBMITTED, by=personas.staff_a)


def test_nobody_moves_a_recommendation_back_to_draft(personas):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    for user in (personas.liaison_x, personas.staff_a):
        with pytest.raises(PermissionDenied):
            set_recommendation_state(rec, State.DRAFT, by=user)


# --- accepting --------------------------------------------------------------------------


def test_accepting_a_new_person_creates_person_and_entry_with_provenance(personas):
    data = new_person_data(personas.district_a, name="郑新律")
    rec = make_recommendation(
        personas.unit_x, personas.district_a, by=personas.liaison_x, data=data
    )
    rec = set_recommendation_state(rec, State.ACCEPTED, by=personas.staff_a)

    person = Person.objects.get(id_number=data["id_number"])
    assert (person.name, person.work_unit, person.mobile, person.region) == (
        "郑新律",
        "示范明理律师事务所",
        "13900001111",
        personas.district_a,
    )
    entry = PoolEntry.objects.get(person=person)
    assert (entry.region, entry.tier, entry.status, entry.recommended_by, entry.recommendation) == (
        personas.district_a,
        Tier.REPRESENTATIVE,
        EntryStatus.ACTIVE,
        personas.unit_x,
        rec,
    )
    assert (rec.state, rec.person, rec.decided_by) == (State.ACCEPTED, person, personas.staff_a)
    assert person.history.first().history_change_reason == "根据示范市司法局的推荐录入"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert actions == {AuditAction.CREATE, AuditAction.TRANSITION}


def test_accepting_can_change_the_tier(personas):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    set_recommendation_state(rec, State.ACCEPTED, by=personas.staff_a, tier=Tier.RESERVE)
    assert PoolEntry.objects.get().tier == Tier.RESERVE


def test_a_second_accept_is_refused_and_duplicates_nothing(personas):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    set_recommendation_state(rec, State.ACCEPTED, by=personas.staff_a)
    before = snapshot()
    with pytest.raises(ValidationError, match="已审核通过入库"):
        set_recommendation_state(rec, State.ACCEPTED, by=personas.city_staff)
    assert snapshot() == before


def test_accepting_an_existing_person_updates_their_record(personas):
    person = make_person(personas.district_a, name="钱在册")
    rec = make_recommendation(
        personas.unit_x, personas.district_a, by=personas.liaison_x, person=person
    )
    rec.political_performance = "积极参加统一战线各项活动。"
    rec.save()
    set_recommendation_state(rec, State.ACCEPTED, by=personas.staff_a)
    person.refresh_from_db()
    assert person.political_performance == "积极参加统一战线各项活动。"
    assert person.version == 2
    assert Person.objects.count() == 1
    assert PoolEntry.objects.get().person == person


def test_accepting_an_archived_person_is_refused(personas):
    person = make_person(personas.district_a)
    rec = make_recommendation(
        personas.unit_x, personas.district_a, by=personas.liaison_x, person=person
    )
    archive_person(person=person, by=personas.city_staff)
    before = snapshot()
    with pytest.raises(ValidationError, match="已归档"):
        set_recommendation_state(rec, State.ACCEPTED, by=personas.staff_a)
    assert snapshot() == before


def test_accepting_someone_already_in_that_pool_is_refused(personas):
    person = make_person(personas.district_a, name="孙在库")
    make_entry(person, personas.district_a)
    rec = make_recommendation(
        personas.unit_x, personas.district_a, by=personas.liaison_x, person=person
    )
    before = snapshot()
    with pytest.raises(ValidationError, match="孙在库已在明湖区人才库中"):
        set_recommendation_state(rec, State.ACCEPTED, by=personas.staff_a)
    assert snapshot() == before


def test_a_person_may_be_in_a_district_pool_and_the_city_pool(personas):
    person = make_person(personas.district_a)
    make_entry(person, personas.district_a)
    rec = make_recommendation(personas.unit_x, personas.city, by=personas.liaison_x, person=person)
    set_recommendation_state(rec, State.ACCEPTED, by=personas.city_staff)
    assert set(person.pool_entries.values_list("region__name", flat=True)) == {"明湖区", "示范市"}


def test_accepting_when_the_number_reached_the_roster_meanwhile_is_refused(personas):
    data = new_person_data(personas.district_a)
    rec = make_recommendation(
        personas.unit_x, personas.district_a, by=personas.liaison_x, data=data
    )
    make_person(
        personas.district_a,
        name="吴先录",
        id_number=data["id_number"],
        birth_date=datetime.date(1986, 5, 12),
    )
    before = snapshot()
    with pytest.raises(ValidationError, match="吴先录"):
        set_recommendation_state(rec, State.ACCEPTED, by=personas.staff_a)
    assert snapshot() == before


def test_accepting_beyond_the_target_asks_and_writes_nothing_until_confirmed(personas):
    Quota.objects.create(region=personas.district_a, tier=Tier.REPRESENTATIVE, minimum=0, target=1)
    make_entry(make_person(personas.district_a, name="已在库"), personas.district_a)
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    before = snapshot()
    with pytest.raises(OverTarget) as exc:
        set_recommendation_state(rec, State.ACCEPTED, by=personas.staff_a)
    assert "已有1人，达到或超过目标人数1人" in exc.value.message
    # The new person created before the check was rolled back with everything else.
    assert snapshot() == before
    set_recommendation_state(rec, State.ACCEPTED, by=personas.staff_a, confirm_over_target=True)
    assert PoolEntry.objects.filter(region=personas.district_a, status="active").count() == 2


def test_submit_is_refused_when_the_number_reached_the_roster_meanwhile(personas):
    data = new_person_data(personas.district_a)
    rec = make_recommendation(
        personas.unit_x, personas.district_a, by=personas.liaison_x, data=data, state=State.RETURNED
    )
    make_person(
        personas.district_a,
        name="冯先录",
        id_number=data["id_number"],
        birth_date=datetime.date(1986, 5, 12),
    )
    with pytest.raises(ValidationError, match="冯先录"):
        set_recommendation_state(rec, State.SUBMITTED, by=personas.liaison_x)
    rec.refresh_from_db()
    assert rec.state == State.RETURNED


def test_resubmission_moves_the_queue_date(personas):
    old = timezone.now() - datetime.timedelta(days=10)
    rec = make_recommendation(
        personas.unit_x,
        personas.district_a,
        by=personas.liaison_x,
        state=State.RETURNED,
        submitted_at=old,
    )
    rec = set_recommendation_state(rec, State.SUBMITTED, by=personas.liaison_x)
    assert rec.submitted_at > old
