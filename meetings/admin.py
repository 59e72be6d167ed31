from django.contrib import admin

from meetings.models import ActionItem, ActionUpdate, AgendaItem, Attendance, Meeting, Minutes
from meetings.selectors import action_items_visible_to, meetings_visible_to


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ("unit",)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "kind", "date", "status")
    list_filter = ("kind", "status")
    search_fields = ("title", "place", "convener")
    date_hierarchy = "date"
    list_select_related = ("region",)
    readonly_fields = ("status", "created_by", "created_at", "updated_at")
    inlines = (AgendaItemInline, AttendanceInline)

    def get_queryset(self, request):
        # The same scope as the pages: what the signed-in user may see.
        return meetings_visible_to(request.user)


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ("number", "meeting", "issued_on")
    list_select_related = ("meeting",)
    readonly_fields = ("meeting", "region", "year", "serial", "issued_by", "created_at")

    def get_queryset(self, request):
        return Minutes.objects.filter(meeting__in=meetings_visible_to(request.user))


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0
    readonly_fields = ("unit", "author", "new_status", "reported_on", "created_at")


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ("__str__", "meeting", "lead_unit", "due_date", "status")
    list_filter = ("status",)
    search_fields = ("text",)
    list_select_related = ("meeting", "lead_unit")
    readonly_fields = ("status", "closed_on", "created_by", "created_at", "updated_at")
    filter_horizontal = ("co_units",)
    inlines = (ActionUpdateInline,)

    def get_queryset(self, request):
        return action_items_visible_to(request.user)
