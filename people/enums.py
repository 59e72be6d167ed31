"""Fixed code lists of the roster."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The four categories of new-social-stratum persons (fixed by the 2017 opinion)."""

    ENTERPRISE = "enterprise", _("民营企业和外商投资企业管理技术人员")
    INTERMEDIARY = "intermediary", _("中介组织和社会组织从业人员")
    FREELANCE = "freelance", _("自由职业人员")
    NEW_MEDIA = "new_media", _("新媒体从业人员")


CATEGORY_SHORT_LABELS = {
    Category.ENTERPRISE: _("民营和外资企业"),
    Category.INTERMEDIARY: _("中介和社会组织"),
    Category.FREELANCE: _("自由职业"),
    Category.NEW_MEDIA: _("新媒体"),
}

# The sub-types shipped with the product (DOMAIN.md); they are data and can be edited.
# They are SubType rows (created by migration 0002 and found by name), not interface
# text, so they stay unmarked.
DEFAULT_SUBTYPES = {
    Category.ENTERPRISE: [
        "民营企业管理人员",  # not-ui: a SubType row
        "民营企业技术人员",  # not-ui: a SubType row
        "外商投资企业管理人员",  # not-ui: a SubType row
        "外商投资企业技术人员",  # not-ui: a SubType row
    ],
    Category.INTERMEDIARY: [
        "律师",  # not-ui: a SubType row
        "注册会计师",  # not-ui: a SubType row
        "税务师",  # not-ui: a SubType row
        "资产评估师",  # not-ui: a SubType row
        "房地产估价师",  # not-ui: a SubType row
        "专利代理师",  # not-ui: a SubType row
        "公证员",  # not-ui: a SubType row
        "注册建筑师",  # not-ui: a SubType row
        "注册结构工程师",  # not-ui: a SubType row
        "社会团体从业人员",  # not-ui: a SubType row
        "基金会从业人员",  # not-ui: a SubType row
        "社会服务机构从业人员",  # not-ui: a SubType row
    ],
    Category.FREELANCE: [
        "自由撰稿人/签约作家",  # not-ui: a SubType row
        "独立演员歌手",  # not-ui: a SubType row
        "自由美术工作者",  # not-ui: a SubType row
        "自由摄影师",  # not-ui: a SubType row
        "经纪人",  # not-ui: a SubType row
        "独立制片人",  # not-ui: a SubType row
        "其他自由职业人员",  # not-ui: a SubType row
    ],
    Category.NEW_MEDIA: [
        "新媒体出资人",  # not-ui: a SubType row
        "新媒体经营管理人员",  # not-ui: a SubType row
        "新媒体采编人员",  # not-ui: a SubType row
        "新媒体技术人员",  # not-ui: a SubType row
    ],
}


class Sex(models.TextChoices):
    MALE = "1", _("男")
    FEMALE = "2", _("女")


class Affiliation(models.TextChoices):
    """政治面貌 (GB/T 4762)."""

    CPC = "01", _("中共党员")
    CPC_PROBATIONARY = "02", _("中共预备党员")
    CYL = "03", _("共青团员")
    RCCK = "04", _("民革党员")
    CDL = "05", _("民盟盟员")
    CNDCA = "06", _("民建会员")
    CAPD = "07", _("民进会员")
    CPWDP = "08", _("农工党党员")
    CZGP = "09", _("致公党党员")
    JSS = "10", _("九三学社社员")
    TDSGL = "11", _("台盟盟员")
    NON_PARTY = "12", _("无党派人士")
    MASSES = "13", _("群众")


