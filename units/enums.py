from django.db import models


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县（区）"
    TOWNSHIP = "township", "乡镇（街道）"
    COMMUNITY = "community", "村（社区）"


class UnitKind(models.TextChoices):
    PARTY = "party", "党委部门"
    GOVERNMENT = "government", "政府部门"
    PEOPLES_ORG = "peoples_org", "人民团体"
