"""Pages of the joint conference: meetings, minutes and the agreed action items."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.enums import AuditAction, Role
from accounts.permissions import Cap, capability_required
from accounts.selectors import units_visible_to
from accounts.services import audit
from meetings import selectors, services
from meetings.docx import build_minutes_docx
from meetings.enums import ActionStatus, AttendanceStatus, MeetingStatus
from meetings.forms import (
    ActionFilterForm,
    ActionItemForm,
    ActionStatusForm,
    ActionUpdateForm,
    AgendaItemForm,
    AttendanceSheetForm,
    MeetingFilterForm,
    MeetingForm,
    MeetingStatusForm,
    MinutesForm,
    add_service_errors,
    meeting_initial,
    minutes_initial,
)
from meetings.models import ActionUpdate, AgendaItem, Minutes
from meetings.permissions import (
    ACTION_TRANSITIONS,
    can_be_marked_held,
    can_change_action_status,
    can_issue_minutes,
    can_manage_meetings,
    can_report_progress,
    can_take_action_items,
    is_meeting_editable,
)

PAGE_SIZE = 50
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def get_meeting_for_user(user, pk):
    """Return the meeting with pk if the user may see it; 404 otherwise."""
    return get_object_or_404(
        selectors.meetings_visible_to(user).select_related(
            "region", "minutes", "minutes__issued_by"
        ),
        pk=pk,
    )


def get_action_for_user(user, pk):
    """Return the action item with pk if the user may see it; 404 otherwise."""
    return get_object_or_404(
        selectors.action_items_visible_to(user)
        .select_related("meeting", "meeting__region", "lead_unit")
        .prefetch_related("co_units"),
        pk=pk,
    )


def _minutes_of(meeting):
    """Return the meeting's minutes, or None before they are issued."""
    try:
        return meeting.minutes
    except Minutes.DoesNotExist:
        return None


def _issued_minutes(meeting):
    minutes = _minutes_of(meeting)
    if minutes is None:
        raise Http404(_("会议纪要尚未印发。"))
    return minutes


@require_GET
@capability_required(Cap.VIEW_MEETINGS)
def meeting_list(request):
    user = request.user
    filters = MeetingFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    meetings = selectors.meeting_list(
        user,
        year=criteria.get("year"),
        kind=criteria.get("kind", ""),
        status=criteria.get("status", ""),
    )
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "today": today,
            "year": today.year,
            "rule_rows": selectors.plenary_rule(user, year=today.year),
            "minutes_overdue": selectors.minutes_overdue_count(user),
            "can_manage": can_manage_meetings(user),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required(Cap.EDIT_MEETINGS)
def meeting_create(request):
    region = request.user.unit.region
    open_items = selectors.earlier_open_items(request.user, region)
    today = timezone.localdate()
    form = MeetingForm(
        request.POST or None,
        region=region,
        # A plenary, the default kind, invites every active member unit.
        initial={
            "invited_units": list(
                units_visible_to(request.user)
                .filter(region=region, is_active=True)
                .values_list("pk", flat=True)
            )
        },
        open_items=open_items.count(),
        overdue_items=open_items.filter(due_date__lt=today).count(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.create_meeting(
                region=region,
                kind=data["kind"],
                title=data["title"],
                number=data["number"],
                date=data["date"],
                start_time=data["start_time"],
                place=data["place"],
                convener=data["convener"],
                invited_units=data["invited_units"],
                agenda=form.agenda_lines(),
                add_follow_up=data.get("add_follow_up", False),
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("会议已登记。"))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None})


