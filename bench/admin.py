"""The baseline: Django's admin changelist of Person with default settings.

A plain ModelAdmin on its own AdminSite, not the project's PersonAdmin: default
list_display, list_per_page (100), ordering (the model's), full result counts and
search_fields searched with the default icontains over the fields the roster searches.
"""

from django.contrib import admin

from people.models import Person


class DefaultPersonAdmin(admin.ModelAdmin):
    search_fields = ("name", "name_pinyin", "name_initials", "id_number", "work_unit")


site = admin.AdminSite(name="bench_admin")
site.register(Person, DefaultPersonAdmin)