ETHNIC_GROUPS = [
    _("汉族"), _("蒙古族"), _("回族"), _("藏族"), _("维吾尔族"), _("苗族"), _("彝族"), _("壮族"),
    _("布依族"), _("朝鲜族"), _("满族"), _("侗族"), _("瑶族"), _("白族"), _("土家族"), _("哈尼族"),
    _("哈萨克族"), _("傣族"), _("黎族"), _("傈僳族"), _("佤族"), _("畲族"), _("高山族"),
    _("拉祜族"), _("水族"), _("东乡族"), _("纳西族"), _("景颇族"), _("柯尔克孜族"), _("土族"),
    _("达斡尔族"), _("仫佬族"), _("羌族"), _("布朗族"), _("撒拉族"), _("毛南族"), _("仡佬族"),
    _("锡伯族"), _("阿昌族"), _("普米族"), _("塔吉克族"), _("怒族"), _("乌孜别克族"),
    _("俄罗斯族"), _("鄂温克族"), _("德昂族"), _("保安族"), _("裕固族"), _("京族"), _("塔塔尔族"),
    _("独龙族"), _("鄂伦春族"), _("赫哲族"), _("门巴族"), _("珞巴族"), _("基诺族"),
]  # fmt: skip

# 民族 (GB/T 3304): codes 01–56 in the standard's order, plus the two usual additions.
ETHNICITY_CHOICES = [(f"{i:02d}", name) for i, name in enumerate(ETHNIC_GROUPS, start=1)] + [
    ("97", _("其他")),
    ("98", _("外国血统中国籍人士")),
]


class Education(models.TextChoices):
    """学历 (GB/T 4658)."""

    DOCTORATE = "11", _("博士研究生")
    MASTER = "14", _("硕士研究生")
    BACHELOR = "20", _("大学本科")
    JUNIOR_COLLEGE = "30", _("大学专科")
    SECONDARY_SPECIALISED = "41", _("中专")
    VOCATIONAL_HIGH = "44", _("职高")
    TECHNICAL_SCHOOL = "47", _("技校")
    HIGH_SCHOOL = "60", _("普通高中")
    JUNIOR_HIGH = "70", _("初中")
    PRIMARY = "80", _("小学")
    OTHER = "90", _("其他")


class Degree(models.TextChoices):
    BACHELOR = "bachelor", _("学士")
    MASTER = "master", _("硕士")
    DOCTOR = "doctor", _("博士")


class TitleLevel(models.TextChoices):
    """职称级别."""

    SENIOR = "senior", _("正高级")
    ASSOCIATE_SENIOR = "associate", _("副高级")
    INTERMEDIATE = "intermediate", _("中级")
    ASSISTANT = "assistant", _("助理级（初级）")
    TECHNICIAN = "technician", _("员级")
    NONE = "none", _("无")


class DocumentType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    HK_MACAO_PERMIT = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan", _("台湾居民来往大陆通行证")
    HMT_RESIDENCE = "hmt_residence", _("港澳台居民居住证")
    FOREIGN_PERMANENT = "foreign_permanent", _("外国人永久居留身份证")
    PASSPORT = "passport", _("护照")
    OTHER = "other", _("其他证件")


class UnitNature(models.TextChoices):
    """单位性质."""

    PRIVATE_ENTERPRISE = "private", _("民营企业")
    FOREIGN_ENTERPRISE = "foreign", _("外商投资企业")
    HMT_ENTERPRISE = "hmt", _("港澳台投资企业")
    LAW_FIRM = "law_firm", _("律师事务所")
    ACCOUNTING_FIRM = "accounting_firm", _("会计师事务所")
    OTHER_INTERMEDIARY = "intermediary", _("其他中介机构")
    SOCIAL_GROUP = "social_group", _("社会团体")
    FOUNDATION = "foundation", _("基金会")
    SOCIAL_SERVICE = "social_service", _("社会服务机构")
    NEW_MEDIA = "new_media", _("新媒体机构")
    NONE = "none", _("无固定单位（自由职业）")
    OTHER = "other", _("其他")


class SocialPositionKind(models.TextChoices):
    DEMOCRATIC_PARTY = "democratic_party", _("民主党派职务")
    FEDERATION = "federation", _("工商联职务")
    NEW_STRATUM_ASSOCIATION = "association", _("新联会职务")
    SPECIAL_APPOINTEE = "special", _("特约人员")
    OTHER = "other", _("其他社会职务")


class AwardKind(models.TextChoices):
    AWARD = "award", _("奖励")
    PUNISHMENT = "punishment", _("惩处")
