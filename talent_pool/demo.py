"""Demo talent pools of 示范市: district and city pools (云溪区 below its minimum), two
years of closed annual reviews, this year's review under way in 明湖区, evaluations, and
recommendations in every state from several units; and the team records: political
arrangements at several levels, three training courses, leaders' key contacts with logs
(one overdue) and one association (新联会) per district with its council. All persons and
texts are fictional.

Built through the services where a workflow is involved, so the demo carries the same
history, events and audit records as real use. Each part runs once: when its records
exist, it does nothing.
"""

import datetime
import random

from django.conf import settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.enums import Role
from accounts.models import User
from people.demo import fictional_id_number
from people.enums import Category, Sex
from people.models import Person, SubType
from talent_pool.enums import (
    ArrangementStatus,
    ContactForm,
    CouncilRole,
    DecisionKind,
    Level,
    RecommendationState,
    Tier,
)
from talent_pool.models import (
    AnnualReview,
    Association,
    ContactAssignment,
    ContactLog,
    CouncilPost,
    Criterion,
    PoliticalArrangement,
    PoolEntry,
    Recommendation,
    RecommendationEvent,
    TrainingCourse,
    person_to_data,
)
from talent_pool.services import (
    add_council_post,
    add_member,
    add_participant,
    assign_contact,
    close_review,
    ensure_default_criteria,
    evaluate,
    log_contact,
    open_review,
    record_decisions,
    save_arrangement,
    save_association,
    save_course,
    save_recommendation,
    set_recommendation_state,
)

State = RecommendationState

# District pool sizes: (representatives from the start, added last year, reserve).
# 云溪区 stays below the minimum of 50 so that the quota page has something to flag.
DISTRICT_POOLS = {
    "明湖区": (53, 6, 10),
    "青山区": (52, 6, 8),
    "临江区": (52, 6, 6),
    "云溪区": (34, 4, 5),
}
CITY_POOL = (170, 15, 15)
REMOVALS = [
    "本人工作调动至外省",
    "本人申请退出",
    "已加入中国共产党，按规定调整出库",
    "年度考察不合格",
]

# Extra liaison accounts so that recommendations come from district units too.
LIAISONS = [
    ("minghu_sifa_liaison", "陈立言", "明湖区司法局"),
    ("gongshanglian_liaison", "黄思齐", "市工商联"),
]

REASONS = {
    "律师": (
        "执业多年，担任区律师协会理事，长期为小微企业和困难群众提供公益法律服务，"
        "在律师行业有较大影响。"
    ),
    "新媒体采编人员": "主持本地知名资讯公众号，坚持正确舆论导向，积极参与网络正能量传播活动。",
    "民营企业管理人员": "企业连续多年纳税信用A级，热心慈善事业，在青年企业家中有较强号召力。",
    "注册会计师": "从事审计工作十余年，参与多项政府购买服务项目评估，专业能力突出。",
}
FIRST_NAMES = ["林晓", "郑思", "高远", "许诺", "沈一", "韩立", "唐宁", "罗清", "宋文", "邓华"]
GIVEN = ["明", "涵", "舟", "然", "宁", "川", "岚", "哲", "远", "凡"]


def build(built: dict) -> None:
    """Create the demo pools and team records (each part once)."""
    staff = User.objects.get(username="city_staff")
    ensure_default_criteria()
    if not (PoolEntry.objects.exists() or Recommendation.objects.exists()):
        _pools(built, staff)
    if not (PoliticalArrangement.objects.exists() or Association.objects.exists()):
        _team(built, staff)


def _pools(built: dict, staff) -> None:
    """Pools, reviews, evaluations and recommendations."""
    rng = random.Random(2026)
    year = timezone.localdate().year
    city = built["city"]
    districts = built["districts"]
    units = built["units"]

    pools = {}
    for name, district in districts.items():
        persons = list(
            Person.objects.live().filter(region__path__startswith=district.path).order_by("id")
        )
        pools[district] = (persons, DISTRICT_POOLS[name])
    city_persons = []
    for persons, _ in pools.values():
        city_persons.extend(persons[::2])
    pools[city] = (city_persons, CITY_POOL)

    first_added = {}
    for region, (persons, (initial, _, reserve)) in pools.items():
        first_added[region] = _add_entries(
            region,
            persons[:initial],
            persons[initial : initial + reserve],
            on=datetime.date(year - 2, 3, 1),
            units=units,
            rng=rng,
        )
    for region in pools:
        _run_review(region, year - 2, staff, rng, removals=0, changes=1)
    for region, (persons, (initial, added, reserve)) in pools.items():
        start = initial + reserve
        _add_entries(
            region,
            persons[start : start + added],
            [],
            on=datetime.date(year - 1, 6, 15),
            units=units,
            rng=rng,
        )
    for region in pools:
        _run_review(region, year - 1, staff, rng, removals=2, changes=2)

    _evaluate_some(staff, rng)
    _recommendations(built, staff, rng, year)
    _this_years_review(districts["明湖区"], staff, rng, year)


