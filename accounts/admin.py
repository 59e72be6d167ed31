from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.enums import AuditAction
from accounts.forms import AdminPasswordResetForm
from accounts.models import AuditEvent, User
from accounts.permissions import Cap, has_cap
from accounts.services import audit

# Changes to these fields change what an account may do or see.
PERMISSION_FIELDS = ("role", "unit", "can_reveal", "is_active", "is_staff", "is_superuser")
# Only the security administrator grants these (三员分立).
GRANT_FIELDS = ("role", "can_reveal", "is_superuser", "is_staff", "groups", "user_permissions")


class AuditedModelAdmin(admin.ModelAdmin):
    """Record every add, change and delete made through the admin in the audit log."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit(
            AuditAction.UPDATE if change else AuditAction.CREATE,
            request=request,
            obj=obj,
            detail={"via": "admin", "fields": list(form.changed_data)},
        )

    def delete_model(self, request, obj):
        pk, label, shown = obj.pk, obj._meta.label_lower, str(obj)
        super().delete_model(request, obj)
        audit(
            AuditAction.DELETE,
            request=request,
            detail={"via": "admin", "object_type": label, "object_id": pk, "object": shown},
        )

    def delete_queryset(self, request, queryset):
        deleted = [(obj._meta.label_lower, obj.pk, str(obj)) for obj in queryset]
        super().delete_queryset(request, queryset)
        for label, pk, shown in deleted:
            audit(
                AuditAction.DELETE,
                request=request,
                detail={"via": "admin", "object_type": label, "object_id": pk, "object": shown},
            )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    change_password_form = AdminPasswordResetForm
    list_display = ("username", "full_name", "unit", "role", "can_reveal", "is_active")
    list_filter = ("role", "is_active", "can_reveal")
    search_fields = ("username", "full_name", "phone")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("full_name", "phone", "email")}),
        (_("单位与角色"), {"fields": ("unit", "role", "can_reveal", "must_change_password")}),
        (
            _("后台权限"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("时间"), {"fields": ("last_login", "date_joined", "password_changed_at")}),
    )
    readonly_fields = ("last_login", "date_joined", "password_changed_at")
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "unit", "role")}),
        (None, {"classes": ("wide",), "fields": ("password1", "password2")}),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not has_cap(request.user, Cap.GRANT_ROLES):
            fields += GRANT_FIELDS
        return fields

    def has_view_permission(self, request, obj=None):
        return has_cap(request.user, Cap.MANAGE_ACCOUNTS) or has_cap(request.user, Cap.GRANT_ROLES)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return has_cap(request.user, Cap.MANAGE_ACCOUNTS)

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, not deleted: the audit trail refers to them.
        return False

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def save_model(self, request, obj, form, change):
        changed = [f for f in PERMISSION_FIELDS if f in form.changed_data]
        super().save_model(request, obj, form, change)
        if changed or not change:
            audit(
                AuditAction.PERMISSION_CHANGE,
                request=request,
                obj=obj,
                detail={
                    "changed": changed,
                    "role": obj.role,
                    "unit": obj.unit_id,
                    "can_reveal": obj.can_reveal,
                    "is_active": obj.is_active,
                },
            )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: audit rows are never added, changed or deleted by hand."""

    list_display = ("time", "username", "ip", "action", "outcome", "object_type", "object_repr")
    list_filter = ("action", "outcome")
    search_fields = ("username", "object_repr", "object_id")
    date_hierarchy = "time"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
