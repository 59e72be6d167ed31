from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import AuditedModelAdmin
from accounts.permissions import Cap, has_cap
from accounts.selectors import region_scope
from people.models import (
    Award,
    EducationRecord,
    FamilyMember,
    Person,
    SocialPosition,
    SubType,
    WorkHistory,
)
from people.selectors import persons_visible_to


@admin.register(SubType)
class SubTypeAdmin(AuditedModelAdmin):
    list_display = ("name", "category", "order", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("name",)


class ChildInline(admin.TabularInline):
    extra = 0


class EducationInline(ChildInline):
    model = EducationRecord


class WorkHistoryInline(ChildInline):
    model = WorkHistory


class SocialPositionInline(ChildInline):
    model = SocialPosition


class AwardInline(ChildInline):
    model = Award


class FamilyMemberInline(ChildInline):
    model = FamilyMember


SENSITIVE_FIELDS = ("id_number", "mobile")


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin, SimpleHistoryAdmin):
    list_display = (
        "name",
        "sex",
        "birth_date",
        "masked_id_number",
        "category",
        "subtype",
        "region",
    )
    list_filter = ("category", "affiliation", "highest_education", "archived_at")
    search_fields = ("name", "=name_initials", "^name_pinyin", "^id_number", "work_unit")
    list_select_related = ("subtype", "region")
    show_full_result_count = False
    list_per_page = 30
    inlines = [
        EducationInline,
        WorkHistoryInline,
        SocialPositionInline,
        AwardInline,
        FamilyMemberInline,
    ]
    readonly_fields = ("name_pinyin", "name_initials", "version", "archived_at")

    @admin.display(description=_("证件号码"))
    def masked_id_number(self, obj):
        return obj.masked_id_number

    def get_queryset(self, request):
        return persons_visible_to(request.user, include_archived=True).select_related(
            "subtype", "region"
        )

    def get_exclude(self, request, obj=None):
        # Without the reveal permission the numbers are not shown, even here.
        if obj is not None and not has_cap(request.user, Cap.REVEAL):
            return SENSITIVE_FIELDS
        return ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region":
            kwargs["queryset"] = region_scope(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            # An open edit form on the roster pages must see this save as a conflict.
            obj.version += 1
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        # Persons are archived, never deleted from the admin.
        return False
