import pytest

from talent_pool.enums import RecommendationState
from talent_pool.selectors import (
    find_person_by_id_number,
    pending_recommendations_for,
    pool_entries_visible_to,
    recommendations_visible_to,
)
from tests.talent_pool.builders import make_entry, make_person, make_recommendation

State = RecommendationState


@pytest.fixture
def data(personas):
    a = make_entry(make_person(personas.district_a, name="甲"), personas.district_a)
    b = make_entry(make_person(personas.district_b, name="乙"), personas.district_b)
    c = make_entry(a.person, personas.city)
    recs = {
        "x_a": make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x),
        "x_draft": make_recommendation(
            personas.unit_x, personas.district_a, by=personas.liaison_x, state=State.DRAFT
        ),
        "y_b": make_recommendation(personas.unit_y, personas.district_b, by=personas.liaison_y),
        "y_city": make_recommendation(personas.unit_y, personas.city, by=personas.liaison_y),
    }
    return {"a": a, "b": b, "c": c, **recs}


ENTRIES = {
    "city_staff": {"a", "b", "c"},
    "staff_a": {"a"},
    "staff_b": {"b"},
    "leader": {"a", "b", "c"},
    "liaison_x": set(),
    "liaison_y": set(),
    "auditor": set(),
    "sysadmin": set(),
    "secadmin": set(),
}
RECOMMENDATIONS = {
    "city_staff": {"x_a", "y_b", "y_city"},
    "staff_a": {"x_a"},
    "staff_b": {"y_b"},
    "leader": set(),
    "liaison_x": {"x_a", "x_draft"},
    "liaison_y": {"y_b", "y_city"},
    "auditor": set(),
    "sysadmin": set(),
    "secadmin": set(),
}


@pytest.mark.parametrize("persona", sorted(ENTRIES))
def test_pool_entries_visible_to(personas, data, persona):
    visible = set(pool_entries_visible_to(getattr(personas, persona)).values_list("pk", flat=True))
    assert visible == {data[key].pk for key in ENTRIES[persona]}


@pytest.mark.parametrize("persona", sorted(RECOMMENDATIONS))
def test_recommendations_visible_to(personas, data, persona):
    user = getattr(personas, persona)
    visible = set(recommendations_visible_to(user).values_list("pk", flat=True))
    assert visible == {data[key].pk for key in RECOMMENDATIONS[persona]}


def test_find_person_by_id_number_is_exact_and_scoped(personas):
    from tests.personas import make_user
    from units.enums import UnitKind
    from units.models import MemberUnit

    person = make_person(personas.district_b, name="乙")
    assert find_person_by_id_number(personas.liaison_x, person.id_number.lower()) == person
    assert find_person_by_id_number(personas.liaison_x, person.id_number[:10]) is None
    unit_a = MemberUnit.objects.create(
        name="明湖区司法局", region=personas.district_a, kind=UnitKind.GOVERNMENT
    )
    liaison_a = make_user("liaison_a", "unit_liaison", unit_a)
    assert find_person_by_id_number(liaison_a, person.id_number) is None


def test_pending_recommendations_ignore_decided_ones(personas, data):
    number = data["x_a"].id_number
    assert list(pending_recommendations_for(number)) == [data["x_a"]]
    assert list(pending_recommendations_for(number, exclude_pk=data["x_a"].pk)) == []
