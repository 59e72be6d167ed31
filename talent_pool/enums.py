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
