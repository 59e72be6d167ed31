from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.enums import AuditAction
from accounts.permissions import Cap, can_edit_unit, capability_required
from accounts.selectors import units_visible_to
from accounts.services import audit
from units.forms import MemberUnitForm


def get_unit_for_user(user, pk):
    """Return the unit with pk if the user may see it; 404 otherwise."""
    return get_object_or_404(
        units_visible_to(user).select_related("region").prefetch_related("responsible_for"),
        pk=pk,
    )


@require_GET
@capability_required(Cap.VIEW_UNITS)
def unit_list(request):
    units = (
        units_visible_to(request.user)
        .select_related("region")
        .prefetch_related("responsible_for")
        .order_by("region__path", "-is_lead", "order", "id")
    )
    return render(request, "units/unit_list.html", {"units": units})


@require_GET
@capability_required(Cap.VIEW_UNITS)
def unit_detail(request, pk):
    unit = get_unit_for_user(request.user, pk)
    return render(
        request,
        "units/unit_detail.html",
        {"unit": unit, "can_edit": can_edit_unit(request.user, unit)},
    )


@require_http_methods(["GET", "POST"])
@capability_required(Cap.VIEW_UNITS)
def unit_edit(request, pk):
    unit = get_unit_for_user(request.user, pk)
    if not can_edit_unit(request.user, unit):
        raise PermissionDenied
    form = MemberUnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit(AuditAction.UPDATE, request=request, obj=unit, detail={"fields": form.changed_data})
        messages.success(request, _("成员单位信息已保存。"))
        return redirect(unit)
    return render(request, "units/unit_form.html", {"unit": unit, "form": form})
