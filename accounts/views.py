import json

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from accounts.enums import AuditAction
from accounts.filters import AuditEventFilter
from accounts.forms import LoginForm, PasswordChangeForm
from accounts.models import AuditEvent
from accounts.permissions import Cap, capability_required
from accounts.services import audit


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Sign in; Django's view already refuses a next= URL on another host."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expired"] = self.request.GET.get("expired") == "1"
        return context


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only); the session row is deleted on the server."""


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password; required at first sign-in and when it has expired."""

    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        form.user.must_change_password = False
        response = super().form_valid(form)
        audit(AuditAction.PASSWORD_CHANGE, request=self.request, obj=form.user)
        messages.success(self.request, _("密码已修改。"))
        return response


AUDIT_PER_PAGE = 50
AUDIT_COLUMNS = [
    gettext_lazy("时间"),
    gettext_lazy("用户"),
    gettext_lazy("IP地址"),
    gettext_lazy("操作"),
    gettext_lazy("结果"),
    gettext_lazy("对象类型"),
    gettext_lazy("对象编号"),
    gettext_lazy("对象"),
    gettext_lazy("详情"),
]


def _audit_filter(request):
    filterset = AuditEventFilter(request.GET or None, queryset=AuditEvent.objects.all())
    if filterset.is_bound and not filterset.is_valid():
        return filterset, AuditEvent.objects.none()
    return filterset, filterset.qs.order_by("-time", "-id")


@require_GET
@capability_required(Cap.VIEW_AUDIT)
def audit_list(request):
    """The audit log, newest first, for auditors."""
    filterset, queryset = _audit_filter(request)
    try:
        # Bounded: a 50-digit page number must not reach the database as an OFFSET.
        number = min(max(int(request.GET.get("page", 1)), 1), 100_000)
    except ValueError:
        number = 1
    offset = (number - 1) * AUDIT_PER_PAGE
    events = list(queryset.select_related("user")[offset : offset + AUDIT_PER_PAGE + 1])
    labels = {model._meta.label_lower: model._meta.verbose_name for model in apps.get_models()}
    for event in events:
        event.object_label = labels.get(event.object_type, event.object_type)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_list.html",
        {
            "filter": filterset,
            "events": events[:AUDIT_PER_PAGE],
            "page_number": number,
            "has_next": len(events) > AUDIT_PER_PAGE,
            "query": query.urlencode(),
        },
    )


@require_GET
@capability_required(Cap.VIEW_AUDIT)
def audit_export(request):
    """The filtered audit log as .xlsx (streamed, formula-safe); the export is audited."""
    from people.xlsx import safe_value, temporary_file

    filterset, queryset = _audit_filter(request)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("审计日志"))
    # openpyxl writes only real strings.
    sheet.append([str(column) for column in AUDIT_COLUMNS])
    rows = 0
    for event in queryset.iterator(chunk_size=2000):
        values = [
            timezone.localtime(event.time).replace(tzinfo=None),
            event.username,
            event.ip or "",
            event.get_action_display(),
            event.get_outcome_display(),
            event.object_type,
            event.object_id,
            event.object_repr,
            json.dumps(event.detail, ensure_ascii=False) if event.detail else "",
        ]
        sheet.append([safe_value(sheet, value) for value in values])
        rows += 1
    audit(
        AuditAction.EXPORT,
        request=request,
        detail={"what": "audit_log", "filter": request.GET.dict(), "rows": rows},
    )
    filename = _("审计日志_%(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}
    return FileResponse(temporary_file(workbook), as_attachment=True, filename=filename)
