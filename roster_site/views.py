from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.enums import AuditAction, Role
from accounts.permissions import Cap, capability_required, has_cap
from accounts.services import audit
from people.xlsx import temporary_file
from roster_site import dashboard

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def home(request):
    """Show the start page: the dashboard for staff and leaders, a liaison's own start page,
    and for the administrative roles only links to what they may use (no personal data)."""
    user = request.user
    if has_cap(user, Cap.VIEW_DASHBOARD):
        scope = dashboard.resolve_scope(user, request.GET.get("region"))
        if scope is None:
            return render(request, "home.html", {"scope": None})
        return render(request, "home.html", dashboard.staff_dashboard(user, scope))
    if user.role == Role.UNIT_LIAISON and user.unit_id is not None:
        return render(request, "dashboard/liaison.html", dashboard.liaison_start(user))
    return render(request, "dashboard/minimal.html", {"links": dashboard.minimal_links(request)})


@require_GET
@capability_required(Cap.VIEW_DASHBOARD)
def statistics_export(request):
    """Download the dashboard's composition tables as one workbook, audited.

    Staff and leaders (the roles that see the dashboard) may export it: the sheets hold
    aggregate counts only, never a person's data.
    """
    scope = dashboard.resolve_scope(request.user, request.GET.get("region"))
    if scope is None:
        raise Http404
    workbook, sheets = dashboard.statistics_workbook(request.user, scope)
    audit(
        AuditAction.EXPORT,
        request=request,
        obj=scope.region,
        detail={"kind": "statistics", "region": scope.region.pk, "sheets": sheets},
    )
    filename = _("统计表-%(region)s-%(date)s.xlsx") % {
        "region": scope.region.name,
        "date": timezone.localdate().strftime("%Y%m%d"),
    }
    return FileResponse(
        temporary_file(workbook), as_attachment=True, filename=filename, content_type=XLSX
    )


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Answer 200 when the database answers a query, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