def _add_entries(region, representatives, reserves, *, on, units, rng) -> list[PoolEntry]:
    recommenders = [
        u for u in units.values() if not u.is_lead and region.path.startswith(u.region.path)
    ]
    entries = []
    for tier, persons in ((Tier.REPRESENTATIVE, representatives), (Tier.RESERVE, reserves)):
        for person in persons:
            unit = rng.choice(recommenders) if recommenders and rng.random() < 0.7 else None
            entries.append(
                PoolEntry(
                    person=person,
                    region=region,
                    tier=tier,
                    added_on=on + datetime.timedelta(days=rng.randint(0, 60)),
                    added_reason=f"{unit.name}推荐" if unit else "统战部考察推荐",
                    recommended_by=unit,
                )
            )
    return bulk_create_with_history(entries, PoolEntry)


def _run_review(region, year, staff, rng, *, removals, changes) -> AnnualReview:
    review = open_review(region=region, year=year, by=staff)
    entries = list(PoolEntry.objects.filter(region=region, status="active").order_by("id"))
    removed = set(rng.sample(range(len(entries)), removals))
    changed = set(rng.sample([i for i in range(len(entries)) if i not in removed], changes))
    decisions = []
    for index, entry in enumerate(entries):
        if index in removed:
            decisions.append((entry, DecisionKind.REMOVE, rng.choice(REMOVALS)))
        elif index in changed:
            decisions.append((entry, DecisionKind.CHANGE_TIER, "根据年度考察调整"))
        else:
            decisions.append((entry, DecisionKind.KEEP, ""))
    record_decisions(review=review, decisions=decisions, by=staff)
    close_review(review=review, by=staff, on=datetime.date(year, 12, 20))
    moment = timezone.make_aware(datetime.datetime(year, 12, 20, 10, 0))
    AnnualReview.objects.filter(pk=review.pk).update(
        opened_at=moment - datetime.timedelta(days=30), closed_at=moment
    )
    return review


def _evaluate_some(staff, rng) -> None:
    criteria = list(Criterion.objects.filter(is_active=True))
    entries = list(PoolEntry.objects.filter(status="active").order_by("id"))
    for entry in rng.sample(entries, len(entries) * 2 // 5):
        evaluate(
            by=staff,
            scores={c.pk: rng.choice([6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5]) for c in criteria},
            political_performance="拥护党的领导，积极参加统一战线组织的各项活动。",
            achievements="在本行业有较好口碑，热心公益，获得所在群体认可。",
            pool_entry=entry,
            evaluated_on=timezone.localdate() - datetime.timedelta(days=rng.randint(10, 300)),
        )


def _liaisons(units) -> dict:
    found = {
        unit_key: User.objects.filter(role=Role.UNIT_LIAISON, unit=units[unit_key]).first()
        for unit_key in ("市司法局", "市委宣传部")
    }
    for username, full_name, unit_key in LIAISONS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "role": Role.UNIT_LIAISON,
                "unit": units[unit_key],
                "must_change_password": False,
            },
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
        found[unit_key] = user
    return found


def _new_person_data(region, subtype_name, index, rng) -> dict:
    subtype = SubType.objects.get(name=subtype_name)
    sex = rng.choice([Sex.MALE, Sex.FEMALE])
    birth = datetime.date(1975 + index % 20, 1 + index % 12, 1 + index % 27)
    person = Person(
        name=FIRST_NAMES[index % len(FIRST_NAMES)] + GIVEN[(index * 3) % len(GIVEN)],
        id_number=fictional_id_number(region.code[:6], birth, 300 + index, sex),
        category=subtype.category,
        subtype=subtype,
        region=region,
        affiliation="13",
        work_unit={
            Category.INTERMEDIARY: f"{region.name[:2]}正信律师事务所",
            Category.NEW_MEDIA: f"{region.name[:2]}融媒网络科技有限公司",
            Category.ENTERPRISE: f"{region.name[:2]}恒远实业有限公司",
        }.get(subtype.category, "自由职业"),
        position=rng.choice(["合伙人", "主编", "总经理", "负责人"]),
        mobile=f"139{rng.randint(0, 99_999_999):08d}",
    )
    person.full_clean(validate_constraints=False)
    return person_to_data(person)


