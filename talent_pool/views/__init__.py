"""The talent pool's pages, one module per part: the pool (pool.py), recommendations
(recommendations.py) and the team records (team.py)."""

from talent_pool.views.pool import (
    entry_create,
    entry_detail,
    entry_evaluate,
    entry_remove,
    entry_tier,
    pool_export,
    pool_list,
    quota_edit,
    quota_list,
    review_close,
    review_decide,
    review_open,
    review_year,
)
from talent_pool.views.recommendations import (
    recommendation_create,
    recommendation_detail,
    recommendation_edit,
    recommendation_evaluate,
    recommendation_list,
    recommendation_transition,
)

__all__ = [
    "entry_create",
    "entry_detail",
    "entry_evaluate",
    "entry_remove",
    "entry_tier",
    "pool_export",
    "pool_list",
    "quota_edit",
    "quota_list",
    "recommendation_create",
    "recommendation_detail",
    "recommendation_edit",
    "recommendation_evaluate",
    "recommendation_list",
    "recommendation_transition",
    "review_close",
    "review_decide",
    "review_open",
    "review_year",
]
