"""Writes about meetings: each change is validated, saved in a transaction and audited.

Every function is keyword-only and takes the acting user as ``by``; ``request`` is only
used to record the client's address in the audit trail.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit
from meetings.enums import (
    FOLLOW_UP_AGENDA_TITLE,
    ActionStatus,
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
)
from meetings.models import (
    ActionItem,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Meeting,
    Minutes,
    conference_name,
)
from meetings.permissions import (
    ACTION_TRANSITIONS,
    MEETING_TRANSITIONS,
    can_issue_minutes,
    can_report_progress,
    can_take_action_items,
    is_meeting_editable,
)
from meetings.selectors import next_meeting_number
from meetings.validators import validate_attachment
from units.models import MemberUnit, Region

MINUTES_LOCKED = gettext_lazy("会议纪要已印发，会议信息不能再修改。")


@dataclass(frozen=True)
class AttendanceEntry:
    """What is recorded for one invited unit."""

    status: str
    delegate_name: str = ""
    delegate_post: str = ""


def default_meeting_title(*, region: Region, kind: str, year: int, number: int) -> str:
    """Return the title a meeting gets when none is typed."""
    return _("%(conference)s%(year)s年第%(number)s次%(kind)s") % {
        "conference": conference_name(region),
        "year": year,
        "number": number,
        "kind": MeetingKind(kind).label,
    }


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("region").get(pk=meeting.pk)


def _check_editable(meeting: Meeting) -> None:
    if not is_meeting_editable(meeting):
        raise ValidationError(MINUTES_LOCKED, code="locked")


def _invited_units(
    *, region: Region, kind: str, invited_units: Iterable[MemberUnit]
) -> list[MemberUnit]:
    """Return the units to invite: those chosen, or for a plenary every active unit."""
    units = list(invited_units)
    if any(unit.region_id != region.pk for unit in units):
        raise ValidationError({"invited_units": _("只能邀请本联席会议的成员单位。")})
    if not units:
        if kind == MeetingKind.SPECIAL:
            raise ValidationError({"invited_units": _("专题会议请选择参会单位。")})
        units = list(MemberUnit.objects.filter(region=region, is_active=True))
    return units


@transaction.atomic
def create_meeting(
    *,
    region: Region,
    kind: str,
    date: datetime.date,
    start_time: datetime.time,
    place: str,
    convener: str,
    invited_units: Iterable[MemberUnit] = (),
    title: str = "",
    number: int | None = None,
    agenda: Sequence[str] = (),
    add_follow_up: bool = False,
    by: User,
    request=None,
) -> Meeting:
    """Create a planned meeting with its invited units and agenda.

    A plenary (or liaison meeting) with no units chosen invites every active member unit;
    with add_follow_up, the open items of earlier meetings become the first agenda item.
    """
    units = _invited_units(region=region, kind=kind, invited_units=invited_units)
    if number is None:
        number = next_meeting_number(region, kind, date.year)
    meeting = Meeting(
        region=region,
        kind=kind,
        number=number,
        title=title.strip()
        or default_meeting_title(region=region, kind=kind, year=date.year, number=number),
        date=date,
        start_time=start_time,
        place=place,
        convener=convener,
        status=MeetingStatus.PLANNED,
        created_by=by,
    )
    meeting.full_clean()
    meeting.save()
    Attendance.objects.bulk_create([Attendance(meeting=meeting, unit=unit) for unit in units])
    titles = [line.strip() for line in agenda if line.strip()]
    items = []
    if add_follow_up and _has_earlier_open_items(meeting):
        items.append(AgendaItem(title=_(FOLLOW_UP_AGENDA_TITLE), is_follow_up=True))
    items += [AgendaItem(title=line[:200]) for line in titles]
    for order, item in enumerate(items, start=1):
        item.meeting, item.order = meeting, order
        item.full_clean()
    AgendaItem.objects.bulk_create(items)
    audit(
        AuditAction.CREATE,
        request=request,
        user=by,
        obj=meeting,
        detail={"invited_units": [unit.pk for unit in units], "agenda_items": len(items)},
    )
    return meeting


def _has_earlier_open_items(meeting: Meeting) -> bool:
    return (
        ActionItem.objects.open()
        .filter(meeting__region_id=meeting.region_id, meeting__date__lte=meeting.date)
        .exclude(meeting=meeting)
        .exists()
    )


@transaction.atomic
def update_meeting(
    *,
    meeting: Meeting,
    kind: str,
    date: datetime.date,
    start_time: datetime.time,
    place: str,
    convener: str,
    invited_units: Iterable[MemberUnit] = (),
    title: str = "",
    number: int | None = None,
    by: User,
    request=None,
) -> Meeting:
    """Change a planned or held meeting's details and invitations.

    A unit that leads or helps with an item agreed at the meeting stays invited.
    """
    meeting = _lock_meeting(meeting)
    _check_editable(meeting)
    units = _invited_units(region=meeting.region, kind=kind, invited_units=invited_units)
    if number is None:
        same_series = kind == meeting.kind and date.year == meeting.date.year
        number = (
            meeting.number if same_series else next_meeting_number(meeting.region, kind, date.year)
        )
    errors = {}
    if meeting.status == MeetingStatus.HELD and date > timezone.localdate():
        errors["date"] = _("会议已召开，会议日期不能晚于今天。")
    if meeting.action_items.filter(due_date__lt=date).exists():
        errors["date"] = _("已有议定事项的完成时限早于这个会议日期。")
    new_ids = {unit.pk for unit in units}
    kept_by_items = (
        MemberUnit.objects.filter(attendances__meeting=meeting)
        .exclude(pk__in=new_ids)
        .filter(
            pk__in=list(meeting.action_items.values_list("lead_unit_id", flat=True))
            + list(
                ActionItem.co_units.through.objects.filter(actionitem__meeting=meeting).values_list(
                    "memberunit_id", flat=True
                )
            )
        )
    )
    if kept_by_items:
        names = _("、").join(unit.name for unit in kept_by_items)
        errors["invited_units"] = _("%(units)s承担本次会议的议定事项，不能取消邀请。") % {
            "units": names
        }
    if errors:
        raise ValidationError(errors)
    before = {f: getattr(meeting, f) for f in ("kind", "number", "title", "date", "place")}
    meeting.kind, meeting.number, meeting.date = kind, number, date
    meeting.title = title.strip() or default_meeting_title(
        region=meeting.region, kind=kind, year=date.year, number=number
    )
    meeting.start_time, meeting.place, meeting.convener = start_time, place, convener
    meeting.full_clean()
    meeting.save()
    old_ids = set(meeting.attendances.values_list("unit_id", flat=True))
    meeting.attendances.filter(unit_id__in=old_ids - new_ids).delete()
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, unit=unit) for unit in units if unit.pk not in old_ids]
    )
    changed = [f for f, value in before.items() if getattr(meeting, f) != value]
    audit(
        AuditAction.UPDATE,
        request=request,
        user=by,
        obj=meeting,
        detail={
            "fields": changed,
            "invited": sorted(new_ids - old_ids),
            "uninvited": sorted(old_ids - new_ids),
        },
    )
    return meeting


@transaction.atomic
def set_meeting_status(
    *,
    meeting: Meeting,
    status: str,
    by: User,
    request=None,
    today: datetime.date | None = None,
) -> Meeting:
    """Move a meeting to status (planned → held → minutes issued) and audit the change."""
    today = today or timezone.localdate()
    locked = _lock_meeting(meeting)
    old = locked.status
    if status not in MEETING_TRANSITIONS.get(old, ()):
        raise ValidationError(
            _("会议不能从“%(old)s”改为“%(new)s”。")
            % {"old": MeetingStatus(old).label, "new": MeetingStatus(status).label},
            code="transition",
        )
    if status == MeetingStatus.HELD and locked.date > today:
        raise ValidationError(_("会议日期还没到，不能标记为已召开。"), code="not_yet")
    if (
        status == MeetingStatus.MINUTES_ISSUED
        and not Minutes.objects.filter(meeting=locked).exists()
    ):
        raise ValidationError(_("请先填写并印发会议纪要。"), code="no_minutes")
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    meeting.status = status
    audit(
        AuditAction.TRANSITION,
        request=request,
        user=by,
        obj=locked,
        detail={"from": old, "to": status},
    )
    return locked


def _renumber(meeting: Meeting) -> None:
    items = list(meeting.agenda_items.order_by("order", "id"))
    for order, item in enumerate(items, start=1):
        item.order = order
    AgendaItem.objects.bulk_update(items, ["order"])


@transaction.atomic
def add_agenda_item(
    *, meeting: Meeting, title: str, presenter: str = "", by: User, request=None
) -> AgendaItem:
    """Append an item to the meeting's agenda."""
    meeting = _lock_meeting(meeting)
    _check_editable(meeting)
    last = meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0
    item = AgendaItem(meeting=meeting, order=last + 1, title=title.strip(), presenter=presenter)
    item.full_clean()
    item.save()
    audit(AuditAction.UPDATE, request=request, user=by, obj=meeting, detail={"agenda_add": title})
    return item


