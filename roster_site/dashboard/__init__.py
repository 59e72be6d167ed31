"""The start page's figures: what needs attention, and how the roster and the pool are made up.

Every figure is an aggregate query (``values().annotate(Count)`` or
``aggregate(Count(filter=…))``) over the apps' own selectors — ``persons_visible_to``,
``pool_regions_visible_to`` / ``quota_rows``, ``recommendations_visible_to``,
``reviews_visible_to``, ``meetings_visible_to``, ``action_items_visible_to`` — narrowed to
the region the dashboard shows. Python only sums the grouped rows (tens to a few hundred),
never the persons themselves, so the number of queries is the same for 1 or 1,000,000.

The roster's composition is the one figure that reads every person in scope; it is kept in
the cache for ``DASHBOARD_CACHE_SECONDS`` (default 300) per scope, and the page says when it
was counted. The statistics export always counts afresh.
"""

from roster_site.dashboard.pages import liaison_start, minimal_links, staff_dashboard
from roster_site.dashboard.scope import Scope, resolve_scope
from roster_site.dashboard.workbook import statistics_workbook

__all__ = [
    "Scope",
    "liaison_start",
    "minimal_links",
    "resolve_scope",
    "staff_dashboard",
    "statistics_workbook",
]
