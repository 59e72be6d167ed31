"""Who may do what to a recommendation, as small named predicates.

The capability table (accounts.permissions) says what a role may do at all; these
predicates add the object: whose unit it is, whose region it lies in, which state it is in.
``set_recommendation_state`` consults ``TRANSITIONS`` and ``may_act``; views use the same
predicates to decide which buttons to show.
"""

from accounts.enums import Role
from accounts.permissions import Cap, has_cap
from talent_pool.enums import RecommendationState as State

# The unit that recommends, and the department's staff who review.
UNIT = "unit"
REVIEWER = "reviewer"

# (from, to) → who may make the move.
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.DRAFT, State.SUBMITTED): UNIT,
    (State.RETURNED, State.SUBMITTED): UNIT,
    (State.SUBMITTED, State.RETURNED): REVIEWER,
    (State.SUBMITTED, State.ACCEPTED): REVIEWER,
    (State.SUBMITTED, State.REJECTED): REVIEWER,
}

# Who makes a move into a state, whatever state it comes from.
ACTOR_FOR_TARGET: dict[str, str] = {
    State.SUBMITTED: UNIT,
    State.RETURNED: REVIEWER,
    State.ACCEPTED: REVIEWER,
    State.REJECTED: REVIEWER,
}

EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})
CLOSED_STATES = frozenset({State.ACCEPTED, State.REJECTED})


def in_region_of(user, region) -> bool:
    """Return whether region lies in the user's region subtree."""
    unit = getattr(user, "unit", None)
    return unit is not None and region.path.startswith(unit.region.path)


def is_recommending_unit(user, recommendation) -> bool:
    """A liaison of the recommendation's own unit."""
    return (
        has_cap(user, Cap.SUBMIT_RECOMMENDATION)
        and user.role == Role.UNIT_LIAISON
        and user.unit_id is not None
        and user.unit_id == recommendation.unit_id
    )


def is_reviewer(user, recommendation) -> bool:
    """Department staff whose region subtree holds the recommendation's pool."""
    return has_cap(user, Cap.REVIEW_RECOMMENDATION) and in_region_of(user, recommendation.region)


def may_act(user, recommendation, actor: str) -> bool:
    if actor == UNIT:
        return is_recommending_unit(user, recommendation)
    if actor == REVIEWER:
        return is_reviewer(user, recommendation)
    return False


def can_edit_recommendation(user, recommendation) -> bool:
    """The unit edits its recommendation while it is a draft or has been returned."""
    return recommendation.state in EDITABLE_STATES and is_recommending_unit(user, recommendation)


def can_transition(user, recommendation, new_state: str) -> bool:
    """Return whether user may move the recommendation from its state to new_state."""
    actor = TRANSITIONS.get((recommendation.state, new_state))
    return actor is not None and may_act(user, recommendation, actor)


def allowed_transitions(user, recommendation) -> list[str]:
    """Return the states user may move the recommendation to now."""
    return [
        target
        for (source, target), actor in TRANSITIONS.items()
        if source == recommendation.state and may_act(user, recommendation, actor)
    ]


def can_evaluate_recommendation(user, recommendation) -> bool:
    """Reviewers score a recommendation while it waits for their decision."""
    return recommendation.state == State.SUBMITTED and is_reviewer(user, recommendation)


def can_edit_pool_region(user, region) -> bool:
    """Staff change the pool (entries, quotas, reviews) of regions in their subtree."""
    return has_cap(user, Cap.EDIT_POOL) and in_region_of(user, region)


def can_log_contact(user, assignment) -> bool:
    """The leader who keeps the contact logs it; staff of the person's region may too."""
    if not assignment.is_active or not getattr(user, "is_authenticated", False):
        return False
    if assignment.leader_id == user.pk and user.role in (Role.LEADER, Role.STAFF):
        return True
    return can_edit_pool_region(user, assignment.person.region)


def can_keep_contacts(user) -> bool:
    """Leaders and staff may be assigned persons to keep contact with."""
    return user.is_active and user.role in (Role.LEADER, Role.STAFF) and user.unit_id is not None