@require_http_methods(["GET", "POST"])
@capability_required(Cap.EDIT_MEETINGS)
def meeting_edit(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    if not is_meeting_editable(meeting):
        messages.error(request, services.MINUTES_LOCKED)
        return redirect(meeting)
    form = MeetingForm(
        request.POST or None,
        region=meeting.region,
        meeting=meeting,
        initial=meeting_initial(meeting),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_meeting(
                meeting=meeting,
                kind=data["kind"],
                title=data["title"],
                number=data["number"],
                date=data["date"],
                start_time=data["start_time"],
                place=data["place"],
                convener=data["convener"],
                invited_units=data["invited_units"],
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("会议信息已保存。"))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


def _render_meeting(request, meeting, **forms):
    """Render the meeting page; forms bound with errors replace the blank ones."""
    user = request.user
    today = timezone.localdate()
    attendances = list(selectors.meeting_attendances(meeting))
    agenda = list(selectors.meeting_agenda(meeting))
    has_follow_up = any(item.is_follow_up for item in agenda)
    earlier_items = list(selectors.earlier_open_items(user, meeting))
    manage = can_manage_meetings(user)
    editable = is_meeting_editable(meeting)
    context = {
        "meeting": meeting,
        "minutes": _minutes_of(meeting),
        "attendances": attendances,
        "agenda": agenda,
        "earlier_items": earlier_items,
        "offer_follow_up": manage and editable and earlier_items and not has_follow_up,
        "action_items": list(selectors.meeting_action_items(user, meeting)),
        "today": today,
        "can_manage": manage,
        "editable": manage and editable,
        "can_mark_held": manage and can_be_marked_held(meeting, today),
        "can_issue": manage and can_issue_minutes(meeting),
        "can_take_items": manage and can_take_action_items(meeting),
        "held_status": MeetingStatus.HELD,
    }
    if manage:
        context["agenda_form"] = forms.get("agenda_form") or AgendaItemForm()
        if meeting.status != MeetingStatus.MINUTES_ISSUED:
            context["attendance_form"] = AttendanceSheetForm(attendances=attendances)
        if context["can_take_items"]:
            context["action_form"] = ActionItemForm(meeting=meeting)
        if context["can_issue"]:
            year = today.year
            context["minutes_form"] = MinutesForm(
                initial=minutes_initial(
                    year=year, serial=selectors.next_minutes_serial(meeting.region, year)
                )
            )
        # A form sent back with errors is shown whatever the meeting's state, so that
        # the message explains why nothing changed.
        context.update(forms)
    return render(request, "meetings/meeting_detail.html", context)


@require_GET
@capability_required(Cap.VIEW_MEETINGS)
def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    return _render_meeting(request, meeting)


@require_POST
@capability_required(Cap.EDIT_MEETINGS)
def meeting_set_status(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    form = MeetingStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请求无效。"))
        return redirect(meeting)
    try:
        services.set_meeting_status(
            meeting=meeting, status=form.cleaned_data["status"], by=request.user, request=request
        )
    except ValidationError as exc:
        messages.error(request, _("；").join(exc.messages))
    else:
        messages.success(
            request,
            _("会议状态已改为“%(status)s”。") % {"status": meeting.get_status_display()},
        )
    return redirect(meeting)


@require_POST
@capability_required(Cap.EDIT_MEETINGS)
def agenda_add(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.add_agenda_item(
                meeting=meeting,
                title=form.cleaned_data["title"],
                presenter=form.cleaned_data["presenter"],
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("议题已加入议程。"))
            return redirect(meeting)
    return _render_meeting(request, meeting, agenda_form=form)


@require_POST
@capability_required(Cap.EDIT_MEETINGS)
def agenda_follow_up(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    try:
        services.add_follow_up_agenda_item(meeting=meeting, by=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, _("；").join(exc.messages))
    else:
        messages.success(request, _("已将“上次会议议定事项落实情况”列为第一项议程。"))
    return redirect(meeting)


def _agenda_item(request, pk, item_pk):
    meeting = get_meeting_for_user(request.user, pk)
    return meeting, get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)


@require_POST
@capability_required(Cap.EDIT_MEETINGS)
def agenda_remove(request, pk, item_pk):
    meeting, item = _agenda_item(request, pk, item_pk)
    try:
        services.remove_agenda_item(item=item, by=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, _("；").join(exc.messages))
    else:
        messages.success(request, _("议题已删除。"))
    return redirect(meeting)


@require_POST
@capability_required(Cap.EDIT_MEETINGS)
def agenda_move(request, pk, item_pk):
    meeting, item = _agenda_item(request, pk, item_pk)
    try:
        services.move_agenda_item(
            item=item, up=request.POST.get("direction") == "up", by=request.user, request=request
        )
    except ValidationError as exc:
        messages.error(request, _("；").join(exc.messages))
    return redirect(meeting)


@require_POST
@capability_required(Cap.EDIT_MEETINGS)
def attendance_record(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    form = AttendanceSheetForm(request.POST, attendances=selectors.meeting_attendances(meeting))
    if form.is_valid():
        try:
            services.record_attendance(
                meeting=meeting, entries=form.entries(), by=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("出席情况已保存。"))
            return redirect(meeting)
    return _render_meeting(request, meeting, attendance_form=form)


@require_POST
@capability_required(Cap.EDIT_MEETINGS)
def action_add(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    form = ActionItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_action_item(
                meeting=meeting,
                text=data["text"],
                lead_unit=data["lead_unit"],
                co_units=data["co_units"],
                due_date=data["due_date"],
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("议定事项已登记。"))
            return redirect(meeting)
    return _render_meeting(request, meeting, action_form=form)


@require_POST
@capability_required(Cap.EDIT_MEETINGS)
def minutes_issue(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        year, serial = data["number"]
        try:
            minutes = services.issue_minutes(
                meeting=meeting,
                year=year,
                serial=serial,
                text=data["text"],
                issued_on=data["issued_on"],
                distribution=data["distribution"],
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("会议纪要%(number)s已印发。") % {"number": minutes.number})
            return redirect(meeting)
    meeting.refresh_from_db(fields=["status"])
    return _render_meeting(request, meeting, minutes_form=form)


@require_GET
@capability_required(Cap.VIEW_MEETINGS)
def minutes_print(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    minutes = _issued_minutes(meeting)
    attendances = list(selectors.meeting_attendances(meeting))
    return render(
        request,
        "meetings/minutes_print.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "attended": [row for row in attendances if row.status == AttendanceStatus.ATTENDED],
            "excused": [row for row in attendances if row.status == AttendanceStatus.EXCUSED],
            "absent": [row for row in attendances if row.status == AttendanceStatus.ABSENT],
            "action_items": list(selectors.minutes_action_items(meeting)),
        },
    )


@require_GET
@capability_required(Cap.VIEW_MEETINGS)
def minutes_docx(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    minutes = _issued_minutes(meeting)
    content = build_minutes_docx(
        meeting=meeting,
        minutes=minutes,
        attendances=selectors.meeting_attendances(meeting),
        action_items=selectors.minutes_action_items(meeting),
    )
    audit(
        AuditAction.EXPORT,
        request=request,
        obj=minutes,
        detail={"format": "docx", "bytes": len(content)},
    )
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=_("会议纪要%(number)s.docx") % {"number": minutes.number}
    )
    return response


@require_GET
@capability_required(Cap.VIEW_MEETINGS)
def action_list(request):
    user = request.user
    is_liaison = user.role == Role.UNIT_LIAISON
    filters = ActionFilterForm(
        request.GET or None,
        units=None if is_liaison else units_visible_to(user).order_by("region__path", "order"),
        meetings=selectors.meetings_visible_to(user).order_by("-date"),
    )
    criteria = filters.cleaned_data if filters.is_valid() else {}
    items = selectors.action_list(
        user,
        unit=criteria.get("unit"),
        meeting=criteria.get("meeting"),
        status=criteria.get("status", ""),
        overdue=criteria.get("overdue", False),
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/action_list.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "is_liaison": is_liaison,
        },
    )


TRANSITION_ORDER = [ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CANCELLED]


def _transition_button(action, status) -> dict:
    """Return how the page offers one status change of an action item."""
    if status == ActionStatus.DONE:
        label, style = _("确认办结"), "success"
    elif status == ActionStatus.CANCELLED:
        label, style = _("撤销事项"), "outline-secondary"
    elif action.is_closed:
        label, style = _("重新打开"), "outline-primary"
    else:
        label, style = _("开始办理"), "outline-primary"
    return {
        "status": status,
        "label": label,
        "style": style,
        "needs_reason": status == ActionStatus.CANCELLED,
    }


def _render_action(request, action, *, update_form=None, status_form=None):
    user = request.user
    transitions = [
        _transition_button(action, status)
        for status in TRANSITION_ORDER
        if status in ACTION_TRANSITIONS.get(action.status, ())
        and can_change_action_status(user, action, status)
    ]
    context = {
        "action": action,
        "meeting": action.meeting,
        "timeline": list(selectors.action_timeline(action)),
        "today": timezone.localdate(),
        "transitions": transitions,
        "status_form": status_form or ActionStatusForm(),
        "can_report": can_report_progress(user, action),
    }
    if context["can_report"]:
        context["update_form"] = update_form or ActionUpdateForm()
    return render(request, "meetings/action_detail.html", context)


@require_GET
@capability_required(Cap.VIEW_MEETINGS)
def action_detail(request, pk):
    return _render_action(request, get_action_for_user(request.user, pk))


@require_POST
@capability_required(Cap.UPDATE_ACTIONS)
def action_update(request, pk):
    action = get_action_for_user(request.user, pk)
    form = ActionUpdateForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.post_action_update(
                action=action,
                text=form.cleaned_data["text"],
                reported_on=form.cleaned_data["reported_on"],
                attachment=form.cleaned_data["attachment"] or None,
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("办理进展已报送。"))
            return redirect(action)
    return _render_action(request, action, update_form=form)


@require_POST
@capability_required(Cap.EDIT_MEETINGS)
def action_set_status(request, pk):
    action = get_action_for_user(request.user, pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_action_status(
                action=action,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("议定事项已改为“%(status)s”。") % {"status": action.get_status_display()},
            )
            return redirect(action)
    return _render_action(request, action, status_form=form)


@require_GET
@capability_required(Cap.VIEW_MEETINGS)
def attachment_download(request, pk, update_pk):
    action = get_action_for_user(request.user, pk)
    update = get_object_or_404(ActionUpdate, pk=update_pk, action=action)
    if not update.attachment:
        raise Http404(_("没有附件。"))
    name = update.attachment_name or update.attachment.name.rsplit("/", 1)[-1]
    handle = update.attachment.open("rb")
    audit(
        AuditAction.EXPORT,
        request=request,
        obj=action,
        detail={"attachment": name, "update": update.pk, "bytes": update.attachment.size},
    )
    return FileResponse(handle, as_attachment=True, filename=name)
