"""Fictional persons for the demo and for large benchmark rosters.

Every name, work unit and number here is invented. ID numbers use the demo districts'
invented address codes (3399xx) with a correct check character.
"""

import datetime
import random

from simple_history.utils import bulk_create_with_history

from people.enums import Affiliation, Category, Education, Sex, UnitNature
from people.models import EducationRecord, Person, SubType, WorkHistory, name_to_pinyin
from people.validators import id_check_char

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_CHARS = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力晨宇浩然子涵欣怡雨轩博思远嘉琪梓睿晓岚立诚若溪启航雅婷俊峰志鹏海燕丹凤慧颖佳楠梦瑶"
)
WORK_UNITS = {
    Category.ENTERPRISE: ["{d}智造科技有限公司", "{d}远航物流有限公司", "{d}新材料股份有限公司", "{d}绿源食品有限公司"],
    Category.INTERMEDIARY: ["{d}明理律师事务所", "{d}诚信会计师事务所", "{d}安居房地产估价有限公司", "{d}助学公益基金会"],
    Category.FREELANCE: ["自由职业", "{d}个人工作室", "{d}文化经纪工作室"],
    Category.NEW_MEDIA: ["{d}融媒网络科技有限公司", "{d}视听文化传媒有限公司", "{d}资讯网络平台"],
}  # fmt: skip
POSITIONS = {
    Category.ENTERPRISE: ["总经理", "副总经理", "技术总监", "研发工程师", "财务总监"],
    Category.INTERMEDIARY: ["合伙人", "执业律师", "注册会计师", "理事长", "项目主管"],
    Category.FREELANCE: ["签约作家", "独立摄影师", "歌手", "画家", "经纪人"],
    Category.NEW_MEDIA: ["创始人", "主编", "运营总监", "主播", "技术负责人"],
}
NATURES = {
    Category.ENTERPRISE: UnitNature.PRIVATE_ENTERPRISE,
    Category.INTERMEDIARY: UnitNature.LAW_FIRM,
    Category.FREELANCE: UnitNature.NONE,
    Category.NEW_MEDIA: UnitNature.NEW_MEDIA,
}
# Mostly non-party persons, as the work targets them.
AFFILIATION_WEIGHTS = [
    (Affiliation.MASSES, 55),
    (Affiliation.NON_PARTY, 15),
    (Affiliation.CDL, 5),
    (Affiliation.CNDCA, 6),
    (Affiliation.CAPD, 4),
    (Affiliation.JSS, 4),
    (Affiliation.CPWDP, 3),
    (Affiliation.CZGP, 2),
    (Affiliation.RCCK, 2),
    (Affiliation.CPC, 4),
]
EDUCATION_WEIGHTS = [
    (Education.DOCTORATE, 5),
    (Education.MASTER, 20),
    (Education.BACHELOR, 50),
    (Education.JUNIOR_COLLEGE, 18),
    (Education.HIGH_SCHOOL, 7),
]
SCHOOLS = ["示范大学", "江南理工大学", "东海财经学院", "临江师范学院", "云溪职业技术学院"]


FIRST_BIRTH_DAY = datetime.date(1960, 1, 1)
BIRTH_DAYS = 15_000  # about 41 years


def fictional_id_number(
    address_code: str, birth_date: datetime.date, sequence: int, sex: str
) -> str:
    """Return a valid-checksum ID number; the sequence's last digit follows the sex."""
    if not 0 <= sequence <= 498:
        raise ValueError("sequence must be between 0 and 498")
    seq = sequence * 2 + (1 if sex == Sex.MALE else 2)
    first17 = f"{address_code}{birth_date:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


