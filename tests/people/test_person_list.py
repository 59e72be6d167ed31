import datetime
import re

import pytest

from people.enums import Affiliation, Education
from tests.people.factories import make_person

ID_18 = re.compile(r"(?<![\dX*])\d{17}[\dX](?![\dX])")


@pytest.fixture
def roster(personas):
    return {
        "zhang": make_person(
            personas.district_a, name="张伟", work_unit="示范明理律师事务所", mobile="13812345678"
        ),
        "zhangwei2": make_person(personas.street_a1, name="张卫国", subtype_name="注册会计师"),
        "wang": make_person(
            personas.district_b,
            name="王芳",
            subtype_name="自由摄影师",
            birth_date=datetime.date(1995, 1, 2),
            sex="2",
            affiliation=Affiliation.CDL,
        ),
    }


def names(response):
    return {p.name for p in response.context["persons"]}


def test_city_staff_see_every_district(client_for, personas, roster):
    response = client_for(personas.city_staff).get("/people/")
    assert response.status_code == 200
    assert names(response) == {"张伟", "张卫国", "王芳"}
    assert response.context["count"] == 3


def test_district_staff_see_only_their_district(client_for, personas, roster):
    response = client_for(personas.staff_a).get("/people/")
    assert names(response) == {"张伟", "张卫国"}
    response = client_for(personas.staff_b).get("/people/")
    assert names(response) == {"王芳"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("张伟", {"张伟"}),
        ("张", {"张伟", "张卫国"}),
        ("zhangwei", {"张伟", "张卫国"}),  # zhangwei is a prefix of zhangweiguo
        ("zhangweig", {"张卫国"}),
        ("zhang", {"张伟", "张卫国"}),
        ("zw", {"张伟", "张卫国"}),
        ("ZWG", {"张卫国"}),
        ("明理律师", {"张伟"}),
    ],
)
def test_search_by_name_pinyin_initials_and_work_unit(
    client_for, personas, roster, query, expected
):
    response = client_for(personas.city_staff).get("/people/", {"q": query})
    assert names(response) == expected


def test_search_by_id_number_prefix(client_for, personas, roster):
    prefix = roster["wang"].id_number[:10]
    response = client_for(personas.city_staff).get("/people/", {"q": prefix})
    assert names(response) == {"王芳"}


def test_search_cannot_reach_another_district(client_for, personas, roster):
    response = client_for(personas.staff_a).get("/people/", {"q": "王芳"})
    assert names(response) == set()
    response = client_for(personas.staff_a).get("/people/", {"q": roster["wang"].id_number})
    assert names(response) == set()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "freelance"}, {"王芳"}),
        ({"subtype": "SUBTYPE:注册会计师"}, {"张卫国"}),
        ({"region": "REGION:district_a"}, {"张伟", "张卫国"}),
        ({"region": "REGION:street_a1"}, {"张卫国"}),
        ({"affiliation": Affiliation.CDL}, {"王芳"}),
        ({"age_max": "35"}, {"王芳"}),
        ({"age_min": "36"}, {"张伟", "张卫国"}),
        ({"in_pool": "no"}, {"张伟", "张卫国", "王芳"}),
        ({"in_pool": "yes"}, set()),
    ],
)
def test_filters(client_for, personas, roster, params, expected):
    from people.models import SubType

    params = dict(params)
    for key, value in params.items():
        if value.startswith("SUBTYPE:"):
            params[key] = SubType.objects.get(name=value.split(":")[1]).pk
        if value.startswith("REGION:"):
            params[key] = getattr(personas, value.split(":")[1]).pk
    response = client_for(personas.city_staff).get("/people/", params)
    assert names(response) == expected


def test_filter_by_education(client_for, personas, roster):
    from people.models import Person

    Person.objects.filter(pk=roster["wang"].pk).update(highest_education=Education.MASTER)
    response = client_for(personas.city_staff).get("/people/", {"education": Education.MASTER})
    assert names(response) == {"王芳"}


