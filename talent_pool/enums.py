from django.db import models
from django.utils.translation import gettext_lazy as _

from units.enums import RegionLevel


class Tier(models.TextChoices):
    REPRESENTATIVE = "representative", _("代表人士")
    RESERVE = "reserve", _("后备人才")


class EntryStatus(models.TextChoices):
    ACTIVE = "active", _("在库")
    REMOVED = "removed", _("已出库")


class RecommendationState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已入库")
    REJECTED = "rejected", _("未通过")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已完成")


class DecisionKind(models.TextChoices):
    KEEP = "keep", _("保留")
    CHANGE_TIER = "change_tier", _("调整类别")
    REMOVE = "remove", _("出库")


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
    NPC = "npc", _("人大代表")
    CPPCC = "cppcc", _("政协委员")
    SPECIAL = "special", _("特约人员/特约监督员")
    PEOPLES_ORG = "peoples_org", _("人民团体职务")
    ASSOCIATION = "association", _("行业协会商会职务")
    POST = "post", _("实职安排")


class Level(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县")
    TOWNSHIP = "township", _("乡")


class ArrangementStatus(models.TextChoices):
    RECOMMENDED = "recommended", _("已推荐")
    APPOINTED = "appointed", _("已任职")
    ENDED = "ended", _("已届满/卸任")


class ContactForm(models.TextChoices):
    TALK = "talk", _("面谈")
    PHONE = "phone", _("电话")
    FORUM = "forum", _("座谈")
    VISIT = "visit", _("走访")


class CouncilRole(models.TextChoices):
    PRESIDENT = "president", _("会长")
    EXECUTIVE_VICE = "executive_vice", _("常务副会长")
    VICE = "vice", _("副会长")
    SECRETARY_GENERAL = "secretary_general", _("秘书长")
    DIRECTOR = "director", _("理事")


# A person without a logged contact for longer than this is flagged on the contact lists
# (settings.CONTACT_OVERDUE_DAYS overrides it).
CONTACT_OVERDUE_DAYS = 183

# The four standards for a representative (DOMAIN.md), shipped as data by migration 0003;
# no published weights exist, so they start equal, on a 0–10 scale. They are Criterion
# rows (found by name), not interface text, so they stay unmarked.
DEFAULT_CRITERIA = [
    ("政治素质", "政治素质较高，拥护党的领导，立场坚定"),  # not-ui: data rows
    ("社会贡献", "在本行业、本领域贡献较大"),  # not-ui: data rows
    ("参政议政能力", "参政议政、建言献策能力较强"),  # not-ui: data rows
    ("群体影响力", "在所属群体中影响较大，有一定代表性"),  # not-ui: data rows
]
