"""Reads about meetings: what each user may see, and the figures the department watches."""

import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.enums import Role
from accounts.permissions import Cap, has_cap
from accounts.selectors import region_scope
from meetings.enums import (
    CLOSED_ACTION_STATUSES,
    MINUTES_DUE_DAYS,
    PLENARIES_PER_YEAR,
    MeetingKind,
    MeetingStatus,
)
from meetings.models import ActionItem, ActionUpdate, Attendance, Meeting, Minutes
from units.models import MemberUnit, Region

HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.MINUTES_ISSUED)


def meetings_visible_to(user):
    """Return the meetings the user may see.

    - staff and leaders: the meetings of every conference in their region subtree (city
      staff see the districts' conferences too, district staff only their own);
    - liaisons: only the meetings their unit was invited to (with their minutes);
    - auditors, sysadmins and anyone else: none.
    """
    if not has_cap(user, Cap.VIEW_MEETINGS) or user.unit_id is None:
        return Meeting.objects.none()
    if user.role == Role.UNIT_LIAISON:
        return Meeting.objects.filter(
            Exists(Attendance.objects.filter(meeting=OuterRef("pk"), unit_id=user.unit_id))
        )
    return Meeting.objects.filter(region__in=region_scope(user))


def action_items_visible_to(user):
    """Return the action items the user may see.

    - staff and leaders: the items of every meeting they may see (their region subtree);
    - liaisons: only the items their unit leads or helps with (co-unit);
    - auditors, sysadmins and anyone else: none.
    """
    if not has_cap(user, Cap.VIEW_MEETINGS) or user.unit_id is None:
        return ActionItem.objects.none()
    if user.role == Role.UNIT_LIAISON:
        co_unit = ActionItem.co_units.through.objects.filter(
            actionitem_id=OuterRef("pk"), memberunit_id=user.unit_id
        )
        return ActionItem.objects.filter(Q(lead_unit_id=user.unit_id) | Exists(co_unit))
    return ActionItem.objects.filter(meeting__region__in=region_scope(user))


def conferences_visible_to(user):
    """Return the regions whose conference the user can see (those with a lead unit)."""
    if not has_cap(user, Cap.VIEW_MEETINGS) or user.unit_id is None:
        return Region.objects.none()
    if user.role == Role.UNIT_LIAISON:
        regions = Region.objects.filter(pk=user.unit.region_id)
    else:
        regions = region_scope(user)
    return regions.filter(
        Exists(MemberUnit.objects.filter(region=OuterRef("pk"), is_lead=True))
    ).order_by("path")


