"""What needs attention: counts the user can act on, each linking to its filtered list."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.permissions import Cap, has_cap
from meetings.enums import MINUTES_DUE_DAYS, PLENARIES_PER_YEAR, MeetingStatus
from meetings.selectors import (
    HELD_STATUSES,
    action_items_visible_to,
    meetings_visible_to,
    plenary_rule,
)
from roster_site.dashboard.composition import PoolFigures
from roster_site.dashboard.scope import Scope
from talent_pool.enums import RecommendationState, ReviewStatus
from talent_pool.selectors import recommendations_visible_to, reviews_visible_to

# Action items due within this many days are "due soon".
DUE_SOON_DAYS = 14


@dataclass
class Attention:
    key: str
    label: str
    count: int
    url: str
    hint: str = ""
    level: str = "ok"  # ok | warning | danger | info
    details: list[str] = field(default_factory=list)


def _level(count: int, bad: str = "warning") -> str:
    return bad if count else "ok"


def list_url(name: str, *args, **params) -> str:
    """Return the URL of a list page with its filter parameters ("" if it does not exist)."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(params)}" if params else url


def attention_items(user, scope: Scope, pool: PoolFigures) -> tuple[list[Attention], dict]:
    """Return the needs-attention items the user may act on, and a few headline counts."""
    today = timezone.localdate()
    year = today.year
    items: list[Attention] = []

    if has_cap(user, Cap.REVIEW_RECOMMENDATION):
        waiting = scope.narrow(
            recommendations_visible_to(user).filter(state=RecommendationState.SUBMITTED),
            "region",
        ).aggregate(n=Count("*"), oldest=Min("submitted_at"))
        hint = ""
        if waiting["n"] and waiting["oldest"]:
            days = (timezone.now() - waiting["oldest"]).days
            hint = f"最早一件已等待{days}天"
        items.append(
            Attention(
                "recommendations",
                "推荐待审核",
                waiting["n"],
                list_url("talent_pool:recommendations", state=RecommendationState.SUBMITTED),
                hint,
                _level(waiting["n"]),
            )
        )

    actions = scope.narrow(action_items_visible_to(user).open(), "meeting__region").aggregate(
        open=Count("*"),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        soon=Count(
            "pk",
            filter=Q(
                due_date__gte=today, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
            ),
        ),
    )
    items.append(
        Attention(
            "actions_overdue",
            "议定事项已逾期",
            actions["overdue"],
            list_url("meetings:actions", overdue="on"),
            "已过完成时限仍未办结",
            _level(actions["overdue"], "danger"),
        )
    )
    items.append(
        Attention(
            "actions_due_soon",
            f"议定事项{DUE_SOON_DAYS}天内到期",
            actions["soon"],
            list_url("meetings:actions"),
            "列表按完成时限排序",
            _level(actions["soon"]),
        )
    )

    below = pool.below_minimum
    items.append(
        Attention(
            "pool_below_minimum",
            "人才库低于最低名额",
            len(below),
            list_url("talent_pool:quotas"),
            "" if below else "各人才库均达到最低名额",
            _level(len(below)),
            [f"{region.name}：{text}" for region, text in below],
        )
    )

    closed = set(
        reviews_visible_to(user)
        .filter(year=year, status=ReviewStatus.CLOSED, region__in=[r.pk for r in pool.regions])
        .values_list("region_id", flat=True)
    )
    unfinished = [r for r in pool.regions if r.pk not in closed]
    items.append(
        Attention(
            "review_unfinished",
            f"{year}年度复核未完成",
            len(unfinished),
            list_url("talent_pool:review", year, region=unfinished[0].pk)
            if unfinished
            else list_url("talent_pool:review", year),
            "",
            _level(len(unfinished), "info"),
            [f"{r.name}人才库" for r in unfinished],
        )
    )

    cutoff = today - datetime.timedelta(days=MINUTES_DUE_DAYS)
    meetings = scope.narrow(meetings_visible_to(user), "region").aggregate(
        minutes_late=Count("pk", filter=Q(status=MeetingStatus.HELD, date__lt=cutoff)),
        held_this_year=Count("pk", filter=Q(status__in=HELD_STATUSES, date__year=year)),
    )
    items.append(
        Attention(
            "minutes_overdue",
            "会议纪要未印发",
            meetings["minutes_late"],
            list_url("meetings:list", status=MeetingStatus.HELD),
            f"会议召开已超过{MINUTES_DUE_DAYS}天",
            _level(meetings["minutes_late"]),
        )
    )

    contacts = key_contacts_overdue(user, scope)
    if contacts is not None:
        items.append(contacts)

    low, high = PLENARIES_PER_YEAR
    conferences = [row for row in plenary_rule(user, year=year) if scope.contains(row["region"])]
    off_rule = [row for row in conferences if row["verdict"] != "ok"]
    details = []
    for row in conferences:
        text = f"{row['region'].name}：已召开{row['held']}次"
        if row["planned"]:
            text += f"，筹备中{row['planned']}次"
        details.append(text)
    items.append(
        Attention(
            "plenaries",
            "全体会议次数不符合规定",
            len(off_rule),
            list_url("meetings:list", year=year, kind="plenary"),
            f"{year}年，每年应召开{low}至{high}次",
            _level(len(off_rule), "info"),
            details,
        )
    )
    headline = {
        "open_actions": actions["open"],
        "held_this_year": meetings["held_this_year"],
    }
    return items, headline


def key_contacts_overdue(user, scope: Scope) -> Attention | None:
    """Return the key-contacts item: active contacts not seen within the agreed period."""
    from talent_pool.selectors import assignments_with_last_contact

    queryset = scope.narrow(
        assignments_with_last_contact(user).filter(overdue=True), "person__region"
    )
    count = queryset.aggregate(n=Count("*"))["n"]
    return Attention(
        "contacts_overdue",
        "联系重点人士逾期",
        count,
        list_url("talent_pool:contacts", overdue="yes"),
        "超过约定时间未联系",
        _level(count),
    )
