"""Every number on the dashboard, against the world of dashboard_world whose answers are known.

Each figure is checked in the view's context and in the HTML table (or card) that shows it,
and each bar's link is followed to the list it opens, which must count the same persons.
"""

import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.utils import timezone
from lxml import html as lxml_html

from tests.roster_site.dashboard_world import build_world, held_this_year

YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _no_cache(settings):
    cache.clear()


@pytest.fixture
def world(personas):
    return build_world(personas)


def figures(response, key):
    """Return {label: value(s)} of one breakdown in the context."""
    breakdown = next(b for b in response.context["breakdowns"] if b.key == key)
    if len(breakdown.series) == 1:
        return dict(zip(breakdown.labels, breakdown.series[0].values, strict=True))
    columns = zip(*[s.values for s in breakdown.series], strict=True)
    return dict(zip(breakdown.labels, [tuple(c) for c in columns], strict=True))


def table(response, key):
    """Return the rows of the HTML table data-table=key as lists of cell texts."""
    document = lxml_html.fromstring(response.content.decode())
    rows = document.xpath(f'//table[@data-table="{key}"]/tbody/tr')
    return [[cell.text_content().strip() for cell in row.xpath("./th|./td")] for row in rows]


def table_counts(response, key, columns=1):
    """Return {label: count} (or a tuple of counts) read from the HTML table."""
    result = {}
    for row in table(response, key):
        values = tuple(int(text) for text in row[1 : 1 + columns])
        result[row[0]] = values[0] if columns == 1 else values
    return result


def attention(response):
    return {item.key: item for item in response.context["attention"]}


def attention_html(response):
    """Return {key: shown count} of the needs-attention cards in the HTML."""
    document = lxml_html.fromstring(response.content.decode())
    return {
        card.get("data-attention"): int(card.xpath(".//*[@data-count]")[0].text_content())
        for card in document.xpath("//a[@data-attention]")
    }


CITY = {
    "category": {"民营和外资企业": 2, "中介和社会组织": 4, "自由职业": 1, "新媒体": 1},
    "region": {"示范市本级": 1, "明湖区": 4, "青山区": 3},
    "subtype": {
        "民营企业管理人员": 2,
        "律师": 3,
        "注册会计师": 1,
        "自由摄影师": 1,
        "新媒体采编人员": 1,
    },
    "affiliation": {"共青团员": 1, "民盟盟员": 2, "民建会员": 1, "无党派人士": 1, "群众": 4},
    "education": {"博士研究生": 1, "硕士研究生": 1, "大学本科": 4, "大学专科": 1, "未填写": 1},
    "age": {
        "30岁以下": 2,
        "30–39岁": 1,
        "40–49岁": 2,
        "50–59岁": 1,
        "60岁及以上": 1,
        "未填出生日期": 1,
    },
    "sex": {"男": 4, "女": 3, "未填写": 1},
}

DISTRICT_A = {
    "category": {"民营和外资企业": 0, "中介和社会组织": 3, "自由职业": 1, "新媒体": 0},
    "region": {"明湖区本级": 3, "湖滨街道": 1},
    "subtype": {"律师": 2, "注册会计师": 1, "自由摄影师": 1},
    "affiliation": {"共青团员": 1, "民盟盟员": 2, "民建会员": 1, "群众": 1},
    "education": {"硕士研究生": 1, "大学本科": 2, "大学专科": 1},
    "age": {"30岁以下": 1, "30–39岁": 1, "40–49岁": 1, "50–59岁": 1, "60岁及以上": 0},
    "sex": {"男": 2, "女": 2},
}

DISTRICT_B = {
    "category": {"民营和外资企业": 2, "中介和社会组织": 0, "自由职业": 0, "新媒体": 1},
    "region": {"青山区本级": 3},
    "subtype": {"民营企业管理人员": 2, "新媒体采编人员": 1},
    "affiliation": {"无党派人士": 1, "群众": 2},
    "education": {"大学本科": 2, "未填写": 1},
    "age": {"30岁以下": 1, "30–39岁": 0, "40–49岁": 1, "50–59岁": 0, "60岁及以上": 1},
    "sex": {"男": 2, "女": 1},
}


