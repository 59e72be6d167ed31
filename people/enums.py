"""Fixed code lists of the roster."""

from django.db import models


class Category(models.TextChoices):
    """The four categories of new-social-stratum persons (fixed by the 2017 opinion)."""

    ENTERPRISE = "enterprise", "民营企业和外商投资企业管理技术人员"
    INTERMEDIARY = "intermediary", "中介组织和社会组织从业人员"
    FREELANCE = "freelance", "自由职业人员"
    NEW_MEDIA = "new_media", "新媒体从业人员"


CATEGORY_SHORT_LABELS = {
    Category.ENTERPRISE: "民营和外资企业",
    Category.INTERMEDIARY: "中介和社会组织",
    Category.FREELANCE: "自由职业",
    Category.NEW_MEDIA: "新媒体",
}

# The sub-types shipped with the product (DOMAIN.md); they are data and can be edited.
DEFAULT_SUBTYPES = {
    Category.ENTERPRISE: [
        "民营企业管理人员",
        "民营企业技术人员",
        "外商投资企业管理人员",
        "外商投资企业技术人员",
    ],
    Category.INTERMEDIARY: [
        "律师",
        "注册会计师",
        "税务师",
        "资产评估师",
        "房地产估价师",
        "专利代理师",
        "公证员",
        "注册建筑师",
        "注册结构工程师",
        "社会团体从业人员",
        "基金会从业人员",
        "社会服务机构从业人员",
    ],
    Category.FREELANCE: [
        "自由撰稿人/签约作家",
        "独立演员歌手",
        "自由美术工作者",
        "自由摄影师",
        "经纪人",
        "独立制片人",
        "其他自由职业人员",
    ],
    Category.NEW_MEDIA: [
        "新媒体出资人",
        "新媒体经营管理人员",
        "新媒体采编人员",
        "新媒体技术人员",
    ],
}
