"""A small world whose dashboard figures are known exactly, on top of the personas.

Persons (live unless said otherwise), by region, with sub-type, sex, age, 政治面貌 and
最高学历:

    示范市 (the city itself)
      C1 律师          —  no birth date (passport), sex blank   群众            博士研究生
    明湖区 (district A)
      A1 律师          男 25                                     群众            大学本科
      A2 律师          女 35                                     民盟            硕士研究生
      A3 注册会计师    男 45                                     民建            大学本科
      X1 律师          archived — counted nowhere
      湖滨街道 (street A1)
        S1 自由摄影师  女 55                                     共青团员+民盟    大学专科
    青山区 (district B)
      B1 民营企业管理人员 男 62                                  群众            大学本科
      B2 民营企业管理人员 男 41                                  群众            (blank)
      B3 新媒体采编人员   女 29                                  无党派人士      大学本科

Pools: city C1 (representative); 明湖区 A1 (representative), A2 (reserve), A3 removed;
青山区 B1 (representative) with a stored quota of minimum 1. The city's and 明湖区's pools
are below the default minimum (180 and 50 representatives). This year's review is closed
for the city only.

Recommendations: R1 unit X → city, submitted 10 days ago; R2 明湖区 lead → 明湖区,
submitted 3 days ago; R3 unit X draft; R4 unit Y returned.

Meetings: M1 city plenary held today; M2 city special held 20 days ago without minutes;
M3 明湖区 special held 30 days ago with minutes; M4 明湖区 special held 16 days ago
without minutes; M5 city special held 5 days ago without minutes.
Action items: AI1 (M2, unit X) due 5 days ago; AI2 (M2, unit X, co-unit Y) due in 10 days;
AI3 (M2, unit X) due in 30 days; AI4 (M2, unit X) due 3 days ago but done; AI5 (M4,
明湖区 lead) due yesterday; AI6 (M1, unit X) due today.
"""

import datetime

from django.utils import timezone

from accounts.enums import Role
from meetings.enums import ActionStatus, MeetingKind, MeetingStatus
from people.enums import DocumentType, Sex
from people.filters import years_ago
from talent_pool.enums import EntryStatus, RecommendationState, ReviewStatus, Tier
from talent_pool.models import AnnualReview, Quota
from tests.meetings.builders import days, issue, make_action, make_meeting
from tests.people.factories import make_person
from tests.talent_pool.builders import make_entry, make_recommendation


def born_aged(age: int) -> datetime.date:
    """Return a birth date of someone who is age years old today (birthday 10 days ago)."""
    return years_ago(age) - datetime.timedelta(days=10)


def build_world(p) -> dict:
    people = {}

    def person(key, region, subtype, sex, age, affiliation, education, **extra):
        people[key] = make_person(
            region,
            name=f"测试{key}",
            subtype_name=subtype,
            sex=sex,
            birth_date=born_aged(age) if age is not None else None,
            affiliation=affiliation,
            highest_education=education,
            **extra,
        )

    person(
        "C1",
        p.city,
        "律师",
        "",
        None,
        "13",
        "11",
        document_type=DocumentType.PASSPORT,
        id_number="E12345678",
    )
    person("A1", p.district_a, "律师", Sex.MALE, 25, "13", "20")
    person("A2", p.district_a, "律师", Sex.FEMALE, 35, "05", "14")
    person("A3", p.district_a, "注册会计师", Sex.MALE, 45, "06", "20")
    person("X1", p.district_a, "律师", Sex.MALE, 50, "13", "20")
    person("S1", p.street_a1, "自由摄影师", Sex.FEMALE, 55, "03", "30", affiliation_2="05")
    person("B1", p.district_b, "民营企业管理人员", Sex.MALE, 62, "13", "20")
    person("B2", p.district_b, "民营企业管理人员", Sex.MALE, 41, "13", "")
    person("B3", p.district_b, "新媒体采编人员", Sex.FEMALE, 29, "12", "20")
    people["X1"].archived_at = timezone.now()
    people["X1"].save()

    make_entry(people["C1"], p.city)
    make_entry(people["A1"], p.district_a)
    make_entry(people["A2"], p.district_a, tier=Tier.RESERVE)
    make_entry(people["A3"], p.district_a, status=EntryStatus.REMOVED, removal_reason="工作变动")
    make_entry(people["B1"], p.district_b)
    Quota.objects.create(region=p.district_b, tier=Tier.REPRESENTATIVE, minimum=1, target=5)
    AnnualReview.objects.create(
        region=p.city,
        year=timezone.localdate().year,
        status=ReviewStatus.CLOSED,
        opened_by=p.city_staff,
        closed_by=p.city_staff,
        closed_at=timezone.now(),
    )

    now = timezone.now()
    recommendations = {
        "R1": make_recommendation(
            p.unit_x, p.city, by=p.liaison_x, submitted_at=now - datetime.timedelta(days=10)
        ),
        "R2": make_recommendation(
            p.lead_a,
            p.district_a,
            by=p.staff_a,
            submitted_at=now - datetime.timedelta(days=3, hours=1),
        ),
        "R3": make_recommendation(
            p.unit_x, p.city, by=p.liaison_x, state=RecommendationState.DRAFT
        ),
        "R4": make_recommendation(
            p.unit_y, p.city, by=p.liaison_y, state=RecommendationState.RETURNED
        ),
    }

    held = MeetingStatus.HELD
    city_units = [p.city_lead, p.unit_x, p.unit_y]
    meetings = {
        "M1": make_meeting(
            p, kind=MeetingKind.PLENARY, date=days(0), status=held, units=city_units
        ),
        "M2": make_meeting(p, date=days(-20), status=held, units=city_units),
        "M3": make_meeting(p, region=p.district_a, units=[p.lead_a], date=days(-30), status=held),
        "M4": make_meeting(p, region=p.district_a, units=[p.lead_a], date=days(-16), status=held),
        "M5": make_meeting(p, date=days(-5), status=held, units=city_units),
    }
    m = meetings
    actions = {
        "AI1": make_action(p, m["M2"], due=days(-5)),
        "AI2": make_action(p, m["M2"], due=days(10), co_units=[p.unit_y]),
        "AI3": make_action(p, m["M2"], due=days(30)),
        "AI4": make_action(p, m["M2"], due=days(-3), status=ActionStatus.DONE),
        "AI5": make_action(p, m["M4"], lead=p.lead_a, due=days(-1)),
        "AI6": make_action(p, m["M1"], due=days(0)),
    }
    issue(p, m["M3"])
    return {"people": people, "recommendations": recommendations, "meetings": m, **actions}


def held_this_year(world, region_codes=None) -> int:
    """Return how many of the world's held meetings fall in this calendar year."""
    year = timezone.localdate().year
    return sum(
        1
        for meeting in world["meetings"].values()
        if meeting.date.year == year
        and (region_codes is None or meeting.region.code in region_codes)
    )


ROLES_WITH_DASHBOARD = {Role.STAFF, Role.LEADER}