# (unit key, pool: "city" or a district name, sub-type, final state, days waiting, tier)
PLAN = [
    ("市司法局", "明湖区", "律师", State.SUBMITTED, 12, Tier.REPRESENTATIVE),
    ("市司法局", "青山区", "律师", State.SUBMITTED, 3, Tier.RESERVE),
    ("市司法局", "明湖区", "律师", State.RETURNED, 8, Tier.REPRESENTATIVE),
    ("市司法局", "city", "律师", State.DRAFT, 0, Tier.REPRESENTATIVE),
    ("市司法局", "临江区", "律师", State.ACCEPTED, 20, Tier.REPRESENTATIVE),
    ("市司法局", "云溪区", "律师", State.REJECTED, 30, Tier.RESERVE),
    ("市委宣传部", "city", "新媒体采编人员", State.SUBMITTED, 6, Tier.REPRESENTATIVE),
    ("市委宣传部", "city", "新媒体采编人员", State.ACCEPTED, 15, Tier.RESERVE),
    ("市委宣传部", "city", "新媒体采编人员", State.RETURNED, 4, Tier.REPRESENTATIVE),
    ("明湖区司法局", "明湖区", "律师", State.SUBMITTED, 1, Tier.REPRESENTATIVE),
    ("明湖区司法局", "明湖区", "律师", State.DRAFT, 0, Tier.RESERVE),
    ("市工商联", "city", "民营企业管理人员", State.SUBMITTED, 9, Tier.REPRESENTATIVE),
    ("市工商联", "city", "民营企业管理人员", State.REJECTED, 25, Tier.REPRESENTATIVE),
]


def _recommendations(built, staff, rng, year) -> None:
    units = built["units"]
    liaisons = _liaisons(units)
    criteria = list(Criterion.objects.filter(is_active=True))
    now = timezone.now()
    for index, (unit_key, pool, subtype, state, days, tier) in enumerate(PLAN):
        unit = units[unit_key]
        liaison = liaisons[unit_key]
        region = built["city"] if pool == "city" else built["districts"][pool]
        home = region if region != built["city"] else rng.choice(list(built["districts"].values()))
        if not home.path.startswith(unit.region.path):
            home = unit.region
        recommendation = Recommendation(
            region=region,
            requested_tier=tier,
            reasons=REASONS[subtype],
            is_new_person=True,
            person_data=_new_person_data(home, subtype, index, rng),
        )
        recommendation = save_recommendation(
            recommendation=recommendation, standards=criteria[: 2 + index % 3], by=liaison
        )
        if state == State.DRAFT:
            continue
        recommendation = set_recommendation_state(recommendation, State.SUBMITTED, by=liaison)
        if state == State.RETURNED:
            recommendation = set_recommendation_state(
                recommendation,
                State.RETURNED,
                by=staff,
                comment="请补充近三年参加社会公益活动的情况，并核对工作单位全称。",
            )
        elif state == State.REJECTED:
            recommendation = set_recommendation_state(
                recommendation,
                State.REJECTED,
                by=staff,
                comment="经考察，暂不符合代表人士标准，可作为联系对象继续培养。",
            )
        elif state == State.ACCEPTED:
            evaluate(
                by=staff,
                scores={c.pk: 8 for c in criteria},
                political_performance="政治立场坚定，积极参加各类统战活动。",
                achievements="在本领域具有较高知名度和影响力。",
                recommendation=recommendation,
            )
            recommendation = set_recommendation_state(
                recommendation, State.ACCEPTED, by=staff, confirm_over_target=True
            )
        # Spread the dates so that the queue shows waiting times.
        moment = now - datetime.timedelta(days=days, hours=index)
        Recommendation.objects.filter(pk=recommendation.pk).update(
            submitted_at=moment, created_at=moment - datetime.timedelta(days=1)
        )
        RecommendationEvent.objects.filter(
            recommendation=recommendation, to_state=State.SUBMITTED
        ).update(at=moment)