@pytest.mark.parametrize(
    ("user", "region", "expected", "total"),
    [
        ("city_staff", None, CITY, 8),
        ("leader", None, CITY, 8),
        ("staff_a", None, DISTRICT_A, 4),
        ("city_staff", "district_a", DISTRICT_A, 4),
        ("city_staff", "district_b", DISTRICT_B, 3),
    ],
)
def test_person_breakdowns_match_the_world_in_context_and_table(
    client_for, personas, world, user, region, expected, total
):
    params = {"region": getattr(personas, region).pk} if region else {}
    response = client_for(getattr(personas, user)).get("/", params)
    assert response.status_code == 200
    assert response.context["persons_total"] == total
    for key, numbers in expected.items():
        assert figures(response, key) == numbers, key
        assert table_counts(response, key) == numbers, key
    document = lxml_html.fromstring(response.content.decode())
    assert document.xpath('string(//*[@data-kpi="persons"]//*[@class="kpi-value"])') == str(total)


def test_shares_are_of_the_persons_in_scope(client_for, personas, world):
    response = client_for(personas.city_staff).get("/")
    rows = {row[0]: row[2] for row in table(response, "category")}
    assert rows == {
        "民营和外资企业": "25.0%",
        "中介和社会组织": "50.0%",
        "自由职业": "12.5%",
        "新媒体": "12.5%",
    }


def test_archived_persons_are_counted_nowhere(client_for, personas, world):
    response = client_for(personas.city_staff).get("/")
    # X1 (archived) is a lawyer of 明湖区 aged 50: neither shows it.
    assert figures(response, "subtype")["律师"] == 3
    assert figures(response, "age")["50–59岁"] == 1


def test_pool_breakdown_counts_active_entries_with_the_minimum(client_for, personas, world):
    response = client_for(personas.city_staff).get("/")
    expected = {
        "示范市人才库": (1, 0, 180),
        "明湖区人才库": (1, 1, 50),
        "青山区人才库": (1, 0, 1),
    }
    assert figures(response, "pool") == expected
    assert table_counts(response, "pool", columns=3) == expected
    status = {row[0]: row[4] for row in table(response, "pool")}
    assert status == {
        "示范市人才库": "代表人士差179人",
        "明湖区人才库": "代表人士差49人",
        "青山区人才库": "达到最低名额",
    }
    pool = response.context["pool"]
    assert (pool.active, pool.representatives, pool.reserves) == (4, 3, 1)
    kpi = lxml_html.fromstring(response.content.decode()).xpath('//*[@data-kpi="pool"]')[0]
    assert kpi.xpath('string(.//*[@class="kpi-value"])') == "4"
    assert "代表人士 3 · 后备人才 1" in kpi.text_content()


def test_pool_breakdown_of_a_district(client_for, personas, world):
    response = client_for(personas.staff_a).get("/")
    assert figures(response, "pool") == {"明湖区人才库": (1, 1, 50)}


CITY_ATTENTION = {
    "recommendations": 2,
    "actions_overdue": 2,
    "actions_due_soon": 2,
    "pool_below_minimum": 2,
    "review_unfinished": 2,
    "minutes_overdue": 2,
    "plenaries": 2,
    "contacts_overdue": 0,
}


@pytest.mark.parametrize(
    ("user", "region", "expected"),
    [
        ("city_staff", None, CITY_ATTENTION),
        ("leader", None, {k: v for k, v in CITY_ATTENTION.items() if k != "recommendations"}),
        (
            "staff_a",
            None,
            {
                "recommendations": 1,
                "actions_overdue": 1,
                "actions_due_soon": 0,
                "pool_below_minimum": 1,
                "review_unfinished": 1,
                "minutes_overdue": 1,
                "plenaries": 1,
                "contacts_overdue": 0,
            },
        ),
        (
            "city_staff",
            "district_b",
            {
                "recommendations": 0,
                "actions_overdue": 0,
                "actions_due_soon": 0,
                "pool_below_minimum": 0,
                "review_unfinished": 1,
                "minutes_overdue": 0,
                "plenaries": 1,
                "contacts_overdue": 0,
            },
        ),
    ],
)
def test_needs_attention_counts_match_the_world(
    client_for, personas, world, user, region, expected
):
    params = {"region": getattr(personas, region).pk} if region else {}
    response = client_for(getattr(personas, user)).get("/", params)
    assert {key: item.count for key, item in attention(response).items()} == expected
    assert attention_html(response) == expected


def test_oldest_waiting_recommendation_age_is_shown(client_for, personas, world):
    city = client_for(personas.city_staff).get("/")
    assert attention(city)["recommendations"].hint == "最早一件已等待10天"
    assert "最早一件已等待10天" in city.content.decode()
    district = client_for(personas.staff_a).get("/")
    assert attention(district)["recommendations"].hint == "最早一件已等待3天"


