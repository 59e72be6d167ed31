from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = "区划与成员单位"
