"""Who gets which start page, the district switch's scope check, and the wrong methods."""

import pytest
from django.core.cache import cache
from lxml import html as lxml_html

from meetings.enums import MeetingStatus
from tests.meetings.builders import days, make_meeting
from tests.roster_site.dashboard_world import build_world

ALL_ROLES = [
    "city_staff",
    "staff_a",
    "staff_b",
    "liaison_x",
    "liaison_y",
    "leader",
    "auditor",
    "sysadmin",
    "secadmin",
]


@pytest.fixture(autouse=True)
def _no_cache(settings):
    cache.clear()


@pytest.fixture
def world(personas):
    return build_world(personas)


def document(response):
    return lxml_html.fromstring(response.content.decode())


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_gets_a_start_page(client_for, personas, world, role):
    assert client_for(getattr(personas, role)).get("/").status_code == 200


@pytest.mark.parametrize("role", ALL_ROLES)
def test_start_page_refuses_post_with_405(client_for, personas, role):
    assert client_for(getattr(personas, role)).post("/").status_code == 405


@pytest.mark.parametrize("role", ["city_staff", "staff_a", "leader"])
def test_staff_and_leaders_get_the_dashboard(client_for, personas, world, role):
    response = client_for(getattr(personas, role)).get("/")
    assert [t.name for t in response.templates][0] == "home.html"
    assert document(response).xpath("//canvas[@data-chart]")


@pytest.mark.parametrize("role", ["auditor", "sysadmin", "secadmin"])
def test_administrative_roles_see_links_and_no_figures(client_for, personas, world, role):
    response = client_for(getattr(personas, role)).get("/", {"region": personas.city.pk})
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "dashboard/minimal.html"
    for key in ("breakdowns", "attention", "persons_total", "pool", "charts"):
        assert key not in response.context
    page = document(response)
    assert not page.xpath("//canvas | //*[@data-kpi] | //*[@data-attention] | //table")
    main = page.xpath("//main")[0].text_content()
    assert not any(char.isdigit() for char in main)
    labels = {a.text_content().strip() for a in page.xpath('//*[@data-section="links"]//a')}
    expected = {
        "auditor": {"审计日志", "修改密码"},
        "sysadmin": {"成员单位", "管理后台", "修改密码"},
        "secadmin": {"管理后台", "修改密码"},
    }[role]
    assert labels == expected


@pytest.mark.parametrize(
    ("user", "region"),
    [
        ("staff_a", "district_b"),
        ("staff_a", "city"),
        ("staff_b", "district_a"),
        ("staff_b", "street_a1"),
    ],
)
def test_region_outside_the_scope_is_404_while_it_holds_data(
    client_for, personas, world, user, region
):
    client = client_for(getattr(personas, user))
    pk = getattr(personas, region).pk
    assert client.get("/", {"region": pk}).status_code == 404
    assert client.get("/statistics.xlsx", {"region": pk}).status_code == 404


@pytest.mark.parametrize("raw", ["abc", "-1", "0", "99999999", "1" * 40, "1.5"])
def test_malformed_or_unknown_region_is_404(client_for, personas, world, raw):
    client = client_for(personas.city_staff)
    assert client.get("/", {"region": raw}).status_code == 404


def test_empty_region_parameter_means_the_users_own(client_for, personas, world):
    response = client_for(personas.city_staff).get("/", {"region": ""})
    assert response.status_code == 200
    assert response.context["scope"].region == personas.city
    assert response.context["scope"].chosen is False


def test_city_staff_can_switch_to_a_district_or_a_street(client_for, personas, world):
    client = client_for(personas.city_staff)
    district = client.get("/", {"region": personas.district_a.pk})
    assert district.context["scope"].region == personas.district_a
    assert district.context["persons_total"] == 4
    street = client.get("/", {"region": personas.street_a1.pk})
    assert street.context["persons_total"] == 1
    own = client.get("/", {"region": personas.city.pk})
    assert own.context["scope"].chosen is False
    assert own.context["persons_total"] == 8


def test_switcher_offers_the_city_and_its_districts(client_for, personas, world):
    response = client_for(personas.city_staff).get("/")
    options = document(response).xpath('//select[@name="region"]/option')
    assert [o.text_content() for o in options] == ["示范市（全部）", "明湖区", "青山区"]
    assert [o.get("selected") is not None for o in options] == [True, False, False]
    chosen = client_for(personas.city_staff).get("/", {"region": personas.district_b.pk})
    selected = document(chosen).xpath('//select[@name="region"]/option[@selected]')
    assert [o.text_content() for o in selected] == ["青山区"]


def test_district_staff_have_no_switcher_and_see_nothing_of_other_districts(
    client_for, personas, world
):
    response = client_for(personas.staff_a).get("/")
    assert not document(response).xpath('//select[@name="region"]')
    content = response.content.decode()
    assert "青山区" not in content
    assert "示范市人才库" not in content