# Intermediary sub-types: (key word in the sub-type, work unit, posts, unit nature).
INTERMEDIARY_WORK = [
    ("律师", "{d}明理律师事务所", ["执业律师", "合伙人", "主任"], UnitNature.LAW_FIRM),
    ("会计", "{d}诚信会计师事务所", ["注册会计师", "合伙人"], UnitNature.ACCOUNTING_FIRM),
    ("税务", "{d}正衡税务师事务所", ["税务师", "所长"], UnitNature.OTHER_INTERMEDIARY),
    (
        "资产评估",
        "{d}信达资产评估有限公司",
        ["资产评估师", "总经理"],
        UnitNature.OTHER_INTERMEDIARY,
    ),
    (
        "估价",
        "{d}安居房地产估价有限公司",
        ["房地产估价师", "总经理"],
        UnitNature.OTHER_INTERMEDIARY,
    ),
    ("专利", "{d}知创专利代理事务所", ["专利代理师", "合伙人"], UnitNature.OTHER_INTERMEDIARY),
    ("公证", "{d}公证处", ["公证员"], UnitNature.OTHER_INTERMEDIARY),
    (
        "建筑",
        "{d}城乡建筑设计院有限公司",
        ["注册建筑师", "总建筑师"],
        UnitNature.OTHER_INTERMEDIARY,
    ),
    (
        "结构",
        "{d}城乡建筑设计院有限公司",
        ["注册结构工程师", "总工程师"],
        UnitNature.OTHER_INTERMEDIARY,
    ),
    ("社会团体", "{d}青年企业家协会", ["秘书长", "副会长"], UnitNature.SOCIAL_GROUP),
    ("基金会", "{d}助学公益基金会", ["理事长", "秘书长"], UnitNature.FOUNDATION),
    ("社会服务", "{d}康宁社会工作服务中心", ["主任", "社工督导"], UnitNature.SOCIAL_SERVICE),
]


def _work_for(rng: random.Random, category: str, subtype_name: str) -> tuple[str, str, str]:
    """Return a work unit, post and unit nature that fit the person's sub-type."""
    if category == Category.INTERMEDIARY:
        for word, unit, posts, nature in INTERMEDIARY_WORK:
            if word in subtype_name:
                return unit, rng.choice(posts), nature
    if category == Category.ENTERPRISE and "外商" in subtype_name:
        return (
            "{d}森泰精密（外商独资）有限公司",
            rng.choice(POSITIONS[category]),
            UnitNature.FOREIGN_ENTERPRISE,
        )
    return rng.choice(WORK_UNITS[category]), rng.choice(POSITIONS[category]), NATURES[category]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


