from django.contrib import admin

from accounts.admin import AuditedModelAdmin
from units.models import MemberUnit, Region


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ("name", "code", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    readonly_fields = ("path",)


@admin.register(MemberUnit)
class MemberUnitAdmin(AuditedModelAdmin):
    list_display = ("name", "short_name", "region", "kind", "is_lead", "liaison_name", "is_active")
    list_filter = ("kind", "is_lead", "is_active", "region")
    search_fields = ("name", "short_name")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)
    filter_horizontal = ("responsible_for",)
