"""Every model has a Chinese admin page, directly or as an inline of its parent's page."""

from django.apps import apps
from django.contrib import admin

PROJECT_APPS = ["accounts", "units", "people", "talent_pool", "meetings"]
# Kept by database triggers only; editing them by hand would make the dashboard wrong
# (``recount_person_tallies`` rebuilds them).
NOT_IN_ADMIN = {"people.PersonTally"}


def inline_models() -> set:
    models = set()
    for model_admin in admin.site._registry.values():
        for inline in model_admin.inlines:
            models.add(inline.model)
    return models


def test_every_model_is_in_the_admin_with_a_chinese_name():
    inlined = inline_models()
    missing = []
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical") or model._meta.label in NOT_IN_ADMIN:
                continue
            if not (admin.site.is_registered(model) or model in inlined):
                missing.append(model._meta.label)
            name = str(model._meta.verbose_name)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in name), model._meta.label
    assert missing == []


def test_the_trigger_kept_tallies_are_not_in_the_admin():
    from people.models import PersonTally

    assert not admin.site.is_registered(PersonTally)
