"""Demo regions and member units of the fictional city 示范市 (all names and codes invented)."""

from people.models import SubType
from units.enums import RegionLevel, UnitKind
from units.models import MemberUnit, Region

CITY = ("339900", "示范市")
DISTRICTS = [
    ("339902", "明湖区", ["湖滨街道", "望湖街道", "柳岸街道"]),
    ("339903", "青山区", ["青峰街道", "石门街道", "松林镇"]),
    ("339904", "临江区", ["江口街道", "渡口街道", "沙洲镇"]),
    ("339905", "云溪区", ["云溪街道", "竹坞镇", "桃源乡"]),
]

# (name, short name, kind, duties, sub-types it is responsible for)
CITY_UNITS = [
    (
        "示范市委统战部",
        "市委统战部",
        UnitKind.PARTY,
        "牵头负责全市新的社会阶层人士统战工作，承担联席会议办公室日常工作；"
        "组织召开联席会议，起草会议纪要并督办议定事项；"
        "建设和管理代表人士人才库，统筹做好代表人士的培养、推荐和政治安排。",
        [],
    ),
    (
        "示范市委宣传部",
        "市委宣传部",
        UnitKind.PARTY,
        "负责联系和服务新媒体从业人员、网络意见人士，掌握其思想动态；"
        "推荐新媒体领域代表人士；协同开展网络空间正面宣传引导。",
        ["新媒体出资人", "新媒体经营管理人员", "新媒体采编人员", "新媒体技术人员"],
    ),
    (
        "示范市委两新工委",
        "两新工委",
        UnitKind.PARTY,
        "负责新经济组织、新社会组织党建工作，协助掌握组织中党外从业人员的情况，"
        "推动党建工作与统战工作相互促进。",
        [],
    ),
    (
        "示范市民政局",
        "市民政局",
        UnitKind.GOVERNMENT,
        "负责社会团体、基金会、社会服务机构的登记管理，"
        "协助掌握社会组织从业人员情况，推荐社会组织领域代表人士。",
        ["社会团体从业人员", "基金会从业人员", "社会服务机构从业人员"],
    ),
    (
        "示范市司法局",
        "市司法局",
        UnitKind.GOVERNMENT,
        "负责联系律师、公证员队伍，掌握律师行业党外人士情况，推荐律师行业代表人士；"
        "会同律师协会做好教育培训和权益维护。",
        ["律师", "公证员"],
    ),
    (
        "示范市财政局",
        "市财政局",
        UnitKind.GOVERNMENT,
        "负责联系注册会计师、资产评估师队伍，推荐会计、评估行业代表人士。",
        ["注册会计师", "资产评估师"],
    ),
    (
        "示范市住房和城乡建设局",
        "市住建局",
        UnitKind.GOVERNMENT,
        "负责联系房地产估价师、注册建筑师、注册结构工程师，推荐相关行业代表人士。",
        ["房地产估价师", "注册建筑师", "注册结构工程师"],
    ),
    (
        "示范市人力资源和社会保障局",
        "市人社局",
        UnitKind.GOVERNMENT,
        "负责高层次人才的引进和服务，掌握民营企业专业技术人员情况，协助做好职称评审中的联系服务。",
        ["民营企业技术人员"],
    ),
    (
        "示范市商务局",
        "市商务局",
        UnitKind.GOVERNMENT,
        "负责联系外商投资企业和港澳台资企业中的管理技术人员，推荐相关代表人士。",
        ["外商投资企业管理人员", "外商投资企业技术人员"],
    ),
    (
        "共青团示范市委",
        "团市委",
        UnitKind.PEOPLES_ORG,
        "负责联系新的社会阶层中的青年人士，开展青年人才的发现和培养，推荐青年代表人士。",
        [],
    ),
    (
        "示范市文学艺术界联合会",
        "市文联",
        UnitKind.PEOPLES_ORG,
        "负责联系自由撰稿人、签约作家、独立演员歌手、自由美术工作者等自由职业人员，"
        "推荐文艺领域代表人士。",
        ["自由撰稿人/签约作家", "独立演员歌手", "自由美术工作者", "自由摄影师", "独立制片人"],
    ),
    (
        "示范市工商业联合会",
        "市工商联",
        UnitKind.PEOPLES_ORG,
        "负责联系民营企业管理人员，发挥商会作用，推荐民营经济领域代表人士。",
        ["民营企业管理人员"],
    ),
    (
        "国家税务总局示范市税务局",
        "市税务局",
        UnitKind.GOVERNMENT,
        "负责联系税务师队伍，掌握涉税服务行业从业人员情况，推荐税务师行业代表人士。",
        ["税务师"],
    ),
]

# Each district runs its own conference: a lead unit and a few member units.
DISTRICT_UNITS = [
    (
        "{d}委统战部",
        UnitKind.PARTY,
        True,
        "牵头负责本区新的社会阶层人士统战工作，承担本区联席会议办公室工作。",
        [],
    ),
    (
        "{d}委宣传部",
        UnitKind.PARTY,
        False,
        "负责联系本区新媒体从业人员和网络意见人士。",
        ["新媒体采编人员"],
    ),
    ("{d}司法局", UnitKind.GOVERNMENT, False, "负责联系本区律师、公证员队伍。", ["律师", "公证员"]),
    (
        "{d}民政局",
        UnitKind.GOVERNMENT,
        False,
        "负责本区社会组织登记管理和从业人员联系。",
        ["社会团体从业人员"],
    ),
    (
        "{d}工商联",
        UnitKind.PEOPLES_ORG,
        False,
        "负责联系本区民营企业管理人员。",
        ["民营企业管理人员"],
    ),
]


def _region(code, name, level, parent, order):
    region, _ = Region.objects.update_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent, "order": order}
    )
    return region


def _unit(region, name, short_name, kind, is_lead, duties, subtypes, order):
    unit, _ = MemberUnit.objects.update_or_create(
        region=region,
        name=name,
        defaults={
            "short_name": short_name,
            "kind": kind,
            "is_lead": is_lead,
            "duties": duties,
            "order": order,
            "liaison_name": "",
        },
    )
    unit.responsible_for.set(SubType.objects.filter(name__in=subtypes))
    return unit


def build() -> dict:
    """Create or update the demo regions and units; return them by key."""
    city = _region(CITY[0], CITY[1], RegionLevel.CITY, None, 0)
    districts = {}
    for d_order, (code, name, streets) in enumerate(DISTRICTS, start=1):
        district = _region(code, name, RegionLevel.COUNTY, city, d_order)
        districts[name] = district
        for s_order, street in enumerate(streets, start=1):
            _region(f"{code}{s_order:03d}", street, RegionLevel.TOWNSHIP, district, s_order)

    units = {}
    for order, (name, short, kind, duties, subtypes) in enumerate(CITY_UNITS):
        units[short] = _unit(city, name, short, kind, order == 0, duties, subtypes, order)
    for district_name, district in districts.items():
        for order, (pattern, kind, is_lead, duties, subtypes) in enumerate(DISTRICT_UNITS):
            name = pattern.format(d=district_name)
            units[name] = _unit(district, name, name, kind, is_lead, duties, subtypes, order)
    return {"city": city, "districts": districts, "units": units}
