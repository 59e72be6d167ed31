"""The roster's Excel pages: registration forms, the roster export, the import and its
template. Every file goes through the same selector and filters as the roster list.
"""

from django import forms
from django.contrib import messages
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from accounts.enums import AuditAction
from accounts.permissions import Cap, capability_required, has_cap
from accounts.services import audit
from people.filters import PersonFilter
from people.importing import (
    INVALID,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    STATUS_LABELS,
    ImportFileError,
    ImportRefused,
    apply_import,
    check_upload,
    delete_stored,
    load_preview,
    plan_import,
    preview_data,
    save_preview,
    store_upload,
    stored_path,
    template_workbook,
)
from people.models import Person
from people.resources import RosterWriter, export_rows
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
    filename = _("%(name)s登记表") % {"name": person.name} + ".xlsx"
    return xlsx_response(temporary_file(workbook), filename)


@require_GET
@capability_required(Cap.EXPORT)
def registration_forms(request):
    queryset = filtered_persons(request).select_related("subtype", "region")
    persons = list(queryset[: REGISTRATION_LIMIT + 1])
    if len(persons) > REGISTRATION_LIMIT:
        messages.error(
            request,
            _(
                "符合条件的人员超过%(limit)s人，无法放入一个登记表文件。"
                "请增加筛选条件缩小范围后再导出。"
            )
            % {"limit": REGISTRATION_LIMIT},
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
    date = timezone.localdate().strftime("%Y%m%d")
    filename = _("登记表%(date)s") % {"date": date} + ".xlsx"
    return xlsx_response(temporary_file(workbook), filename)


@require_GET
@capability_required(Cap.EXPORT)
def roster_export(request):
    queryset = filtered_persons(request)
    if queryset.order_by()[: EXPORT_LIMIT + 1].count() > EXPORT_LIMIT:
        messages.error(
            request,
            _("符合条件的人员超过%(limit)s人，请增加筛选条件缩小范围后再导出。")
            % {"limit": f"{EXPORT_LIMIT:,}"},
        )
        return redirect(list_url(request))
    reveal = has_cap(request.user, Cap.REVEAL)
    writer = RosterWriter(reveal=reveal)
    rows = writer.write_rows(export_rows(queryset))
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
    date = timezone.localdate().strftime("%Y%m%d")
    filename = _("人员名册%(date)s") % {"date": date} + ".xlsx"
    return xlsx_response(handle, filename)


# --------------------------------------------------------------------------------------
# Import: upload → preview → confirm, all on /people/import/.

SESSION_KEY = "people_import"
PREVIEW_PER_PAGE = 50


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel文件（.xlsx）"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "class": "form-control",
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload)
        except ImportFileError as exc:
            raise forms.ValidationError(exc.message) from None
        return upload