def test_attention_details_name_the_regions(client_for, personas, world):
    items = attention(client_for(personas.city_staff).get("/"))
    assert items["pool_below_minimum"].details == [
        "示范市：代表人士差179人",
        "明湖区：代表人士差49人",
    ]
    assert items["review_unfinished"].details == ["明湖区人才库", "青山区人才库"]
    assert items["plenaries"].details == [
        "示范市：已召开1次",
        "明湖区：已召开0次",
        "青山区：已召开0次",
    ]


def test_headline_counts_match_the_world(client_for, personas, world):
    response = client_for(personas.city_staff).get("/")
    assert response.context["headline"] == {
        "open_actions": 5,
        "held_this_year": held_this_year(world),
    }
    district = client_for(personas.staff_a).get("/")
    assert district.context["headline"] == {
        "open_actions": 1,
        "held_this_year": held_this_year(world, {"339902"}),
    }


def test_attention_links_open_the_filtered_lists(client_for, personas, world):
    client = client_for(personas.city_staff)
    items = attention(client.get("/"))
    recommendations = client.get(items["recommendations"].url)
    assert recommendations.context["count"] == 2
    overdue = client.get(items["actions_overdue"].url)
    assert overdue.context["page"].paginator.count == 2
    assert items["pool_below_minimum"].url == "/talent-pool/quotas/"
    assert items["review_unfinished"].url == (
        f"/talent-pool/reviews/{YEAR}/?region={personas.district_a.pk}"
    )
    assert client.get(items["review_unfinished"].url).status_code == 200
    assert items["minutes_overdue"].url == "/meetings/?status=held"
    assert items["plenaries"].url == f"/meetings/?year={YEAR}&kind=plenary"
    plenaries = client.get(items["plenaries"].url)
    assert plenaries.context["page"].paginator.count == 1


def list_count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["count"]


@pytest.mark.parametrize("region", [None, "district_a"])
def test_every_bar_link_opens_a_list_of_exactly_that_many(client_for, personas, world, region):
    client = client_for(personas.city_staff)
    params = {"region": getattr(personas, region).pk} if region else {}
    response = client.get("/", params)
    checked = 0
    for breakdown in response.context["breakdowns"]:
        for series in breakdown.series:
            for value, link in zip(series.values, series.links, strict=False):
                if link:
                    assert list_count(client, link) == value, (breakdown.key, link)
                    checked += 1
    assert checked >= 20


def test_chart_links_carry_the_roster_filter_names(client_for, personas, world):
    response = client_for(personas.city_staff).get("/", {"region": personas.district_b.pk})
    charts = {chart["key"]: chart for chart in response.context["charts"]}
    links = charts["category"]["datasets"][0]["links"]
    query = parse_qs(urlsplit(links[0]).query)
    assert urlsplit(links[0]).path == "/people/"
    assert query == {"region": [str(personas.district_b.pk)], "category": ["enterprise"]}
    age = parse_qs(urlsplit(charts["age"]["datasets"][0]["links"][1]).query)
    assert (age["age_min"], age["age_max"]) == (["30"], ["39"])
    sex_links = charts["sex"]["datasets"][0]["links"]
    assert set(sex_links) == {""}  # the roster has no sex filter


def test_chart_json_carries_the_same_numbers_as_the_tables(client_for, personas, world):
    response = client_for(personas.city_staff).get("/")
    document = lxml_html.fromstring(response.content.decode())
    data = json.loads(document.xpath('//script[@id="dashboard-charts"]')[0].text)
    assert [chart["key"] for chart in data] == [
        "category",
        "region",
        "subtype",
        "affiliation",
        "education",
        "age",
        "sex",
        "pool",
    ]
    by_key = {chart["key"]: chart for chart in data}
    for key in CITY:
        chart = by_key[key]
        assert chart["datasets"][0]["data"] == list(table_counts(response, key).values())
    assert by_key["pool"]["datasets"][2] == {
        "label": "最低名额",
        "data": [180, 50, 1],
        "links": [],
        "line": True,
    }
    assert document.xpath('//script[@id="dashboard-charts"]/@type') == ["application/json"]


def test_dashboard_page_loads_chartjs_and_its_script_from_this_site(client_for, personas, world):
    content = client_for(personas.city_staff).get("/").content.decode()
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js"></script>' in content
    assert '<script src="/static/js/dashboard.js"></script>' in content
    assert "cdn" not in content.lower()


def test_every_chart_has_a_canvas_and_a_table(client_for, personas, world):
    response = client_for(personas.city_staff).get("/")
    document = lxml_html.fromstring(response.content.decode())
    canvases = document.xpath("//canvas/@data-chart")
    tables = document.xpath("//table/@data-table")
    assert canvases == tables
    for canvas in document.xpath("//canvas"):
        assert canvas.get("role") == "img" and "表格" in canvas.get("aria-label")