def _this_years_review(region, staff, rng, year) -> None:
    review = open_review(region=region, year=year, by=staff)
    entries = list(PoolEntry.objects.filter(region=region, status="active").order_by("id"))
    decided = entries[: len(entries) // 3]
    record_decisions(
        review=review,
        decisions=[(entry, DecisionKind.KEEP, "") for entry in decided],
        by=staff,
    )


# (kind, level, body pattern, term, post, sector, status, start year offset)
ARRANGEMENTS = [
    ("cppcc", "county", "{d}政协", "第五届", "委员", "无党派人士", "appointed", 4),
    ("cppcc", "county", "{d}政协", "第五届", "常委", "经济界", "appointed", 4),
    ("npc", "county", "{d}人大", "第五届", "代表", "", "appointed", 4),
    ("cppcc", "city", "示范市政协", "第九届", "委员", "社会福利和社会保障界", "recommended", 0),
    ("npc", "city", "示范市人大", "第九届", "代表", "", "recommended", 0),
    ("cppcc", "province", "省政协", "第十三届", "委员", "无党派人士", "recommended", 0),
    ("special", "city", "示范市监察委员会", "", "特约监察员", "", "appointed", 2),
    ("association", "city", "示范市律师协会", "第八届", "理事", "", "appointed", 3),
    ("peoples_org", "county", "{d}青年联合会", "第四届", "常委", "", "appointed", 3),
    ("npc", "township", "{s}人大", "第八届", "代表", "", "ended", 8),
]  # fmt: skip

COURSES = [
    (
        "新的社会阶层代表人士理论研修班",
        "示范市委统战部",
        "示范市社会主义学院",
        Level.CITY,
        0,
        3,
        25,
    ),
    ("网络意见人士专题培训班", "示范市委统战部、市委宣传部", "示范市委党校", Level.CITY, 1, 9, 15),
    ("青年代表人士能力提升班", "明湖区委统战部", "明湖区委党校", Level.COUNTY, 2, 4, 12),
]


def _team(built: dict, staff) -> None:
    """Arrangements, training, key contacts and associations."""
    rng = random.Random(2027)
    today = timezone.localdate()
    districts = built["districts"]
    representatives = {
        name: list(
            Person.objects.live()
            .filter(pool_entries__region=district, pool_entries__status="active")
            .select_related("region")
            .order_by("id")
        )
        for name, district in districts.items()
    }

    for name, persons in representatives.items():
        for index, person in enumerate(persons[: len(ARRANGEMENTS)]):
            kind, level, body, term, post, sector, status, years = ARRANGEMENTS[index]
            start = datetime.date(today.year - years, 1, 15)
            save_arrangement(
                arrangement=PoliticalArrangement(
                    person=person,
                    kind=kind,
                    level=level,
                    body=body.format(d=name, s=person.region.name),
                    term=term,
                    post=post,
                    sector=sector,
                    status=status,
                    start_date=None if status == ArrangementStatus.RECOMMENDED else start,
                    end_date=datetime.date(today.year - 3, 1, 15) if status == "ended" else None,
                ),
                by=staff,
            )

    everyone = [p for persons in representatives.values() for p in persons]
    for title, organiser, school, level, years_ago, month, size in COURSES:
        region = built["city"] if level == Level.CITY else districts["明湖区"]
        start = datetime.date(today.year - years_ago, month, 10)
        course = save_course(
            course=TrainingCourse(
                title=title,
                organiser=organiser,
                school=school,
                level=level,
                region=region,
                start_date=start,
                end_date=start + datetime.timedelta(days=4),
            ),
            by=staff,
        )
        pool = everyone if level == Level.CITY else representatives["明湖区"]
        for person in rng.sample(pool, size):
            add_participant(course=course, person=person, by=staff)

    leader = User.objects.get(username="leader")
    minghu_staff = User.objects.get(username="minghu_staff")
    contacts = [(leader, p) for p in everyone[::23][:6]] + [
        (minghu_staff, p) for p in representatives["明湖区"][20:23]
    ]
    forms = list(ContactForm.values)
    for index, (keeper, person) in enumerate(contacts):
        assignment = assign_contact(leader=keeper, person=person, by=staff)
        ContactAssignment.objects.filter(pk=assignment.pk).update(
            assigned_on=today - datetime.timedelta(days=500)
        )
        # The second contact of the leader has not been seen for eight months: overdue.
        last = 240 if index == 1 else rng.randint(5, 90)
        for days in (last + 120, last):
            log_contact(
                log=ContactLog(
                    assignment=assignment,
                    date=today - datetime.timedelta(days=days),
                    form=forms[(index + days) % len(forms)],
                    learned="企业经营总体平稳，本人积极参加行业协会活动。",
                    issues="反映中小企业融资渠道较少。" if days == last else "",
                    follow_up="转请区工商联了解情况。" if days == last else "",
                ),
                by=keeper,
            )

    roles = [
        CouncilRole.PRESIDENT,
        CouncilRole.EXECUTIVE_VICE,
        CouncilRole.VICE,
        CouncilRole.VICE,
        CouncilRole.SECRETARY_GENERAL,
        CouncilRole.DIRECTOR,
        CouncilRole.DIRECTOR,
        CouncilRole.DIRECTOR,
    ]
    for order, (name, district) in enumerate(districts.items()):
        founded = datetime.date(2018 + order, 5, 4)
        association = save_association(
            association=Association(
                name=f"{name}新的社会阶层人士联合会",
                region=district,
                founded_on=founded,
                description=(
                    f"{name}新联会于{founded.year}年召开第一次会员大会，"
                    "通过章程，选举产生第一届理事会。"
                ),
            ),
            by=staff,
        )
        members = representatives[name][5:25]
        for person in members:
            add_member(association=association, person=person, joined_on=founded, by=staff)
        for person, role in zip(members, roles, strict=False):
            add_council_post(
                post=CouncilPost(
                    association=association,
                    person=person,
                    role=role,
                    term="第一届",
                    start_date=founded,
                ),
                by=staff,
            )