def _upload_page(request, form, status=200):
    return render(
        request,
        "people/import_upload.html",
        {"form": form, "max_rows": MAX_ROWS, "max_mb": MAX_UPLOAD_BYTES // 1024 // 1024},
        status=status,
    )


def _session_import(request, token: str) -> dict:
    """Return the stored preview of the user's pending import with this token; 404 for
    any other token (another user's, an old one, a forged one)."""
    entry = request.session.get(SESSION_KEY) or {}
    if not token or entry.get("token") != token or entry.get("user") != request.user.pk:
        raise Http404
    try:
        preview = load_preview(token)
    except ImportFileError:
        raise Http404 from None
    if preview.get("user") != request.user.pk:
        raise Http404
    return preview


def _forget_import(request) -> None:
    entry = request.session.pop(SESSION_KEY, None)
    if entry:
        delete_stored(entry.get("token", ""))


class UploadLimitHandler(FileUploadHandler):
    """Stop receiving an uploaded file once it passes the import's size cap.

    The rest of the request body is read and thrown away, so nothing of an oversized file
    is kept in memory or on disk; the view then shows the size message.
    """

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > MAX_UPLOAD_BYTES:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def _size_message() -> str:
    return _("文件超过%(max)sMB的上限。请拆分为多个文件分批导入。") % {
        "max": MAX_UPLOAD_BYTES // 1024 // 1024
    }


# CSRF is checked by csrf_protect on _roster_import, after the upload limit is in place:
# the CSRF middleware would otherwise read (and store) the whole body first.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@capability_required(Cap.IMPORT)
def roster_import(request):
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_UPLOAD_BYTES + 1024 * 1024:
            # Far too large: answer without reading the body at all.
            form = ImportUploadForm()
            form.errors["file"] = form.error_class([_size_message()])
            response = _upload_page(request, form, status=413)
            response["Connection"] = "close"
            return response
        request.upload_handlers.insert(0, UploadLimitHandler(request))
    return _roster_import(request)


@csrf_protect
def _roster_import(request):
    if request.method == "POST":
        action = request.POST.get("action", "upload")
        if action == "confirm":
            return _import_confirm(request)
        if action == "cancel":
            _session_import(request, request.POST.get("token", ""))
            _forget_import(request)
            messages.info(request, _("已取消本次导入，上传的文件已删除。"))
            return redirect("people:import")
        return _import_upload(request)
    token = request.GET.get("token")
    if token:
        return _import_preview(request, token)
    return _upload_page(request, ImportUploadForm())


def _import_upload(request):
    form = ImportUploadForm(request.POST, request.FILES)
    if getattr(request, "upload_too_large", False):
        form.is_valid()
        form.errors["file"] = form.error_class([_size_message()])
        return _upload_page(request, form)
    if not form.is_valid():
        return _upload_page(request, form)
    upload = form.cleaned_data["file"]
    _forget_import(request)
    token, sha256 = store_upload(upload)
    try:
        plan = plan_import(stored_path(token), user=request.user)
    except ImportFileError as exc:
        delete_stored(token)
        form.add_error("file", exc.message)
        return _upload_page(request, form)
    preview = preview_data(plan, reveal=has_cap(request.user, Cap.REVEAL))
    preview.update(
        {
            "sha256": sha256,
            "filename": upload.name[:200],
            "user": request.user.pk,
            "uploaded_at": timezone.now().isoformat(),
        }
    )
    save_preview(token, preview)
    request.session[SESSION_KEY] = {"token": token, "user": request.user.pk}
    return redirect(f"{reverse('people:import')}?token={token}")


def _import_preview(request, token):
    preview = _session_import(request, token)
    counts = preview["counts"]
    show = request.GET.get("show")
    if show not in STATUS_LABELS:
        show = next((s for s in (INVALID, "changed", "new", "unchanged") if counts[s]), "new")
    rows = [row for row in preview["rows"] if row["status"] == show]
    page = Paginator(rows, PREVIEW_PER_PAGE).get_page(request.GET.get("page"))
    tabs = [
        {"status": status, "label": label, "count": counts[status], "active": status == show}
        for status, label in STATUS_LABELS.items()
    ]
    return render(
        request,
        "people/import_preview.html",
        {
            "token": token,
            "preview": preview,
            "counts": counts,
            "writable": counts["new"] + counts["changed"],
            "tabs": tabs,
            "show": show,
            "page": page,
        },
    )


def _import_confirm(request):
    token = request.POST.get("token", "")
    preview = _session_import(request, token)
    try:
        # Validate again: the roster may have changed since the preview was made.
        plan = plan_import(stored_path(token), user=request.user)
    except ImportFileError as exc:
        _forget_import(request)
        messages.error(request, exc.message)
        return redirect("people:import")
    try:
        result = apply_import(
            plan,
            only_valid=request.POST.get("only_valid") == "1",
            by=request.user,
            request=request,
            sha256=preview["sha256"],
            filename=preview["filename"],
        )
    except ImportRefused as exc:
        refreshed = preview_data(plan, reveal=has_cap(request.user, Cap.REVEAL))
        save_preview(token, {**preview, **refreshed})
        messages.error(request, exc.message)
        return redirect(f"{reverse('people:import')}?token={token}")
    _forget_import(request)
    if result[INVALID]:
        summary = _(
            "导入完成：新增%(created)s人，更新%(updated)s人，%(unchanged)s人无变化，"
            "跳过有误的%(invalid)s行。"
        )
    else:
        summary = _("导入完成：新增%(created)s人，更新%(updated)s人，%(unchanged)s人无变化。")
    messages.success(request, summary % result)
    return redirect("people:list")


@require_GET
@capability_required(Cap.IMPORT)
def import_template(request):
    workbook = template_workbook(request.user)
    return xlsx_response(temporary_file(workbook), _("人员信息导入模板") + ".xlsx")
