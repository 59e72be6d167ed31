import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talent_pool.enums import Tier
from talent_pool.models import Quota
from talent_pool.selectors import quota_rows
from tests.talent_pool.builders import make_entry, make_person, make_recommendation

URL = "/talent-pool/quotas/"


def rows_by_key(rows):
    return {(row.region.name, row.tier): row for row in rows}


def test_defaults_are_50_for_a_district_and_about_200_for_the_city(personas):
    rows = rows_by_key(quota_rows(personas.city_staff))
    district = rows[("明湖区", Tier.REPRESENTATIVE)]
    city = rows[("示范市", Tier.REPRESENTATIVE)]
    assert (district.minimum, district.target, district.is_default) == (50, 60, True)
    assert (city.minimum, city.target) == (180, 200)


def test_rows_count_active_entries_shortfall_and_waiting(personas):
    make_entry(make_person(personas.district_a, name="甲"), personas.district_a)
    make_entry(
        make_person(personas.district_a, name="乙"),
        personas.district_a,
        status="removed",
        removal_reason="迁出",
    )
    make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    make_recommendation(
        personas.unit_x, personas.district_a, by=personas.liaison_x, state="returned"
    )
    row = rows_by_key(quota_rows(personas.staff_a))[("明湖区", Tier.REPRESENTATIVE)]
    assert (row.active, row.waiting, row.shortfall, row.below_minimum) == (1, 1, 49, True)


def test_district_staff_see_only_their_district(personas):
    assert {row.region.name for row in quota_rows(personas.staff_a)} == {"明湖区"}


def test_page_flags_a_district_below_its_minimum(client_for, personas):
    Quota.objects.create(region=personas.district_b, tier=Tier.REPRESENTATIVE, minimum=1, target=2)
    make_entry(make_person(personas.district_b, name="乙"), personas.district_b)
    html = client_for(personas.city_staff).get(URL).content.decode()
    assert '<tr data-region="明湖区" data-tier="representative" class="table-danger">' in html
    assert '<tr data-region="青山区" data-tier="representative">' in html
    assert "缺 50 人" in html


@pytest.mark.parametrize("persona", ["liaison_x", "auditor", "sysadmin"])
def test_roles_without_pool_access_get_403(client_for, personas, persona):
    assert client_for(getattr(personas, persona)).get(URL).status_code == 403


def test_quota_page_rejects_post(client_for, personas):
    assert client_for(personas.city_staff).post(URL).status_code == 405


def test_staff_edit_a_quota(client_for, personas):
    response = client_for(personas.staff_a).post(
        f"{URL}{personas.district_a.pk}/edit/",
        {
            "representative_minimum": "55",
            "representative_target": "70",
            "reserve_minimum": "10",
            "reserve_target": "20",
        },
    )
    assert response.status_code == 302
    saved = {(q.tier, q.minimum, q.target) for q in Quota.objects.all()}
    assert saved == {("representative", 55, 70), ("reserve", 10, 20)}


def test_target_below_minimum_is_refused(client_for, personas):
    response = client_for(personas.staff_a).post(
        f"{URL}{personas.district_a.pk}/edit/",
        {
            "representative_minimum": "55",
            "representative_target": "40",
            "reserve_minimum": "-1",
            "reserve_target": "20",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["representative_target"] == ["代表人士目标人数不能少于最低人数。"]
    assert errors["reserve_minimum"] == ["后备人才最低人数不能为负数。"]
    assert not Quota.objects.exists()


def test_quota_edit_outside_scope_is_404_and_read_only_is_403(client_for, personas):
    url = f"{URL}{personas.district_b.pk}/edit/"
    assert client_for(personas.staff_a).get(url).status_code == 404
    assert client_for(personas.leader).get(url).status_code == 403
    assert client_for(personas.staff_a).put(url).status_code == 405


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_quota_page_query_count_does_not_grow(client_for, personas):
    from units.enums import RegionLevel
    from units.models import Region

    client = client_for(personas.city_staff)
    make_entry(make_person(personas.district_a, name="首"), personas.district_a)
    one = _queries(client)
    for index in range(4, 10):
        Region.objects.create(
            code=f"3399{index:02d}",
            name=f"新区{index}",
            level=RegionLevel.COUNTY,
            parent=personas.city,
        )
    for index in range(29):
        make_entry(make_person(personas.district_b, name=f"成员{index}"), personas.district_b)
        make_recommendation(personas.unit_x, personas.district_b, by=personas.liaison_x)
    assert _queries(client) == one
