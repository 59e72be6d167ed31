"""The start pages' contexts: staff and leaders, liaisons, the administrative roles."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.context_processors import navigation
from accounts.enums import Role
from accounts.permissions import Cap, has_cap
from meetings.enums import MeetingStatus
from meetings.selectors import action_items_visible_to, meetings_visible_to
from roster_site.dashboard.attention import attention_items, list_url
from roster_site.dashboard.composition import (
    arrangement_breakdown,
    count_persons,
    people_url,
    person_breakdowns,
    pool_figures,
)
from roster_site.dashboard.scope import Scope, switchable_regions
from talent_pool.enums import RecommendationState
from talent_pool.selectors import recommendations_visible_to


def staff_dashboard(user, scope: Scope) -> dict:
    """Return the dashboard's context for staff and leaders."""
    counts = count_persons(user, scope)
    total, breakdowns = person_breakdowns(counts, scope)
    pool = pool_figures(user, scope)
    items, headline = attention_items(user, scope, pool)
    breakdowns.append(pool.breakdown)
    arrangements = arrangement_breakdown(user, scope)
    if arrangements is not None:
        breakdowns.append(arrangements)
    return {
        "scope": scope,
        "regions": switchable_regions(user, scope),
        "attention": items,
        "persons_total": total,
        "pool": pool,
        "headline": headline,
        "breakdowns": breakdowns,
        "charts": [b.chart() for b in breakdowns if not b.is_empty],
        "people_url": people_url(scope) if scope.chosen else reverse("people:list"),
        "pool_url": list_url("talent_pool:list", region=scope.region.pk)
        if scope.chosen and scope.region in pool.regions
        else reverse("talent_pool:list"),
        "can_export": has_cap(user, Cap.VIEW_DASHBOARD),
        "read_only": user.role == Role.LEADER,
    }


def liaison_start(user) -> dict:
    """Return a liaison's start page: their unit's recommendations and open action items."""
    today = timezone.localdate()
    by_state = {
        row["state"]: row["n"]
        for row in recommendations_visible_to(user)
        .values("state")
        .annotate(n=Count("*"))
        .order_by()
    }
    recommendations = [
        {
            "label": state.label,
            "count": by_state.get(state.value, 0),
            "url": list_url("talent_pool:recommendations", state=state.value),
        }
        for state in RecommendationState
    ]
    open_items = action_items_visible_to(user).open()
    action_counts = open_items.aggregate(
        open=Count("*"), overdue=Count("pk", filter=Q(due_date__lt=today))
    )
    actions = list(
        open_items.select_related("meeting", "lead_unit").order_by("due_date", "pk")[:10]
    )
    meetings = list(
        meetings_visible_to(user)
        .filter(date__gte=today, status=MeetingStatus.PLANNED)
        .order_by("date", "start_time")[:5]
    )
    return {
        "recommendations": recommendations,
        "recommendations_total": sum(by_state.values()),
        "action_counts": action_counts,
        "actions": actions,
        "meetings": meetings,
        "today": today,
    }


def minimal_links(request) -> list[dict]:
    """Return the start page links of the administrative roles (no figures at all)."""
    home = reverse("home")
    links = [item for item in navigation(request)["nav_items"] if item["url"] != home]
    admin = reverse("admin:index")
    if request.user.is_staff and all(item["url"] != admin for item in links):
        links.append({"label": _("管理后台"), "url": admin})
    links.append({"label": _("修改密码"), "url": reverse("password_change")})
    return links
