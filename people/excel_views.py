"""The roster's Excel pages: registration forms, the roster export, the import and its
template. Every file goes through the same selector and filters as the roster list.
"""

from django.contrib import messages
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.enums import AuditAction
from accounts.permissions import Cap, capability_required, has_cap
from accounts.services import audit
from people.filters import PersonFilter
from people.models import Person
from people.resources import RosterWriter, export_queryset
from people.selectors import get_person_for_user, persons_visible_to
from people.xlsx import registration_workbook, temporary_file
from talent_pool.enums import EntryStatus
from talent_pool.models import PoolEntry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# More forms than this in one workbook is no longer a printable batch.
REGISTRATION_LIMIT = 200
# A roster export larger than this is refused; narrow the filters instead.
EXPORT_LIMIT = 200_000


def filtered_persons(request):
    """Return the persons the roster list shows for this request's filters, in its order."""
    filterset = PersonFilter(
        request.GET or None,
        queryset=persons_visible_to(
            request.user, include_archived=request.GET.get("archived") == "archived"
        ),
        user=request.user,
    )
    if filterset.is_bound and not filterset.is_valid():
        return Person.objects.none()
    queryset = filterset.qs
    if not request.GET.get("sort"):
        queryset = queryset.order_by("name_pinyin", "id")
    return queryset


def filter_detail(request) -> dict:
    """Return the list filters of the request for the audit record."""
    detail = {}
    for key, values in request.GET.lists():
        if key == "page":
            continue
        detail[key] = values[0] if len(values) == 1 else values
    return detail


def list_url(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    url = reverse("people:list")
    return f"{url}?{query.urlencode()}" if query else url


def xlsx_response(workbook_file, filename: str) -> FileResponse:
    return FileResponse(workbook_file, as_attachment=True, filename=filename, content_type=XLSX)


REGISTRATION_PREFETCH = (
    "educations",
    "work_history",
    "social_positions",
    "awards",
    "family_members",
    Prefetch(
        "pool_entries",
        queryset=PoolEntry.objects.filter(status=EntryStatus.ACTIVE).select_related("region"),
    ),
)


@require_GET
@capability_required(Cap.EXPORT)
def registration_form(request, pk):
    person = get_person_for_user(request.user, pk)
    prefetch_related_objects([person], *REGISTRATION_PREFETCH)
    reveal = has_cap(request.user, Cap.REVEAL)
    workbook = registration_workbook([person], reveal=reveal)
    audit(
        AuditAction.EXPORT,
        request=request,
        obj=person,
        detail={"kind": "registration", "rows": 1, "revealed": reveal},
    )
    return xlsx_response(temporary_file(workbook), f"{person.name}登记表.xlsx")


@require_GET
@capability_required(Cap.EXPORT)
def registration_forms(request):
    queryset = filtered_persons(request).select_related("subtype", "region")
    persons = list(queryset[: REGISTRATION_LIMIT + 1])
    if len(persons) > REGISTRATION_LIMIT:
        messages.error(
            request,
            f"符合条件的人员超过{REGISTRATION_LIMIT}人，无法放入一个登记表文件。"
            "请增加筛选条件缩小范围后再导出。",
        )
        return redirect(list_url(request))
    prefetch_related_objects(persons, *REGISTRATION_PREFETCH)
    reveal = has_cap(request.user, Cap.REVEAL)
    workbook = registration_workbook(persons, reveal=reveal)
    audit(
        AuditAction.EXPORT,
        request=request,
        detail={
            "kind": "registrations",
            "filter": filter_detail(request),
            "rows": len(persons),
            "revealed": reveal,
        },
    )
    return xlsx_response(temporary_file(workbook), f"登记表{timezone.localdate():%Y%m%d}.xlsx")


@require_GET
@capability_required(Cap.EXPORT)
def roster_export(request):
    queryset = filtered_persons(request)
    if queryset.order_by()[: EXPORT_LIMIT + 1].count() > EXPORT_LIMIT:
        messages.error(
            request,
            f"符合条件的人员超过{EXPORT_LIMIT:,}人，请增加筛选条件缩小范围后再导出。",
        )
        return redirect(list_url(request))
    reveal = has_cap(request.user, Cap.REVEAL)
    writer = RosterWriter(reveal=reveal)
    rows = writer.write(export_queryset(queryset))
    handle = writer.save()
    audit(
        AuditAction.EXPORT,
        request=request,
        detail={
            "kind": "roster",
            "filter": filter_detail(request),
            "rows": rows,
            "revealed": reveal,
        },
    )
    return xlsx_response(handle, f"人员名册{timezone.localdate():%Y%m%d}.xlsx")
