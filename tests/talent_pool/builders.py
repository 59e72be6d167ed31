"""Builders of recommendations and pool entries for the talent-pool tests."""

import datetime

from people.models import SubType
from talent_pool.enums import RecommendationState, Tier
from talent_pool.models import PoolEntry, Recommendation, RecommendationEvent, person_to_data
from tests.people.factories import id_for, make_person

__all__ = ["id_for", "make_person", "make_recommendation", "make_entry", "new_person_data"]


def new_person_data(region, *, name="周律新", id_number=None, **overrides) -> dict:
    """Return the stored registration data of a new (not yet saved) lawyer."""
    from people.models import Person

    subtype = SubType.objects.get(name="律师")
    person = Person(
        name=name,
        id_number=id_number or id_for(datetime.date(1986, 5, 12), address=region.code[:6]),
        category=subtype.category,
        subtype=subtype,
        region=region,
        work_unit="示范明理律师事务所",
        position="合伙人",
        mobile="13900001111",
        **overrides,
    )
    person.full_clean(validate_constraints=False)
    return person_to_data(person)


def make_recommendation(
    unit,
    region,
    *,
    by,
    person=None,
    state=RecommendationState.SUBMITTED,
    tier=Tier.REPRESENTATIVE,
    data=None,
    submitted_at=None,
) -> Recommendation:
    """Create a recommendation directly in a state (bypassing the workflow)."""
    if person is None:
        data = data or new_person_data(unit.region)
        fields = {
            "is_new_person": True,
            "person_data": data,
            "name": data["name"],
            "id_number": data["id_number"],
            "category": data["category"],
            "subtype_id": data["subtype"],
        }
    else:
        fields = {
            "person": person,
            "name": person.name,
            "id_number": person.id_number,
            "category": person.category,
            "subtype_id": person.subtype_id,
        }
    recommendation = Recommendation.objects.create(
        unit=unit,
        region=region,
        state=state,
        requested_tier=tier,
        reasons="执业十年，积极参与公益法律服务。",
        created_by=by,
        submitted_at=submitted_at
        or (None if state == RecommendationState.DRAFT else datetime.datetime.now(datetime.UTC)),
        **fields,
    )
    if state != RecommendationState.DRAFT:
        RecommendationEvent.objects.create(
            recommendation=recommendation,
            from_state=RecommendationState.DRAFT,
            to_state=RecommendationState.SUBMITTED,
            by=by,
        )
    return recommendation


def make_entry(person, region, *, tier=Tier.REPRESENTATIVE, **fields) -> PoolEntry:
    entry = PoolEntry(person=person, region=region, tier=tier, **fields)
    entry.full_clean()
    entry.save()
    return entry


def make_leader(personas, username="leader_a", unit=None):
    from tests.personas import make_user

    return make_user(username, "leader", unit or personas.lead_a)
