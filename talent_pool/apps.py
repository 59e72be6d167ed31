from django.apps import AppConfig


class TalentPoolConfig(AppConfig):
    name = "talent_pool"
    verbose_name = "代表人士人才库"
