from django.db import models


class Tier(models.TextChoices):
    REPRESENTATIVE = "representative", "代表人士"
    RESERVE = "reserve", "后备人才"


class EntryStatus(models.TextChoices):
    ACTIVE = "active", "在库"
    REMOVED = "removed", "已出库"