@transaction.atomic
def add_follow_up_agenda_item(*, meeting: Meeting, by: User, request=None) -> AgendaItem:
    """Put "上次会议议定事项落实情况" first on the agenda (once)."""
    meeting = _lock_meeting(meeting)
    _check_editable(meeting)
    if meeting.agenda_items.filter(is_follow_up=True).exists():
        raise ValidationError(_("议程中已有“上次会议议定事项落实情况”。"), code="duplicate")
    if not _has_earlier_open_items(meeting):
        raise ValidationError(_("以往会议没有未办结的议定事项。"), code="nothing")
    item = AgendaItem(meeting=meeting, order=0, title=_(FOLLOW_UP_AGENDA_TITLE), is_follow_up=True)
    item.full_clean()
    item.save()
    _renumber(meeting)
    audit(AuditAction.UPDATE, request=request, user=by, obj=meeting, detail={"agenda_follow_up": 1})
    item.refresh_from_db()
    return item


@transaction.atomic
def remove_agenda_item(*, item: AgendaItem, by: User, request=None) -> None:
    """Delete an agenda item and close the gap in the numbering."""
    meeting = _lock_meeting(item.meeting)
    _check_editable(meeting)
    title = item.title
    item.delete()
    _renumber(meeting)
    audit(
        AuditAction.UPDATE, request=request, user=by, obj=meeting, detail={"agenda_remove": title}
    )


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, up: bool, by: User, request=None) -> None:
    """Swap an agenda item with its neighbour above (up) or below."""
    meeting = _lock_meeting(item.meeting)
    _check_editable(meeting)
    items = list(meeting.agenda_items.order_by("order", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for order, entry in enumerate(items, start=1):
        entry.order = order
    AgendaItem.objects.bulk_update(items, ["order"])
    audit(
        AuditAction.UPDATE, request=request, user=by, obj=meeting, detail={"agenda_move": item.pk}
    )


# Before a meeting is held a unit can only be excused or have its delegate announced.
STATUSES_BEFORE_HELD = {AttendanceStatus.PENDING, AttendanceStatus.EXCUSED}


@transaction.atomic
def record_attendance(
    *,
    meeting: Meeting,
    entries: Mapping[int, AttendanceEntry],
    by: User,
    request=None,
) -> list[Attendance]:
    """Record, per invited unit (by unit id), whether and by whom it attended.

    Refuses the whole sheet if any unit was not invited; nothing is changed then.
    """
    meeting = _lock_meeting(meeting)
    if meeting.status == MeetingStatus.MINUTES_ISSUED:
        raise ValidationError(_("会议纪要已印发，出席情况不能再修改。"), code="locked")
    rows = {row.unit_id: row for row in meeting.attendances.select_related("unit")}
    strangers = set(entries) - set(rows)
    if strangers:
        # Units of other conferences are not named to whoever asks.
        named = MemberUnit.objects.filter(pk__in=strangers, region_id=meeting.region_id)
        names = _("、").join(named.values_list("name", flat=True)) or _("所选单位")
        raise ValidationError(
            _("%(units)s不在本次会议的邀请名单中，不能登记出席情况。") % {"units": names},
            code="not_invited",
        )
    changed, errors = [], []
    for unit_id, entry in entries.items():
        row = rows[unit_id]
        if meeting.status == MeetingStatus.PLANNED and entry.status not in STATUSES_BEFORE_HELD:
            errors.append(
                _("%(unit)s：会议尚未召开，只能登记请假或拟参会人员。") % {"unit": row.unit.name}
            )
            continue
        row.status = entry.status
        row.delegate_name = entry.delegate_name.strip()
        row.delegate_post = entry.delegate_post.strip()
        try:
            row.full_clean()
        except ValidationError as exc:
            errors += [
                _("%(unit)s：%(message)s") % {"unit": row.unit.name, "message": message}
                for message in exc.messages
            ]
            continue
        changed.append(row)
    if errors:
        raise ValidationError(errors)
    Attendance.objects.bulk_update(changed, ["status", "delegate_name", "delegate_post"])
    audit(
        AuditAction.UPDATE,
        request=request,
        user=by,
        obj=meeting,
        detail={"attendance": {str(row.unit_id): row.status for row in changed}},
    )
    return changed


@transaction.atomic
def issue_minutes(
    *,
    meeting: Meeting,
    year: int,
    serial: int,
    text: str,
    issued_on: datetime.date,
    distribution: str = "",
    by: User,
    request=None,
) -> Minutes:
    """Issue the minutes of a held meeting under a document number unique in its year."""
    given, meeting = meeting, _lock_meeting(meeting)
    if meeting.status == MeetingStatus.PLANNED:
        raise ValidationError(_("会议尚未召开，不能印发会议纪要。"), code="not_held")
    if not can_issue_minutes(meeting):
        raise ValidationError(_("本次会议的纪要已经印发。"), code="issued")
    minutes = Minutes(
        meeting=meeting,
        region=meeting.region,
        year=year,
        serial=serial,
        text=text.strip(),
        issued_on=issued_on,
        distribution=distribution.strip(),
        issued_by=by,
    )
    taken = (
        Minutes.objects.filter(region=meeting.region, year=year, serial=serial)
        .select_related("meeting")
        .first()
    )
    if taken is not None:
        raise ValidationError(
            {
                "number": _("文号%(number)s已用于“%(title)s”的纪要，请换一个文号。")
                % {"number": taken.number, "title": taken.meeting.title}
            }
        )
    try:
        minutes.full_clean()
    except ValidationError as exc:
        # The form knows the document number as one field.
        errors = exc.message_dict
        number_errors = errors.pop("year", []) + errors.pop("serial", [])
        if number_errors:
            errors["number"] = number_errors
        raise ValidationError(errors) from None
    minutes.save()
    audit(
        AuditAction.CREATE,
        request=request,
        user=by,
        obj=minutes,
        detail={"number": minutes.number},
    )
    set_meeting_status(meeting=meeting, status=MeetingStatus.MINUTES_ISSUED, by=by, request=request)
    given.status = meeting.status
    return minutes


@transaction.atomic
def add_action_item(
    *,
    meeting: Meeting,
    text: str,
    lead_unit: MemberUnit,
    due_date: datetime.date,
    co_units: Iterable[MemberUnit] = (),
    by: User,
    request=None,
) -> ActionItem:
    """Record an item agreed at a held meeting, led by one invited unit."""
    meeting = _lock_meeting(meeting)
    if meeting.status == MeetingStatus.PLANNED:
        raise ValidationError(_("会议尚未召开，不能登记议定事项。"), code="not_held")
    if not can_take_action_items(meeting):
        raise ValidationError(_("会议纪要已印发，不能再增加议定事项。"), code="issued")
    co_units = list(co_units)
    invited = set(meeting.attendances.values_list("unit_id", flat=True))
    errors = {}
    if lead_unit.pk not in invited:
        errors["lead_unit"] = _("牵头单位须是本次会议的参会单位。")
    if any(unit.pk not in invited for unit in co_units):
        errors["co_units"] = _("配合单位须是本次会议的参会单位。")
    elif any(unit.pk == lead_unit.pk for unit in co_units):
        errors["co_units"] = _("牵头单位不必再列为配合单位。")
    last = meeting.action_items.aggregate(last=Max("order"))["last"] or 0
    item = ActionItem(
        meeting=meeting,
        order=last + 1,
        text=text.strip(),
        lead_unit=lead_unit,
        due_date=due_date,
        created_by=by,
    )
    try:
        item.full_clean()
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    item.save()
    item.co_units.set(co_units)
    audit(
        AuditAction.CREATE,
        request=request,
        user=by,
        obj=item,
        detail={"meeting": meeting.pk, "lead_unit": lead_unit.pk, "due_date": str(due_date)},
    )
    return item


@transaction.atomic
def set_action_status(
    *,
    action: ActionItem,
    status: str,
    by: User,
    reason: str = "",
    request=None,
    today: datetime.date | None = None,
) -> ActionItem:
    """Move an action item to status, note it in the item's timeline and audit it.

    Done and cancelled items can be reopened (back to in progress); cancelling needs a
    reason.
    """
    today = today or timezone.localdate()
    locked = ActionItem.objects.select_for_update().get(pk=action.pk)
    old = locked.status
    if status not in ACTION_TRANSITIONS.get(old, ()):
        raise ValidationError(
            _("议定事项不能从“%(old)s”改为“%(new)s”。")
            % {"old": ActionStatus(old).label, "new": ActionStatus(status).label},
            code="transition",
        )
    reason = reason.strip()
    if status == ActionStatus.CANCELLED and not reason:
        raise ValidationError({"reason": _("撤销议定事项须说明原因。")})
    locked.status = status
    if status in (ActionStatus.DONE, ActionStatus.CANCELLED):
        locked.closed_on = today
    else:
        locked.closed_on = None
    locked.cancel_reason = reason if status == ActionStatus.CANCELLED else ""
    locked.full_clean()
    locked.save()
    note = ActionUpdate(
        action=locked,
        unit=by.unit,
        author=by,
        new_status=status,
        text=reason or _status_note(old, status),
        reported_on=today,
    )
    note.full_clean()
    note.save()
    audit(
        AuditAction.TRANSITION,
        request=request,
        user=by,
        obj=locked,
        detail={"from": old, "to": status, "reason": reason},
    )
    action.status, action.closed_on, action.cancel_reason = (
        locked.status,
        locked.closed_on,
        locked.cancel_reason,
    )
    return locked


def _status_note(old: str, new: str) -> str:
    if new == ActionStatus.DONE:
        return _("确认办结。")
    if old in (ActionStatus.DONE, ActionStatus.CANCELLED):
        return _("重新打开，继续办理。")
    if old == ActionStatus.OPEN and new == ActionStatus.IN_PROGRESS:
        return _("开始办理。")
    return _("状态改为“%(status)s”。") % {"status": ActionStatus(new).label}


@transaction.atomic
def post_action_update(
    *,
    action: ActionItem,
    text: str,
    reported_on: datetime.date,
    attachment: UploadedFile | None = None,
    by: User,
    request=None,
) -> ActionUpdate:
    """Report progress on an open action item, optionally with one attachment.

    The first report moves an item that has not been started to "in progress".
    """
    action = ActionItem.objects.select_for_update().select_related("meeting").get(pk=action.pk)
    if not can_report_progress(by, action):
        raise ValidationError(_("该事项已办结或已撤销，不能再报送进展。"), code="closed")
    errors = {}
    if reported_on > timezone.localdate():
        errors["reported_on"] = _("进展日期不能晚于今天。")
    elif reported_on < action.meeting.date:
        errors["reported_on"] = _("进展日期不能早于会议日期。")
    if attachment is not None:
        try:
            validate_attachment(attachment)
        except ValidationError as exc:
            errors["attachment"] = exc.messages
    if errors:
        raise ValidationError(errors)
    update = ActionUpdate(
        action=action, unit=by.unit, author=by, text=text.strip(), reported_on=reported_on
    )
    if attachment is not None:
        update.attachment = attachment
        update.attachment_name = PurePath(attachment.name).name[-200:]
        update.attachment_size = attachment.size
    update.full_clean()
    update.save()
    audit(
        AuditAction.CREATE,
        request=request,
        user=by,
        obj=update,
        detail={"action": action.pk, "attachment": update.attachment_name},
    )
    if action.status == ActionStatus.OPEN:
        set_action_status(action=action, status=ActionStatus.IN_PROGRESS, by=by, request=request)
    return update
