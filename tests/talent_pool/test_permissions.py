"""Every state × every role × every target state, against an explicit table."""

import pytest

from talent_pool.enums import RecommendationState as State
from talent_pool.models import Recommendation
from talent_pool.permissions import (
    allowed_transitions,
    can_edit_recommendation,
    can_evaluate_recommendation,
    can_transition,
)

PERSONAS = [
    "city_staff",
    "staff_a",
    "staff_b",
    "liaison_x",
    "liaison_y",
    "leader",
    "auditor",
    "sysadmin",
    "secadmin",
]
REVIEWERS = {"city_staff", "staff_a"}  # the recommendation is for district A's pool
UNIT = {"liaison_x"}  # it comes from unit X

# state → target → who may make the move
EXPECTED = {
    State.DRAFT: {State.SUBMITTED: UNIT},
    State.SUBMITTED: {
        State.RETURNED: REVIEWERS,
        State.ACCEPTED: REVIEWERS,
        State.REJECTED: REVIEWERS,
    },
    State.RETURNED: {State.SUBMITTED: UNIT},
    State.ACCEPTED: {},
    State.REJECTED: {},
}


def recommendation(personas, state) -> Recommendation:
    return Recommendation(unit=personas.unit_x, region=personas.district_a, state=state)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("target", State.values)
@pytest.mark.parametrize("state", State.values)
def test_can_transition_matches_the_table(personas, state, target, persona):
    user = getattr(personas, persona)
    expected = persona in EXPECTED[state].get(target, set())
    assert can_transition(user, recommendation(personas, state), target) is expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", State.values)
def test_allowed_transitions_lists_exactly_the_permitted_moves(personas, state, persona):
    user = getattr(personas, persona)
    expected = {target for target, who in EXPECTED[state].items() if persona in who}
    assert set(allowed_transitions(user, recommendation(personas, state))) == expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", State.values)
def test_only_the_unit_edits_and_only_while_draft_or_returned(personas, state, persona):
    user = getattr(personas, persona)
    expected = persona in UNIT and state in (State.DRAFT, State.RETURNED)
    assert can_edit_recommendation(user, recommendation(personas, state)) is expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", State.values)
def test_only_reviewers_evaluate_and_only_while_submitted(personas, state, persona):
    user = getattr(personas, persona)
    expected = persona in REVIEWERS and state == State.SUBMITTED
    assert can_evaluate_recommendation(user, recommendation(personas, state)) is expected


def test_city_pool_recommendation_is_reviewed_by_city_staff_only(personas):
    rec = Recommendation(unit=personas.unit_x, region=personas.city, state=State.SUBMITTED)
    reviewers = {
        name for name in PERSONAS if can_transition(getattr(personas, name), rec, State.ACCEPTED)
    }
    assert reviewers == {"city_staff"}
