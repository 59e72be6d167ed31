"""What needs attention: counts the user can act on, each linking to its filtered list."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

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
            hint = _("最早一件已等待%(days)s天") % {"days": days}
        items.append(
            Attention(
                "recommendations",
                _("推荐待审核"),
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
            _("议定事项已逾期"),
            actions["overdue"],
            list_url("meetings:actions", overdue="on"),
            _("已过完成时限仍未办结"),
            _level(actions["overdue"], "danger"),
        )
    )
    items.append(
        Attention(
            "actions_due_soon",
            _("议定事项%(days)s天内到期") % {"days": DUE_SOON_DAYS},
            actions["soon"],
            list_url("meetings:actions"),
            _("列表按完成时限排序"),
            _level(actions["soon"]),
        )
    )

    below = pool.below_minimum
    items.append(
        Attention(
            "pool_below_minimum",
            _("人才库低于最低名额"),
            len(below),
            list_url("talent_pool:quotas"),
            "" if below else _("各人才库均达到最低名额"),
            _level(len(below)),
            [
                _("%(region)s：%(text)s") % {"region": region.name, "text": text}
                for region, text in below
            ],
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
            _("%(year)s年度复核未完成") % {"year": year},
            len(unfinished),
            list_url("talent_pool:review", year, region=unfinished[0].pk)
            if unfinished
            else list_url("talent_pool:review", year),
            "",
            _level(len(unfinished), "info"),
            [_("%(region)s人才库") % {"region": r.name} for r in unfinished],
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
            _("会议纪要未印发"),
            meetings["minutes_late"],
            list_url("meetings:list", status=MeetingStatus.HELD),
            _("会议召开已超过%(days)s天") % {"days": MINUTES_DUE_DAYS},
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
        if row["planned"]:
            text = _("%(region)s：已召开%(held)s次，筹备中%(planned)s次") % {
                "region": row["region"].name,
                "held": row["held"],
                "planned": row["planned"],
            }
        else:
            text = _("%(region)s：已召开%(held)s次") % {
                "region": row["region"].name,
                "held": row["held"],
            }
        details.append(text)
    items.append(
        Attention(
            "plenaries",
            _("全体会议次数不符合规定"),
            len(off_rule),
            list_url("meetings:list", year=year, kind="plenary"),
            _("%(year)s年，每年应召开%(low)s至%(high)s次")
            % {"year": year, "low": low, "high": high},
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
        _("联系重点人士逾期"),
        count,
        list_url("talent_pool:contacts", overdue="yes"),
        _("超过约定时间未联系"),
        _level(count),
    )