def test_leader_dashboard_is_read_only(client_for, personas, world):
    response = client_for(personas.leader).get("/")
    page = document(response)
    assert not page.xpath("//form[@method='post']//button[not(contains(., '退出'))]")
    assert "领导账号只读" in response.content.decode()
    assert "recommendations" not in {item.key for item in response.context["attention"]}


def test_staff_without_a_unit_see_a_notice(client_for, personas):
    from tests.personas import make_user

    user = make_user("unitless", "staff")
    response = client_for(user).get("/")
    assert response.status_code == 200
    assert "还没有关联单位" in response.content.decode()
    assert client_for(user).get("/", {"region": personas.city.pk}).status_code == 404
    assert client_for(user).get("/statistics.xlsx").status_code == 404


# --------------------------------------------------------------------------------------
# The liaison's start page.


def test_liaison_sees_own_units_recommendations_by_state(client_for, personas, world):
    response = client_for(personas.liaison_x).get("/")
    assert [t.name for t in response.templates][0] == "dashboard/liaison.html"
    rows = {r["label"]: r["count"] for r in response.context["recommendations"]}
    assert rows == {"草稿": 1, "待审核": 1, "已退回": 0, "已入库": 0, "未通过": 0}
    page = document(response)
    shown = {
        row.xpath("string(./th)"): int(row.xpath("string(./td)"))
        for row in page.xpath('//table[@data-table="recommendations"]/tbody/tr')
    }
    assert shown == rows
    links = page.xpath('//table[@data-table="recommendations"]//a/@href')
    assert links == [
        "/talent-pool/recommendations/?state=draft",
        "/talent-pool/recommendations/?state=submitted",
    ]
    other = client_for(personas.liaison_y).get("/")
    assert {r["label"]: r["count"] for r in other.context["recommendations"]}["已退回"] == 1
    assert other.context["recommendations_total"] == 1


def test_liaison_sees_own_units_open_action_items(client_for, personas, world):
    response = client_for(personas.liaison_x).get("/")
    assert response.context["action_counts"] == {"open": 4, "overdue": 1}
    ids = [a.pk for a in response.context["actions"]]
    assert ids == [world["AI1"].pk, world["AI6"].pk, world["AI2"].pk, world["AI3"].pk]
    page = document(response)
    assert page.xpath('string(//*[@data-count="open"])') == "4"
    assert page.xpath('string(//*[@data-count="overdue"])') == "1"
    assert len(page.xpath('//*[@data-list="actions"]/li')) == 4
    assert page.xpath('string(//*[@data-list="actions"]/li[1])').count("已逾期") == 1
    co_unit = client_for(personas.liaison_y).get("/")
    assert co_unit.context["action_counts"] == {"open": 1, "overdue": 0}
    assert [a.pk for a in co_unit.context["actions"]] == [world["AI2"].pk]


def test_liaison_sees_only_meetings_their_unit_is_invited_to(client_for, personas, world):
    planned = make_meeting(personas, date=days(7), status=MeetingStatus.PLANNED)
    x = client_for(personas.liaison_x).get("/")
    assert [m.pk for m in x.context["meetings"]] == [planned.pk]
    y = client_for(personas.liaison_y).get("/")
    assert y.context["meetings"] == []


def test_liaison_page_has_no_roster_figures(client_for, personas, world):
    response = client_for(personas.liaison_x).get("/", {"region": personas.city.pk})
    assert response.status_code == 200
    for key in ("breakdowns", "persons_total", "pool", "charts"):
        assert key not in response.context
    assert not document(response).xpath("//canvas")


# --------------------------------------------------------------------------------------
# The statistics export's matrix (its contents: test_dashboard_export.py).


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("city_staff", 200),
        ("staff_a", 200),
        ("leader", 200),
        ("liaison_x", 403),
        ("auditor", 403),
        ("sysadmin", 403),
        ("secadmin", 403),
    ],
)
def test_statistics_export_is_for_staff_and_leaders(client_for, personas, world, role, status):
    response = client_for(getattr(personas, role)).get("/statistics.xlsx")
    assert response.status_code == status


def test_statistics_export_refuses_post_with_405(client_for, personas):
    assert client_for(personas.city_staff).post("/statistics.xlsx").status_code == 405


@pytest.mark.parametrize("role", ["liaison_x", "auditor", "sysadmin", "secadmin"])
def test_person_counts_follow_the_roster_rule_for_every_role(personas, role):
    """The composition sums the tallies of the regions whose persons the user may see."""
    from roster_site.dashboard.composition import count_persons
    from roster_site.dashboard.scope import Scope
    from tests.people.factories import make_person

    make_person(personas.district_a)
    make_person(personas.city, name="李娜")
    scope = Scope(region=personas.city, chosen=False)
    assert sum(row["n"] for row in count_persons(personas.city_staff, scope)["by_place"]) == 2
    counts = count_persons(getattr(personas, role), scope)
    assert counts["by_place"] == [] and counts["by_trait"] == {} and counts["regions"] == []