def _count_rows(queryset, group_field: str):
    return Coalesce(
        Subquery(
            queryset.order_by().values(group_field).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def meeting_list(user, *, year: int | None = None, kind: str = "", status: str = ""):
    """Return the meetings the user may see, filtered, with the counts the list shows."""
    today = timezone.localdate()
    meetings = meetings_visible_to(user).select_related("region", "minutes")
    if year:
        meetings = meetings.filter(date__year=year)
    if kind:
        meetings = meetings.filter(kind=kind)
    if status:
        meetings = meetings.filter(status=status)
    # Counts of items go through the same rule as the items: liaisons count their own.
    items = action_items_visible_to(user).filter(meeting=OuterRef("pk"))
    return meetings.annotate(
        invited_count=_count_rows(Attendance.objects.filter(meeting=OuterRef("pk")), "meeting"),
        attended_count=_count_rows(
            Attendance.objects.filter(meeting=OuterRef("pk"), status="attended"), "meeting"
        ),
        action_count=_count_rows(items, "meeting"),
        open_action_count=_count_rows(items.exclude(status__in=CLOSED_ACTION_STATUSES), "meeting"),
        overdue_action_count=_count_rows(
            items.exclude(status__in=CLOSED_ACTION_STATUSES).filter(due_date__lt=today),
            "meeting",
        ),
    ).order_by("-date", "-start_time", "-id")


def plenary_rule(user, *, year: int | None = None) -> list[dict]:
    """Return, per visible conference, the plenaries held and planned in the year.

    The conference rule is one or two plenaries a year; each row says whether it holds.
    """
    year = year or timezone.localdate().year
    plenaries = meetings_visible_to(user).filter(
        region=OuterRef("pk"), kind=MeetingKind.PLENARY, date__year=year
    )
    regions = conferences_visible_to(user).annotate(
        held=_count_rows(plenaries.filter(status__in=HELD_STATUSES), "region"),
        planned=_count_rows(plenaries.filter(status=MeetingStatus.PLANNED), "region"),
    )
    low, high = PLENARIES_PER_YEAR
    rows = []
    for region in regions:
        if region.held < low:
            verdict = "short"
        elif region.held <= high:
            verdict = "ok"
        else:
            verdict = "over"
        rows.append(
            {
                "region": region,
                "held": region.held,
                "planned": region.planned,
                "verdict": verdict,
            }
        )
    return rows


def minutes_overdue_count(user) -> int:
    """Return how many visible meetings were held over 14 days ago without minutes."""
    cutoff = timezone.localdate() - datetime.timedelta(days=MINUTES_DUE_DAYS)
    return meetings_visible_to(user).filter(status=MeetingStatus.HELD, date__lt=cutoff).count()


def meeting_attendances(meeting):
    """Return the meeting's invited units with their attendance, in unit order."""
    return meeting.attendances.select_related("unit").order_by("unit__order", "unit__id")


def meeting_agenda(meeting):
    return meeting.agenda_items.order_by("order", "id")


def meeting_action_items(user, meeting):
    """Return the meeting's action items the user may see, with their units."""
    return (
        action_items_visible_to(user)
        .filter(meeting=meeting)
        .select_related("lead_unit")
        .prefetch_related("co_units")
        .order_by("order", "id")
    )


def minutes_action_items(meeting):
    """Return every item agreed at the meeting, as the minutes list them.

    Items cancelled later stay: the minutes record what was agreed.
    """
    return (
        meeting.action_items.select_related("lead_unit")
        .prefetch_related("co_units")
        .order_by("order", "id")
    )


def earlier_open_items(user, meeting_or_region, *, before: datetime.date | None = None):
    """Return open items of the conference's earlier meetings that the user may see.

    With a meeting, "earlier" means held before it; with a region, every earlier meeting
    up to ``before`` (default: all of them).
    """
    if isinstance(meeting_or_region, Meeting):
        meeting = meeting_or_region
        items = action_items_visible_to(user).filter(meeting__region_id=meeting.region_id)
        items = items.filter(
            Q(meeting__date__lt=meeting.date)
            | Q(meeting__date=meeting.date, meeting__start_time__lt=meeting.start_time)
        ).exclude(meeting=meeting)
    else:
        items = action_items_visible_to(user).filter(meeting__region=meeting_or_region)
        if before is not None:
            items = items.filter(meeting__date__lte=before)
    return (
        items.exclude(status__in=CLOSED_ACTION_STATUSES)
        .select_related("meeting", "lead_unit")
        .order_by("due_date", "meeting__date", "order", "id")
    )


def action_list(
    user,
    *,
    unit: MemberUnit | None = None,
    meeting: Meeting | None = None,
    status: str = "",
    overdue: bool = False,
):
    """Return the action items the user may see, filtered, with what the list shows."""
    today = timezone.localdate()
    items = action_items_visible_to(user)
    if unit is not None:
        co_unit = ActionItem.co_units.through.objects.filter(
            actionitem_id=OuterRef("pk"), memberunit_id=unit.pk
        )
        items = items.filter(Q(lead_unit=unit) | Exists(co_unit))
    if meeting is not None:
        items = items.filter(meeting=meeting)
    if status:
        items = items.filter(status=status)
    if overdue:
        items = items.exclude(status__in=CLOSED_ACTION_STATUSES).filter(due_date__lt=today)
    last_update = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by(
        "-reported_on", "-created_at", "-id"
    )
    return (
        items.select_related("meeting", "meeting__region", "lead_unit")
        .prefetch_related("co_units")
        .annotate(
            update_count=_count_rows(
                ActionUpdate.objects.filter(action=OuterRef("pk"), new_status=""), "action"
            ),
            last_reported_on=Subquery(last_update.values("reported_on")[:1]),
        )
        .order_by("due_date", "meeting__date", "order", "id")
    )


def action_timeline(action):
    """Return the action item's updates and status changes, oldest first."""
    return action.updates.select_related("unit", "author").order_by(
        "reported_on", "created_at", "id"
    )


def next_meeting_number(region: Region, kind: str, year: int) -> int:
    """Return the next free number for a kind of meeting of the conference in a year."""
    numbers = Meeting.objects.filter(region=region, kind=kind, date__year=year).values_list(
        "number", flat=True
    )
    return max(numbers, default=0) + 1


def next_minutes_serial(region: Region, year: int) -> int:
    """Return the next free minutes serial of the conference in a year."""
    serials = Minutes.objects.filter(region=region, year=year).values_list("serial", flat=True)
    return max(serials, default=0) + 1