def test_empty_scope_shows_zeros_not_errors(client_for, personas):
    response = client_for(personas.city_staff).get("/")
    assert response.status_code == 200
    assert response.context["persons_total"] == 0
    assert figures(response, "category") == {
        "民营和外资企业": 0,
        "中介和社会组织": 0,
        "自由职业": 0,
        "新媒体": 0,
    }
    assert figures(response, "subtype") == {}
    assert "暂无数据" in response.content.decode()


@pytest.fixture
def team(personas, world):
    """Arrangements and key contacts with known answers (on top of the world)."""
    import datetime

    from talent_pool.models import ContactAssignment, ContactLog, PoliticalArrangement

    people = world["people"]

    def arrangement(key, kind, level, status):
        PoliticalArrangement.objects.create(
            person=people[key], kind=kind, level=level, body="示范市政协", status=status,
            created_by=personas.city_staff,
        )  # fmt: skip

    arrangement("A1", "cppcc", "city", "appointed")
    arrangement("A2", "cppcc", "city", "appointed")
    arrangement("B1", "npc", "county", "appointed")
    arrangement("B2", "npc", "county", "recommended")  # not counted: only appointed
    arrangement("X1", "npc", "city", "appointed")  # archived person: not counted
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    seen = ContactAssignment.objects.create(
        leader=personas.leader,
        person=people["A1"],
        assigned_on=long_ago,
        assigned_by=personas.city_staff,
    )
    ContactLog.objects.create(
        assignment=seen, date=timezone.localdate(), form="talk", learned="近况良好",
        created_by=personas.leader,
    )  # fmt: skip
    ContactAssignment.objects.create(  # never contacted for 400 days: overdue
        leader=personas.leader,
        person=people["B1"],
        assigned_on=long_ago,
        assigned_by=personas.city_staff,
    )
    return world


def test_arrangements_by_kind_and_level_count_appointed_live_ones(client_for, personas, team):
    response = client_for(personas.city_staff).get("/")
    assert figures(response, "arrangement") == {"人大代表": (0, 1), "政协委员": (2, 0)}
    response = client_for(personas.staff_a).get("/")
    assert figures(response, "arrangement") == {"政协委员": 2}


def test_key_contacts_overdue_counts_active_contacts_not_seen_in_time(client_for, personas, team):
    response = client_for(personas.city_staff).get("/")
    item = attention(response)["contacts_overdue"]
    assert item.count == 1
    assert attention_html(response)["contacts_overdue"] == 1
    response = client_for(personas.staff_a).get("/")
    assert attention(response)["contacts_overdue"].count == 0


def test_age_bands_follow_the_birthday(client_for, personas):
    """A person turns 30 on their birthday: the band and the list filter agree that day."""
    from people.filters import years_ago
    from tests.people.factories import make_person

    make_person(personas.district_a, name="今天三十", birth_date=years_ago(30))
    make_person(
        personas.district_a,
        name="明天三十",
        birth_date=years_ago(30) + datetime.timedelta(days=1),
    )
    client = client_for(personas.city_staff)
    response = client.get("/")
    assert figures(response, "age")["30岁以下"] == 1
    assert figures(response, "age")["30–39岁"] == 1
    assert list_count(client, "/people/?age_max=29") == 1
    assert list_count(client, "/people/?age_min=30&age_max=39") == 1


def test_headline_links_follow_the_shown_region(client_for, personas, world):
    client = client_for(personas.city_staff)
    own = lxml_html.fromstring(client.get("/").content.decode())
    assert own.xpath('//*[@data-kpi="persons"]/@href') == ["/people/"]
    assert own.xpath('//*[@data-kpi="pool"]/@href') == ["/talent-pool/"]
    chosen = client.get("/", {"region": personas.district_a.pk})
    page = lxml_html.fromstring(chosen.content.decode())
    pk = personas.district_a.pk
    assert page.xpath('//*[@data-kpi="persons"]/@href') == [f"/people/?region={pk}"]
    assert page.xpath('//*[@data-kpi="pool"]/@href') == [f"/talent-pool/?region={pk}"]
    assert client.get(f"/talent-pool/?region={pk}").context["count"] == 2
    street = client.get("/", {"region": personas.street_a1.pk})
    street_page = lxml_html.fromstring(street.content.decode())
    assert street_page.xpath('//*[@data-kpi="pool"]/@href') == ["/talent-pool/"]
