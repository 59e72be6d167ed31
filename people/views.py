from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import Cap, capability_required, has_cap
from people.filters import PersonFilter
from people.forms import PERSON_SECTIONS, ArchiveForm, PersonForm, build_formsets
from people.models import (
    Award,
    EducationRecord,
    FamilyMember,
    Person,
    SocialPosition,
    WorkHistory,
)
from people.selectors import (
    capped_count,
    get_person_for_user,
    page_of,
    persons_in_order,
    persons_visible_to,
    search_result_ids,
)
from people.services import (
    EditConflict,
    archive_person,
    create_person,
    diff_persons,
    restore_person,
    reveal_person_numbers,
    update_person,
)
from talent_pool.selectors import person_team_context, person_team_history

PER_PAGE = 30


def _page_number(raw, last_page: int) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), max(last_page, 1))


@require_GET
@capability_required(Cap.VIEW_ROSTER)
def person_list(request):
    filterset = PersonFilter(
        request.GET or None,
        queryset=persons_visible_to(
            request.user, include_archived=request.GET.get("archived") == "archived"
        ),
        user=request.user,
    )
    if filterset.is_bound and not filterset.is_valid():
        queryset = Person.objects.none()
    else:
        queryset = filterset.qs
        if not request.GET.get("sort"):
            queryset = queryset.order_by("name_pinyin", "id")
    searching = bool((request.GET.get("q") or "").strip())
    if searching:
        ids, capped = search_result_ids(queryset)
        count = len(ids)
    else:
        count, capped = capped_count(queryset)
    last_page = -(-count // PER_PAGE)
    number = _page_number(request.GET.get("page"), last_page)
    offset = (number - 1) * PER_PAGE
    if searching:
        persons = persons_in_order(ids[offset : offset + PER_PAGE])
    else:
        persons = page_of(queryset, offset=offset, size=PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/person_list.html",
        {
            "filter": filterset,
            "persons": persons,
            "count": count,
            "capped": capped,
            "page_number": number,
            "last_page": last_page,
            "has_previous": number > 1,
            "has_next": number < last_page,
            "query": query.urlencode(),
            "can_edit": has_cap(request.user, Cap.EDIT_ROSTER),
            "can_export": has_cap(request.user, Cap.EXPORT),
            "can_import": has_cap(request.user, Cap.IMPORT),
        },
    )


def _history(person: Person) -> list[dict]:
    """Return the person's change history, newest first, with what changed each time."""
    records = list(person.history.select_related("history_user").order_by("history_id"))
    editable = [f.name for f in Person._meta.concrete_fields if f.editable] + ["archived_at"]
    entries = []
    previous = None
    for record in records:
        changes = [] if previous is None else diff_persons(previous, record, editable)
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "type": record.get_history_type_display(),
                "section": _("基本信息"),
                "changes": changes,
                "reason": record.history_change_reason,
            }
        )
        previous = record
    for model in (EducationRecord, WorkHistory, SocialPosition, Award, FamilyMember):
        for record in model.history.filter(person_id=person.pk).select_related("history_user"):
            entries.append(
                {
                    "date": record.history_date,
                    "user": record.history_user,
                    "type": record.get_history_type_display(),
                    "section": model._meta.verbose_name,
                    "changes": [],
                    "summary": str(record.instance),
                    "reason": record.history_change_reason,
                }
            )
    return sorted(entries, key=lambda e: e["date"], reverse=True)


HIDDEN_ON_DETAIL = {"photo", "id_number", "mobile"}


def _person_sections(person: Person) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the person's fields by section as (label, shown value); numbers are masked."""
    sections = []
    for title, names in PERSON_SECTIONS:
        rows = []
        for name in names:
            if name in HIDDEN_ON_DETAIL:
                continue
            field = Person._meta.get_field(name)
            if field.choices:
                value = getattr(person, f"get_{name}_display")()
            else:
                value = getattr(person, name)
            if isinstance(value, bool):
                value = _("是") if value else _("否")
            rows.append((str(field.verbose_name), value))
        sections.append((title, rows))
    return sections


def _detail_context(request, person, **extra):
    return {
        "person": person,
        "sections": _person_sections(person),
        "educations": person.educations.all(),
        "work_history": person.work_history.all(),
        "social_positions": person.social_positions.all(),
        "awards": person.awards.all(),
        "family_members": person.family_members.all(),
        "history": sorted(
            _history(person) + person_team_history(request.user, person),
            key=lambda entry: entry["date"],
            reverse=True,
        ),
        "can_edit": has_cap(request.user, Cap.EDIT_ROSTER),
        "can_reveal": has_cap(request.user, Cap.REVEAL),
        "can_export": has_cap(request.user, Cap.EXPORT),
        "archive_form": ArchiveForm(),
        **person_team_context(request.user, person),
        **extra,
    }


