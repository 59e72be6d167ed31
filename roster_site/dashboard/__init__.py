"""The start page's figures: what needs attention, and how the roster and the pool are made up.

Every figure is an aggregate query (``values().annotate(Count)`` or
``aggregate(Count(filter=…))``) over the apps' own selectors — ``persons_visible_to``,
``pool_regions_visible_to`` / ``quota_rows``, ``recommendations_visible_to``,
``reviews_visible_to``, ``meetings_visible_to``, ``action_items_visible_to`` — narrowed to
the region the dashboard shows. Python only sums the grouped rows (tens to a few hundred),
never the persons themselves, so the number of queries is the same for 1 or 1,000,000.

The roster's composition is summed from the per-region tallies that the database keeps
with every write to the persons (``people.tallies``), so it is live and exact and does not
read the persons at all.
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
