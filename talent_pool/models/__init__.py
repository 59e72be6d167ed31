"""The talent pool's models: the pool itself (pool.py) and the team records kept on
representatives (team.py)."""

from talent_pool.models.pool import (
    NEW_PERSON_FIELDS,
    AnnualReview,
    Criterion,
    Evaluation,
    EvaluationScore,
    PoolEntry,
    Quota,
    Recommendation,
    RecommendationEvent,
    ReviewDecision,
    ReviewMember,
    person_from_data,
    person_to_data,
)
from talent_pool.models.team import (
    Association,
    ContactAssignment,
    ContactLog,
    CouncilPost,
    Membership,
    PoliticalArrangement,
    TrainingCourse,
    TrainingParticipant,
)

__all__ = [
    "NEW_PERSON_FIELDS",
    "AnnualReview",
    "Criterion",
    "Evaluation",
    "EvaluationScore",
    "PoolEntry",
    "Quota",
    "Recommendation",
    "RecommendationEvent",
    "ReviewDecision",
    "ReviewMember",
    "person_from_data",
    "person_to_data",
    "Association",
    "ContactAssignment",
    "ContactLog",
    "CouncilPost",
    "Membership",
    "PoliticalArrangement",
    "TrainingCourse",
    "TrainingParticipant",
]
