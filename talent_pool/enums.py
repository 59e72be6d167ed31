from django.db import models

from units.enums import RegionLevel


class Tier(models.TextChoices):
    REPRESENTATIVE = "representative", "代表人士"
    RESERVE = "reserve", "后备人才"


class EntryStatus(models.TextChoices):
    ACTIVE = "active", "在库"
    REMOVED = "removed", "已出库"


class RecommendationState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已入库"
    REJECTED = "rejected", "未通过"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已完成"


class DecisionKind(models.TextChoices):
    KEEP = "keep", "保留"
    CHANGE_TIER = "change_tier", "调整类别"
    REMOVE = "remove", "出库"


# Regions that keep a talent pool: the city's and each county's (district's).
POOL_LEVELS = (RegionLevel.CITY, RegionLevel.COUNTY)

# Default quotas by region level and tier: (minimum, target). Wenzhou 2011: each county
# at least 50 representatives, the city about 200 (DOMAIN.md); editable per region.
DEFAULT_QUOTAS = {
    (RegionLevel.COUNTY, Tier.REPRESENTATIVE): (50, 60),
    (RegionLevel.COUNTY, Tier.RESERVE): (0, 30),
    (RegionLevel.CITY, Tier.REPRESENTATIVE): (180, 200),
    (RegionLevel.CITY, Tier.RESERVE): (0, 100),
}


class ArrangementKind(models.TextChoices):
    NPC = "npc", "人大代表"
    CPPCC = "cppcc", "政协委员"
    SPECIAL = "special", "特约人员/特约监督员"
    PEOPLES_ORG = "peoples_org", "人民团体职务"
    ASSOCIATION = "association", "行业协会商会职务"
    POST = "post", "实职安排"


class Level(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县"
    TOWNSHIP = "township", "乡"


class ArrangementStatus(models.TextChoices):
    RECOMMENDED = "recommended", "已推荐"
    APPOINTED = "appointed", "已任职"
    ENDED = "ended", "已届满/卸任"


class ContactForm(models.TextChoices):
    TALK = "talk", "面谈"
    PHONE = "phone", "电话"
    FORUM = "forum", "座谈"
    VISIT = "visit", "走访"


class CouncilRole(models.TextChoices):
    PRESIDENT = "president", "会长"
    EXECUTIVE_VICE = "executive_vice", "常务副会长"
    VICE = "vice", "副会长"
    SECRETARY_GENERAL = "secretary_general", "秘书长"
    DIRECTOR = "director", "理事"


# A person without a logged contact for longer than this is flagged on the contact lists
# (settings.CONTACT_OVERDUE_DAYS overrides it).
CONTACT_OVERDUE_DAYS = 183

# The four standards for a representative (DOMAIN.md), shipped as data by migration 0003;
# no published weights exist, so they start equal, on a 0–10 scale.
DEFAULT_CRITERIA = [
    ("政治素质", "政治素质较高，拥护党的领导，立场坚定"),
    ("社会贡献", "在本行业、本领域贡献较大"),
    ("参政议政能力", "参政议政、建言献策能力较强"),
    ("群体影响力", "在所属群体中影响较大，有一定代表性"),
]
