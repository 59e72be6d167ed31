from django.contrib import admin

from people.models import SubType


@admin.register(SubType)
class SubTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "order", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("name",)
