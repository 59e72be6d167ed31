"""The team records' pages: political arrangements, training, key contacts and
associations (新联会)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.enums import AuditAction
from accounts.permissions import Cap, capability_required, has_cap
from accounts.services import audit
from people.selectors import get_person_for_user
from talent_pool.enums import ArrangementKind, ArrangementStatus, CouncilRole, Level
from talent_pool.forms import (
    ArrangementFilter,
    ArrangementForm,
    AssignmentForm,
    AssociationForm,
    ContactLogForm,
    CouncilPostForm,
    CourseForm,
    MemberForm,
    PersonPickForm,
)
from talent_pool.models import ContactLog, CouncilPost, PoliticalArrangement, TrainingCourse
from talent_pool.permissions import can_edit_pool_region, can_log_contact
from talent_pool.selectors import (
    arrangements_visible_to,
    assignments_with_last_contact,
    associations_visible_to,
    associations_with_counts,
    choice_order,
    contact_overdue_days,
    courses_visible_to,
    courses_with_counts,
    get_assignment_for_user,
    person_times_by_year,
)
from talent_pool.services import (
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
from talent_pool.views.common import error_text, paginate, person_candidates
from talent_pool.xlsx import write_arrangements

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --------------------------------------------------------------------------------------
# Political arrangements


def filtered_arrangements(request):
    filterset = ArrangementFilter(
        request.GET,
        queryset=arrangements_visible_to(request.user).select_related(
            "person", "person__subtype", "person__region"
        ),
    )
    if not filterset.is_valid():
        return filterset, PoliticalArrangement.objects.none()
    return filterset, filterset.qs.order_by(
        choice_order("kind", ArrangementKind),
        choice_order("level", Level),
        "person__name_pinyin",
        "id",
    )


def _counts(queryset, field, choices) -> list[tuple[str, int]]:
    counted = {
        row[field]: row["n"]
        for row in queryset.order_by().values(field).annotate(n=Count("id")).order_by()
    }
    return [(label, counted.get(value, 0)) for value, label in choices]


@require_GET
@capability_required(Cap.VIEW_POOL)
def arrangement_list(request):
    filterset, queryset = filtered_arrangements(request)
    arrangements, page = paginate(request, queryset)
    return render(
        request,
        "talent_pool/arrangement_list.html",
        {
            "filter": filterset,
            "arrangements": arrangements,
            **page,
            "by_kind": _counts(queryset, "kind", ArrangementKind.choices),
            "by_level": _counts(queryset, "level", Level.choices),
            "by_status": _counts(queryset, "status", ArrangementStatus.choices),
            "by_term": [
                (row["term"] or _("未填届次"), row["n"])
                for row in queryset.order_by()
                .values("term")
                .annotate(n=Count("id"))
                .order_by("term")
            ],
            "can_export": has_cap(request.user, Cap.EXPORT),
            "this_year": timezone.localdate().year,
        },
    )


@require_GET
@capability_required(Cap.EXPORT)
def arrangement_export(request):
    _filterset, queryset = filtered_arrangements(request)
    handle, count = write_arrangements(queryset.iterator(chunk_size=2000))
    audit(
        AuditAction.EXPORT,
        request=request,
        detail={
            "kind": "arrangements",
            "filter": {key: request.GET.getlist(key) for key in request.GET if key != "page"},
            "rows": count,
        },
    )
    date = timezone.localdate().strftime("%Y%m%d")
    filename = _("政治安排%(date)s") % {"date": date} + ".xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


def _arrangement_form(request, arrangement, person):
    if not can_edit_pool_region(request.user, person.region):
        raise PermissionDenied
    form = ArrangementForm(request.POST or None, instance=arrangement)
    if request.method == "POST" and form.is_valid():
        try:
            save_arrangement(arrangement=form.instance, by=request.user, request=request)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s的政治安排已保存。") % {"name": person.name})
            return redirect(person)
    return render(
        request,
        "talent_pool/arrangement_form.html",
        {"form": form, "person": person, "arrangement": arrangement},
    )


@require_http_methods(["GET", "POST"])
@capability_required(Cap.EDIT_POOL)
def arrangement_create(request, person_pk):
    person = get_person_for_user(request.user, person_pk, include_archived=False)
    return _arrangement_form(request, PoliticalArrangement(person=person), person)


@require_http_methods(["GET", "POST"])
@capability_required(Cap.EDIT_POOL)
def arrangement_edit(request, pk):
    arrangement = get_object_or_404(
        arrangements_visible_to(request.user).select_related("person", "person__region"), pk=pk
    )
    return _arrangement_form(request, arrangement, arrangement.person)


# --------------------------------------------------------------------------------------
# Training


@require_GET
@capability_required(Cap.VIEW_POOL)
def course_list(request):
    courses, page = paginate(request, courses_with_counts(request.user))
    return render(
        request,
        "talent_pool/course_list.html",
        {
            "courses": courses,
            **page,
            "by_year": person_times_by_year(request.user),
            "can_edit": has_cap(request.user, Cap.EDIT_POOL),
            "this_year": timezone.localdate().year,
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required(Cap.EDIT_POOL)
def course_create(request):
    form = CourseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if not can_edit_pool_region(request.user, form.cleaned_data["region"]):
            raise PermissionDenied
        try:
            course = save_course(course=form.instance, by=request.user, request=request)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("培训班“%(title)s”已录入，请添加学员。") % {"title": course.title}
            )
            return redirect(course)
    return render(request, "talent_pool/course_form.html", {"form": form})


def _get_course(request, pk) -> TrainingCourse:
    return get_object_or_404(courses_visible_to(request.user).select_related("region"), pk=pk)


@require_GET
@capability_required(Cap.VIEW_POOL)
def course_detail(request, pk):
    course = _get_course(request, pk)
    can_edit = can_edit_pool_region(request.user, course.region)
    q, candidates = person_candidates(request) if can_edit else ("", [])
    participants = course.participants.select_related(
        "person", "person__subtype", "person__region"
    ).order_by("person__name_pinyin", "id")
    return render(
        request,
        "talent_pool/course_detail.html",
        {
            "course": course,
            "participants": participants,
            "can_edit": can_edit,
            "q": q,
            "candidates": candidates,
        },
    )


@require_POST
@capability_required(Cap.EDIT_POOL)
def course_participant_add(request, pk):
    course = _get_course(request, pk)
    form = PersonPickForm(request.POST, user=request.user)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["person"])
        add_participant(
            course=course, person=form.cleaned_data["person"], by=request.user, request=request
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("已添加学员%(name)s。") % {"name": form.cleaned_data["person"].name}
        )
    return redirect(course)


@require_POST
@capability_required(Cap.EDIT_POOL)
def course_participant_remove(request, pk, participant_pk):
    course = _get_course(request, pk)
    participant = get_object_or_404(course.participants.select_related("person"), pk=participant_pk)
    remove_participant(participant=participant, by=request.user, request=request)
    messages.success(request, _("已移除学员%(name)s。") % {"name": participant.person.name})
    return redirect(course)


# --------------------------------------------------------------------------------------
# Key contacts (列名联系)


@require_GET
@capability_required(Cap.VIEW_POOL)
def contact_list(request):
    queryset = assignments_with_last_contact(request.user).order_by(
        "leader__username", "person__name_pinyin", "id"
    )
    leader = request.GET.get("leader", "")
    if leader.isdigit():
        queryset = queryset.filter(leader_id=int(leader))
    if request.GET.get("overdue") == "yes":
        queryset = queryset.filter(overdue=True)
    assignments, page = paginate(request, queryset)
    return render(
        request,
        "talent_pool/contact_list.html",
        {
            "assignments": assignments,
            **page,
            "overdue_days": contact_overdue_days(),
            "own_only": request.user.role != "staff",
            "can_edit": has_cap(request.user, Cap.EDIT_POOL),
            "this_year": timezone.localdate().year,
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required(Cap.EDIT_POOL)
def contact_create(request):
    q, candidates = person_candidates(request)
    form = AssignmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            assignment = assign_contact(
                leader=form.cleaned_data["leader"], person=person, by=request.user, request=request
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("已确定%(leader)s列名联系%(name)s。")
                % {"leader": assignment.leader, "name": person.name},
            )
            return redirect("talent_pool:contacts")
    return render(
        request,
        "talent_pool/contact_form.html",
        {"form": form, "q": q, "candidates": candidates},
    )


def _contact_context(request, assignment, form=None):
    return {
        "assignment": assignment,
        "logs": assignment.logs.select_related("created_by").order_by("-date", "-id"),
        "can_log": can_log_contact(request.user, assignment),
        "can_end": assignment.is_active
        and can_edit_pool_region(request.user, assignment.person.region),
        "form": form or ContactLogForm(initial={"date": timezone.localdate()}),
    }


@require_GET
@capability_required(Cap.VIEW_POOL)
def contact_detail(request, pk):
    assignment = get_assignment_for_user(request.user, pk)
    return render(request, "talent_pool/contact_detail.html", _contact_context(request, assignment))


@require_POST
@capability_required(Cap.VIEW_POOL)
def contact_log(request, pk):
    assignment = get_assignment_for_user(request.user, pk)
    if not can_log_contact(request.user, assignment):
        raise PermissionDenied
    form = ContactLogForm(request.POST, instance=ContactLog(assignment=assignment))
    if form.is_valid():
        try:
            log_contact(log=form.instance, by=request.user, request=request)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("与%(name)s的联系已记录。") % {"name": assignment.person.name}
            )
            return redirect(assignment)
    return render(
        request,
        "talent_pool/contact_detail.html",
        _contact_context(request, assignment, form),
        status=400,
    )


@require_POST
@capability_required(Cap.EDIT_POOL)
def contact_end(request, pk):
    assignment = get_assignment_for_user(request.user, pk)
    try:
        end_contact(assignment=assignment, by=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已结束该列名联系。"))
    return redirect("talent_pool:contacts")


# --------------------------------------------------------------------------------------
# Associations (新联会)


@require_GET
@capability_required(Cap.VIEW_POOL)
def association_list(request):
    return render(
        request,
        "talent_pool/association_list.html",
        {
            "associations": list(associations_with_counts(request.user)),
            "can_edit": has_cap(request.user, Cap.EDIT_POOL),
            "this_year": timezone.localdate().year,
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required(Cap.EDIT_POOL)
def association_create(request):
    form = AssociationForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            association = save_association(
                association=form.instance, by=request.user, request=request
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s已登记。") % {"name": association.name})
            return redirect(association)
    return render(request, "talent_pool/association_form.html", {"form": form})


def _get_association(request, pk):
    return get_object_or_404(associations_visible_to(request.user).select_related("region"), pk=pk)


def _association_context(request, association, **extra):
    can_edit = can_edit_pool_region(request.user, association.region)
    q, candidates = person_candidates(request) if can_edit else ("", [])
    members = list(
        association.memberships.select_related("person", "person__subtype").order_by(
            "person__name_pinyin", "id"
        )
    )
    return {
        "association": association,
        "members": members,
        "posts": association.council_posts.select_related("person").order_by(
            "-term", choice_order("role", CouncilRole), "id"
        ),
        "member_count": sum(1 for m in members if m.left_on is None),
        "can_edit": can_edit,
        "q": q,
        "candidates": candidates,
        "member_form": extra.pop("member_form", None)
        or MemberForm(user=request.user, initial={"joined_on": timezone.localdate()}),
        "post_form": extra.pop("post_form", None) or CouncilPostForm(user=request.user),
        **extra,
    }


@require_GET
@capability_required(Cap.VIEW_POOL)
def association_detail(request, pk):
    association = _get_association(request, pk)
    return render(
        request,
        "talent_pool/association_detail.html",
        _association_context(request, association),
    )


@require_POST
@capability_required(Cap.EDIT_POOL)
def association_member_add(request, pk):
    association = _get_association(request, pk)
    form = MemberForm(request.POST, user=request.user)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        add_member(
            association=association,
            person=form.cleaned_data["person"],
            joined_on=form.cleaned_data["joined_on"],
            by=request.user,
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("%(name)s已入会。") % {"name": form.cleaned_data["person"].name}
        )
    return redirect(association)


@require_POST
@capability_required(Cap.EDIT_POOL)
def association_post_add(request, pk):
    association = _get_association(request, pk)
    form = CouncilPostForm(
        request.POST, instance=CouncilPost(association=association), user=request.user
    )
    if form.is_valid():
        try:
            add_council_post(post=form.instance, by=request.user, request=request)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("理事会职务已登记。"))
            return redirect(association)
    return render(
        request,
        "talent_pool/association_detail.html",
        _association_context(request, association, post_form=form),
        status=400,
    )


@require_GET
@capability_required(Cap.VIEW_POOL)
def association_charter(request, pk):
    association = _get_association(request, pk)
    if not association.charter:
        raise Http404
    suffix = association.charter.name.rsplit(".", 1)[-1].lower()
    return FileResponse(
        association.charter.open("rb"),
        as_attachment=True,
        filename=_("%(name)s章程") % {"name": association.name} + f".{suffix}",
    )
