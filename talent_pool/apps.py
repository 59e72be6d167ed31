from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentPoolConfig(AppConfig):
    name = "talent_pool"
    verbose_name = _("代表人士人才库")