class PersonFactory:
    """Make fictional persons deterministically from a seed."""

    def __init__(self, *, seed: int, regions, subtypes):
        self.seed = seed
        self.by_code: dict[str, list] = {}
        for region in regions:
            self.by_code.setdefault(region.code[:6], []).append(region)
        self.codes = sorted(self.by_code)
        self.subtypes = {}
        for subtype in subtypes:
            self.subtypes.setdefault(subtype.category, []).append(subtype)
        self.pinyin_cache: dict[str, tuple[str, str]] = {}

    def name(self) -> str:
        given = "".join(self.rng.choices(GIVEN_CHARS, k=self.rng.choice([1, 2, 2, 2])))
        return self.rng.choice(SURNAMES) + given

    def pinyin(self, name: str) -> tuple[str, str]:
        # Pinyin of a name is the pinyin of its characters joined; cache per character.
        full, initials = [], []
        for char in name:
            if char not in self.pinyin_cache:
                self.pinyin_cache[char] = name_to_pinyin(char)
            f, i = self.pinyin_cache[char]
            full.append(f)
            initials.append(i)
        return "".join(full), "".join(initials)

    def person(self, index: int) -> Person:
        """Return the index-th person; distinct indexes give distinct ID numbers."""
        # One generator per index: the same index always gives the same person.
        rng = self.rng = random.Random(self.seed * 1_000_003 + index)
        # index -> (address code, birth day, sequence) is one-to-one: 7919 is prime to
        # BIRTH_DAYS, so the days spread over 41 years and never repeat within a sequence.
        address_code = self.codes[index % len(self.codes)]
        rest = index // len(self.codes)
        birth_date = FIRST_BIRTH_DAY + datetime.timedelta(days=rest * 7919 % BIRTH_DAYS)
        sequence = rest // BIRTH_DAYS
        region = rng.choice(self.by_code[address_code])
        category = rng.choice(list(Category))
        subtype = rng.choice(self.subtypes[category])
        sex = rng.choice([Sex.MALE, Sex.FEMALE])
        name = self.name()
        work_unit, position, nature = _work_for(rng, category, subtype.name)
        work_unit = work_unit.format(d=region.name[:2])
        person = Person(
            name=name,
            sex=sex,
            birth_date=birth_date,
            ethnicity="01" if rng.random() < 0.92 else rng.choice(["03", "08", "11", "15"]),
            native_place=rng.choice(["浙江", "江苏", "福建", "安徽", "江西", "湖南"]),
            nationality="中国",
            affiliation=_weighted(rng, AFFILIATION_WEIGHTS),
            id_number=fictional_id_number(address_code, birth_date, sequence, sex),
            category=category,
            subtype=subtype,
            is_opinion_figure=category == Category.NEW_MEDIA and rng.random() < 0.2,
            is_online_streamer=category == Category.NEW_MEDIA and rng.random() < 0.3,
            work_unit=work_unit,
            position=position,
            unit_nature=nature,
            region=region,
            highest_education=_weighted(rng, EDUCATION_WEIGHTS),
            mobile=f"1{rng.choice('3456789')}{rng.randint(0, 999_999_999):09d}",
            work_start_date=datetime.date(birth_date.year + 22, rng.randint(1, 12), 1),
        )
        person.name_pinyin, person.name_initials = self.pinyin(name)
        return person


DEMO_PERSONS = 400


def build(built: dict) -> None:
    """Add several hundred fictional persons over the demo districts (once)."""
    districts = list(built["districts"].values())
    regions = []
    for district in districts:
        regions.append(district)
        regions.extend(district.children.order_by("code"))
    factory = PersonFactory(seed=2026, regions=regions, subtypes=SubType.objects.all())
    existing = set(Person.objects.values_list("id_number", flat=True))
    new = []
    for index in range(DEMO_PERSONS):
        person = factory.person(index)
        if person.id_number not in existing:
            new.append(person)
    if not new:
        return
    # Bulk inserts with their history rows: the demo loads in about a second.
    created = bulk_create_with_history(new, Person, batch_size=500)
    by_number = dict(
        Person.objects.filter(id_number__in=[p.id_number for p in created]).values_list(
            "id_number", "pk"
        )
    )
    educations, jobs = [], []
    for index, person in enumerate(new):
        person.pk = by_number[person.id_number]
        rng = random.Random(index)
        education, work = _children(rng, person)
        educations.append(education)
        jobs.extend(work)
    bulk_create_with_history(educations, EducationRecord, batch_size=500)
    bulk_create_with_history(jobs, WorkHistory, batch_size=500)


def _children(rng: random.Random, person: Person) -> tuple[EducationRecord, list[WorkHistory]]:
    year = person.birth_date.year
    education = EducationRecord(
        person=person,
        school=rng.choice(SCHOOLS),
        major=rng.choice(["法学", "会计学", "计算机科学与技术", "新闻学", "工商管理", "美术学"]),
        start_date=datetime.date(year + 18, 9, 1),
        end_date=datetime.date(year + 22, 6, 30),
        education=person.highest_education or Education.BACHELOR,
        is_highest=True,
    )
    start = datetime.date(year + 22, 7, 1)
    middle = datetime.date(year + 22 + rng.randint(3, 8), 1, 1)
    work = [
        WorkHistory(
            person=person,
            start_date=start,
            end_date=middle,
            unit_and_post="示范市某公司职员",
            order=0,
        ),
        WorkHistory(
            person=person,
            start_date=middle,
            end_date=None,
            unit_and_post=f"{person.work_unit}{person.position}",
            order=1,
        ),
    ]
    return education, work
