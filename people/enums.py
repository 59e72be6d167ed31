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


class Sex(models.TextChoices):
    MALE = "1", "男"
    FEMALE = "2", "女"


class Affiliation(models.TextChoices):
    """政治面貌 (GB/T 4762)."""

    CPC = "01", "中共党员"
    CPC_PROBATIONARY = "02", "中共预备党员"
    CYL = "03", "共青团员"
    RCCK = "04", "民革党员"
    CDL = "05", "民盟盟员"
    CNDCA = "06", "民建会员"
    CAPD = "07", "民进会员"
    CPWDP = "08", "农工党党员"
    CZGP = "09", "致公党党员"
    JSS = "10", "九三学社社员"
    TDSGL = "11", "台盟盟员"
    NON_PARTY = "12", "无党派人士"
    MASSES = "13", "群众"


ETHNIC_GROUPS = [
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
    "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
    "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
    "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
]  # fmt: skip

# 民族 (GB/T 3304): codes 01–56 in the standard's order, plus the two usual additions.
ETHNICITY_CHOICES = [(f"{i:02d}", name) for i, name in enumerate(ETHNIC_GROUPS, start=1)] + [
    ("97", "其他"),
    ("98", "外国血统中国籍人士"),
]


class Education(models.TextChoices):
    """学历 (GB/T 4658)."""

    DOCTORATE = "11", "博士研究生"
    MASTER = "14", "硕士研究生"
    BACHELOR = "20", "大学本科"
    JUNIOR_COLLEGE = "30", "大学专科"
    SECONDARY_SPECIALISED = "41", "中专"
    VOCATIONAL_HIGH = "44", "职高"
    TECHNICAL_SCHOOL = "47", "技校"
    HIGH_SCHOOL = "60", "普通高中"
    JUNIOR_HIGH = "70", "初中"
    PRIMARY = "80", "小学"
    OTHER = "90", "其他"


class Degree(models.TextChoices):
    BACHELOR = "bachelor", "学士"
    MASTER = "master", "硕士"
    DOCTOR = "doctor", "博士"


class TitleLevel(models.TextChoices):
    """职称级别."""

    SENIOR = "senior", "正高级"
    ASSOCIATE_SENIOR = "associate", "副高级"
    INTERMEDIATE = "intermediate", "中级"
    ASSISTANT = "assistant", "助理级（初级）"
    TECHNICIAN = "technician", "员级"
    NONE = "none", "无"


class DocumentType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    HK_MACAO_PERMIT = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan", "台湾居民来往大陆通行证"
    HMT_RESIDENCE = "hmt_residence", "港澳台居民居住证"
    FOREIGN_PERMANENT = "foreign_permanent", "外国人永久居留身份证"
    PASSPORT = "passport", "护照"
    OTHER = "other", "其他证件"


class UnitNature(models.TextChoices):
    """单位性质."""

    PRIVATE_ENTERPRISE = "private", "民营企业"
    FOREIGN_ENTERPRISE = "foreign", "外商投资企业"
    HMT_ENTERPRISE = "hmt", "港澳台投资企业"
    LAW_FIRM = "law_firm", "律师事务所"
    ACCOUNTING_FIRM = "accounting_firm", "会计师事务所"
    OTHER_INTERMEDIARY = "intermediary", "其他中介机构"
    SOCIAL_GROUP = "social_group", "社会团体"
    FOUNDATION = "foundation", "基金会"
    SOCIAL_SERVICE = "social_service", "社会服务机构"
    NEW_MEDIA = "new_media", "新媒体机构"
    NONE = "none", "无固定单位（自由职业）"
    OTHER = "other", "其他"


class SocialPositionKind(models.TextChoices):
    DEMOCRATIC_PARTY = "democratic_party", "民主党派职务"
    FEDERATION = "federation", "工商联职务"
    NEW_STRATUM_ASSOCIATION = "association", "新联会职务"
    SPECIAL_APPOINTEE = "special", "特约人员"
    OTHER = "other", "其他社会职务"


class AwardKind(models.TextChoices):
    AWARD = "award", "奖励"
    PUNISHMENT = "punishment", "惩处"
