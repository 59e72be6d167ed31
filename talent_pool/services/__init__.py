"""Writes to the talent pool. Each function checks who may do it, validates, writes in one
transaction and records an audit event.
"""

from talent_pool.services.pool import (
    OverTarget,
    add_pool_entry,
    change_entry_tier,
    close_review,
    ensure_default_criteria,
    evaluate,
    open_review,
    other_tier,
    record_decisions,
    remove_pool_entry,
    save_quota,
    weighted_total,
)
from talent_pool.services.recommendations import save_recommendation, set_recommendation_state
from talent_pool.services.team import (
    add_council_post,
    add_member,
    add_participant,
    assign_contact,
    end_contact,
    log_contact,
    remove_participant,
    save_arrangement,
    save_association,
    save_course,
)

__all__ = [
    "OverTarget",
    "add_council_post",
    "add_member",
    "add_participant",
    "assign_contact",
    "end_contact",
    "log_contact",
    "remove_participant",
    "save_arrangement",
    "save_association",
    "save_course",
    "add_pool_entry",
    "change_entry_tier",
    "close_review",
    "ensure_default_criteria",
    "evaluate",
    "open_review",
    "other_tier",
    "record_decisions",
    "remove_pool_entry",
    "save_quota",
    "save_recommendation",
    "set_recommendation_state",
    "weighted_total",
]