def test_filter_in_pool(client_for, personas, roster):
    from talent_pool.models import PoolEntry

    PoolEntry.objects.create(person=roster["zhang"], region=personas.district_a, tier="reserve")
    response = client_for(personas.city_staff).get("/people/", {"in_pool": "yes"})
    assert names(response) == {"张伟"}


def test_region_filter_outside_scope_is_an_error_not_a_leak(client_for, personas, roster):
    response = client_for(personas.staff_a).get("/people/", {"region": personas.district_b.pk})
    assert response.status_code == 200
    assert names(response) == set()
    assert "查询条件有误" in response.content.decode()


def test_sorting_by_name_and_age(client_for, personas, roster):
    client = client_for(personas.city_staff)
    ordered = [p.name for p in client.get("/people/", {"sort": "-name"}).context["persons"]]
    assert ordered == ["张卫国", "张伟", "王芳"]
    ordered = [p.name for p in client.get("/people/", {"sort": "age"}).context["persons"]]
    assert ordered[0] == "王芳"


def test_archived_persons_are_hidden_unless_asked_for(client_for, personas, roster):
    from django.utils import timezone

    from people.models import Person

    Person.objects.filter(pk=roster["zhang"].pk).update(archived_at=timezone.now())
    client = client_for(personas.city_staff)
    assert names(client.get("/people/")) == {"张卫国", "王芳"}
    assert names(client.get("/people/", {"q": "zw"})) == {"张卫国"}
    assert names(client.get("/people/", {"archived": "archived"})) == {"张伟"}


def test_pagination_thirty_per_page_and_bad_page_numbers(client_for, personas):
    for i in range(35):
        make_person(personas.district_a, name=f"测试{i:02d}")
    client = client_for(personas.city_staff)
    first = client.get("/people/")
    assert len(first.context["persons"]) == 30
    assert first.context["last_page"] == 2
    second = client.get("/people/", {"page": "2"})
    assert len(second.context["persons"]) == 5
    for bad in ("-1", "abc", "0", "99999999999999999999"):
        response = client.get("/people/", {"page": bad})
        assert response.status_code == 200


def test_count_is_capped_instead_of_counting_everything(client_for, personas, monkeypatch):
    from people import selectors

    for i in range(5):
        make_person(personas.district_a, name=f"测试{i}")
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    monkeypatch.setattr(selectors.capped_count, "__defaults__", (3,))
    response = client_for(personas.city_staff).get("/people/")
    assert (response.context["count"], response.context["capped"]) == (3, True)
    assert "3+" in response.content.decode()


def test_list_masks_every_id_and_mobile_number(client_for, personas, roster):
    html = client_for(personas.city_staff).get("/people/").content.decode()
    assert not ID_18.search(html)
    assert roster["zhang"].masked_id_number in html
    assert "13812345678" not in html


def test_script_in_a_name_is_escaped(client_for, personas):
    make_person(personas.district_a, name="<script>alert(1)</script>")
    html = client_for(personas.city_staff).get("/people/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "query", ["' OR 1=1 --", "<script>x</script>", "张' ; DROP TABLE people_person; --"]
)
def test_hostile_search_strings_find_nothing_and_break_nothing(client_for, personas, roster, query):
    response = client_for(personas.city_staff).get("/people/", {"q": query})
    assert response.status_code == 200
    assert names(response) == set()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("city_staff", 200),
        ("staff_a", 200),
        ("leader", 200),
        ("liaison_x", 403),
        ("auditor", 403),
        ("sysadmin", 403),
    ],
)
def test_who_may_open_the_roster(client_for, personas, persona, status):
    assert client_for(getattr(personas, persona)).get("/people/").status_code == status


def test_list_rejects_post(client_for, personas):
    assert client_for(personas.city_staff).post("/people/").status_code == 405