@require_GET
@capability_required(Cap.VIEW_ROSTER)
def person_detail(request, pk):
    person = get_person_for_user(request.user, pk)
    return render(request, "people/person_detail.html", _detail_context(request, person))


@require_POST
@capability_required(Cap.VIEW_ROSTER)
def person_reveal(request, pk):
    person = get_person_for_user(request.user, pk)
    if not has_cap(request.user, Cap.REVEAL):
        raise PermissionDenied
    revealed = reveal_person_numbers(person=person, by=request.user, request=request)
    if request.htmx:
        return render(request, "people/includes/revealed.html", {"revealed": revealed})
    return render(
        request, "people/person_detail.html", _detail_context(request, person, revealed=revealed)
    )


@require_GET
@capability_required(Cap.VIEW_ROSTER)
def person_photo(request, pk):
    person = get_person_for_user(request.user, pk)
    if not person.photo:
        raise Http404
    return FileResponse(person.photo.open("rb"), content_type="image/jpeg")


def _duplicates(request, form):
    """Return visible live persons with the same name and birth date as the form's."""
    name, birth_date = form.cleaned_data.get("name"), form.instance.birth_date
    if not name or not birth_date:
        return []
    return list(
        persons_visible_to(request.user)
        .filter(name=name, birth_date=birth_date)
        .select_related("region")[:10]
    )


def _all_valid(form, formsets) -> bool:
    return all([form.is_valid(), *[formset.is_valid() for _title, formset in formsets]])


def _gap_warnings(request, formsets):
    for _title, formset in formsets:
        for warning in getattr(formset, "warnings", []):
            messages.warning(request, warning)


@require_http_methods(["GET", "POST"])
@capability_required(Cap.EDIT_ROSTER)
def person_create(request):
    form = PersonForm(request.POST or None, request.FILES or None, user=request.user)
    formsets = build_formsets(request.POST or None, instance=Person())
    duplicates = []
    if request.method == "POST" and _all_valid(form, formsets):
        duplicates = _duplicates(request, form)
        if not duplicates or request.POST.get("confirm_duplicate") == "yes":
            try:
                person = create_person(
                    person=form.instance,
                    formsets=[fs for _title, fs in formsets],
                    by=request.user,
                    request=request,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                _gap_warnings(request, formsets)
                messages.success(request, _("已录入 %(name)s。") % {"name": person.name})
                return redirect(person)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "formsets": formsets, "duplicates": duplicates, "creating": True},
    )


@require_http_methods(["GET", "POST"])
@capability_required(Cap.EDIT_ROSTER)
def person_edit(request, pk):
    person = get_person_for_user(request.user, pk, include_archived=False)
    form = PersonForm(
        request.POST or None, request.FILES or None, instance=person, user=request.user
    )
    formsets = build_formsets(request.POST or None, instance=person)
    conflict = None
    if request.method == "POST" and _all_valid(form, formsets):
        try:
            expected = int(form.cleaned_data.get("version") or 0)
            update_person(
                person=form.instance,
                expected_version=expected,
                changed_fields=form.changed_data,
                formsets=[fs for _title, fs in formsets],
                by=request.user,
                request=request,
            )
        except EditConflict as exc:
            seen = person.history.filter(version=expected).order_by("history_id").last()
            mine = diff_persons(seen, form.instance, form.changed_data) if seen else []
            conflict = {"theirs": exc.theirs, "mine": mine, "by": exc.by, "at": exc.at}
            # Show the saved state: the other user's edit is kept, ours is listed to redo.
            current = get_person_for_user(request.user, pk, include_archived=False)
            form = PersonForm(instance=current, user=request.user)
            formsets = build_formsets(instance=current)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            _gap_warnings(request, formsets)
            messages.success(request, _("%(name)s 的信息已保存。") % {"name": person.name})
            return redirect(person)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "formsets": formsets, "person": person, "conflict": conflict},
    )


@require_POST
@capability_required(Cap.EDIT_ROSTER)
def person_archive(request, pk):
    person = get_person_for_user(request.user, pk)
    form = ArchiveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("归档原因过长。"))
        archive_person(
            person=person, by=request.user, reason=form.cleaned_data["reason"], request=request
        )
    except ValidationError as exc:
        messages.error(request, _("；").join(exc.messages))
    else:
        messages.success(
            request, _("%(name)s 已归档，不再出现在名册、搜索和导出中。") % {"name": person.name}
        )
    return redirect(person)


@require_POST
@capability_required(Cap.EDIT_ROSTER)
def person_restore(request, pk):
    person = get_person_for_user(request.user, pk)
    try:
        restore_person(person=person, by=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, _("；").join(exc.messages))
    else:
        messages.success(request, _("%(name)s 已恢复为在册人员。") % {"name": person.name})
    return redirect(person)
