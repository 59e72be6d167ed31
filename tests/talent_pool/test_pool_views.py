import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from people.services import archive_person
from talent_pool.enums import EntryStatus, Tier
from talent_pool.models import Criterion, PoolEntry
from talent_pool.services import evaluate
from tests.talent_pool.builders import make_entry, make_person

LIST = "/talent-pool/"


def entries_shown(response) -> list[str]:
    return [entry.person.name for entry in response.context["entries"]]


def score(entry, by, value):
    return evaluate(by=by, scores={c.pk: value for c in Criterion.objects.all()}, pool_entry=entry)


@pytest.fixture
def pools(personas):
    """Two district pools and the city's; one removed entry."""
    a1 = make_entry(make_person(personas.district_a, name="甲一"), personas.district_a)
    a2 = make_entry(
        make_person(personas.street_a1, name="甲二", subtype_name="注册会计师"),
        personas.district_a,
        tier=Tier.RESERVE,
    )
    b1 = make_entry(make_person(personas.district_b, name="乙一"), personas.district_b)
    c1 = make_entry(a1.person, personas.city, recommended_by=personas.unit_x)
    gone = make_entry(
        make_person(personas.district_a, name="甲出"),
        personas.district_a,
        status=EntryStatus.REMOVED,
        removal_reason="迁出本市",
        removed_on=datetime.date.today(),
    )
    return {"a1": a1, "a2": a2, "b1": b1, "c1": c1, "gone": gone}


def test_city_staff_see_every_pool_and_a_person_in_two_pools(client_for, personas, pools):
    response = client_for(personas.city_staff).get(LIST)
    assert sorted(entries_shown(response)) == ["乙一", "甲一", "甲一", "甲二"]


def test_district_staff_see_only_their_districts_pool(client_for, personas, pools):
    response = client_for(personas.staff_a).get(LIST)
    assert sorted(entries_shown(response)) == ["甲一", "甲二"]


def test_leader_reads_the_pool(client_for, personas, pools):
    assert client_for(personas.leader).get(LIST).status_code == 200


@pytest.mark.parametrize("persona", ["liaison_x", "auditor", "sysadmin"])
def test_roles_without_pool_access_get_403(client_for, personas, pools, persona):
    client = client_for(getattr(personas, persona))
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}entries/{pools['a1'].pk}/").status_code == 403


def test_list_rejects_post(client_for, personas):
    assert client_for(personas.city_staff).post(LIST).status_code == 405


def test_filters(client_for, personas, pools):
    client = client_for(personas.city_staff)
    assert entries_shown(client.get(LIST, {"region": personas.district_b.pk})) == ["乙一"]
    assert entries_shown(client.get(LIST, {"tier": "reserve"})) == ["甲二"]
    assert entries_shown(client.get(LIST, {"status": "removed"})) == ["甲出"]
    assert len(entries_shown(client.get(LIST, {"status": "all"}))) == 5
    assert entries_shown(client.get(LIST, {"q": "甲二"})) == ["甲二"]
    assert entries_shown(client.get(LIST, {"recommended_by": personas.unit_x.pk})) == ["甲一"]
    subtype = pools["a2"].person.subtype_id
    assert entries_shown(client.get(LIST, {"subtype": subtype})) == ["甲二"]
    assert entries_shown(client.get(LIST, {"category": "freelance"})) == []


def test_invalid_filter_shows_a_message_and_no_rows(client_for, personas, pools):
    response = client_for(personas.staff_a).get(LIST, {"region": personas.district_b.pk})
    assert entries_shown(response) == []
    assert "查询条件有误" in response.content.decode()


def test_list_shows_category_subtype_dates_and_reasons(client_for, personas, pools):
    html = client_for(personas.staff_a).get(LIST, {"status": "all"}).content.decode()
    for text in ("注册会计师", "后备人才", "迁出本市", "中介组织和社会组织从业人员"):
        assert text in html


def test_sort_by_score(client_for, personas, pools):
    score(pools["a1"], personas.staff_a, 6)
    score(pools["a2"], personas.staff_a, 9)
    client = client_for(personas.staff_a)
    assert entries_shown(client.get(LIST, {"sort": "-score"})) == ["甲二", "甲一"]
    assert entries_shown(client.get(LIST, {"sort": "score"})) == ["甲一", "甲二"]
    scores = [e.score for e in client.get(LIST, {"sort": "-score"}).context["entries"]]
    assert scores == [Decimal("90.00"), Decimal("60.00")]


def test_latest_evaluation_counts(client_for, personas, pools):
    score(pools["a1"], personas.staff_a, 9)
    score(pools["a1"], personas.staff_a, 5)
    entry = client_for(personas.staff_a).get(LIST).context["entries"][0]
    assert (entry.person.name, entry.score) == ("甲一", Decimal("50.00"))


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST, {"sort": "-score"}).status_code == 200
    return len(queries)


def test_pool_list_query_count_does_not_grow_with_rows(client_for, personas):
    client = client_for(personas.city_staff)
    make_entry(make_person(personas.district_a, name="首位"), personas.district_a)
    one = _list_queries(client)
    for index in range(29):
        make_entry(make_person(personas.district_b, name=f"成员{index}"), personas.district_b)
    assert _list_queries(client) == one


# --- entry detail and changes -----------------------------------------------------------


def test_entry_detail_for_staff_in_scope(client_for, personas, pools):
    response = client_for(personas.staff_a).get(f"{LIST}entries/{pools['a1'].pk}/")
    assert response.status_code == 200
    assert "甲一" in response.content.decode()


def test_entry_of_another_district_is_404(client_for, personas, pools):
    client = client_for(personas.staff_a)
    assert client.get(f"{LIST}entries/{pools['b1'].pk}/").status_code == 404
    response = client.post(f"{LIST}entries/{pools['b1'].pk}/remove/", {"removal_reason": "x"})
    assert response.status_code == 404


def test_leader_cannot_change_entries(client_for, personas, pools):
    client = client_for(personas.leader)
    url = f"{LIST}entries/{pools['a1'].pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url + "remove/", {"removal_reason": "x"}).status_code == 403
    assert client.post(url + "tier/", {"tier": "reserve"}).status_code == 403
    assert client.post(url + "evaluate/", {}).status_code == 403
    assert client.get(f"{LIST}entries/new/").status_code == 403
    pools["a1"].refresh_from_db()
    assert pools["a1"].status == EntryStatus.ACTIVE


def test_entry_actions_reject_get(client_for, personas, pools):
    client = client_for(personas.staff_a)
    for action in ("remove", "tier", "evaluate"):
        assert client.get(f"{LIST}entries/{pools['a1'].pk}/{action}/").status_code == 405


def test_removal_needs_a_reason(client_for, personas, pools):
    client = client_for(personas.staff_a)
    url = f"{LIST}entries/{pools['a1'].pk}/remove/"
    response = client.post(url, {"removal_reason": "  "}, follow=True)
    assert "出库须填写原因。" in response.content.decode()
    pools["a1"].refresh_from_db()
    assert pools["a1"].status == EntryStatus.ACTIVE
    client.post(url, {"removal_reason": "本人申请"})
    pools["a1"].refresh_from_db()
    assert (pools["a1"].status, pools["a1"].removal_reason) == (EntryStatus.REMOVED, "本人申请")


def test_change_tier(client_for, personas, pools):
    client_for(personas.staff_a).post(f"{LIST}entries/{pools['a1'].pk}/tier/", {"tier": "reserve"})
    pools["a1"].refresh_from_db()
    assert pools["a1"].tier == Tier.RESERVE


def test_evaluate_an_entry_and_refuse_a_score_outside_the_scale(client_for, personas, pools):
    client = client_for(personas.staff_a)
    url = f"{LIST}entries/{pools['a1'].pk}/evaluate/"
    criteria = list(Criterion.objects.all())
    bad = {f"score_{c.pk}": "5" for c in criteria} | {f"score_{criteria[1].pk}": "-1"}
    response = client.post(url, bad)
    assert response.status_code == 400
    assert f"“{criteria[1].name}”的评分应在0到10之间。" in response.content.decode()
    assert not pools["a1"].evaluations.exists()
    good = {f"score_{c.pk}": "7.5" for c in criteria} | {"achievements": "带领团队服务中小企业。"}
    assert client.post(url, good).status_code == 302
    evaluation = pools["a1"].evaluations.get()
    assert (evaluation.total, evaluation.achievements, evaluation.evaluator) == (
        Decimal("75.00"),
        "带领团队服务中小企业。",
        personas.staff_a,
    )


# --- direct entry -----------------------------------------------------------------------


def test_staff_put_a_roster_person_into_the_pool(client_for, personas):
    person = make_person(personas.district_a, name="直接入")
    client = client_for(personas.staff_a)
    response = client.get(f"{LIST}entries/new/", {"q": "直接入"})
    assert [p.pk for p in response.context["candidates"]] == [person.pk]
    response = client.post(
        f"{LIST}entries/new/",
        {
            "person": person.pk,
            "region": personas.district_a.pk,
            "tier": "reserve",
            "reason": "表现突出",
        },
    )
    entry = PoolEntry.objects.get()
    assert response.status_code == 302
    assert (entry.person, entry.tier, entry.added_reason) == (person, "reserve", "表现突出")


def test_an_archived_person_cannot_enter_the_pool(client_for, personas):
    person = make_person(personas.district_a, name="已归档")
    archive_person(person=person, by=personas.staff_a)
    response = client_for(personas.staff_a).post(
        f"{LIST}entries/new/",
        {"person": person.pk, "region": personas.district_a.pk, "tier": "reserve"},
    )
    assert response.status_code == 200
    assert "已归档的人员不能列入人才库。" in response.content.decode()
    assert not PoolEntry.objects.exists()


def test_a_person_is_in_a_pool_once(client_for, personas, pools):
    response = client_for(personas.staff_a).post(
        f"{LIST}entries/new/",
        {"person": pools["a1"].person.pk, "region": personas.district_a.pk, "tier": "reserve"},
    )
    assert "该人员已在此人才库中。" in response.content.decode()
    assert PoolEntry.objects.count() == 5


def test_district_staff_cannot_put_into_the_city_pool(client_for, personas):
    person = make_person(personas.district_a, name="越级")
    response = client_for(personas.staff_a).post(
        f"{LIST}entries/new/",
        {"person": person.pk, "region": personas.city.pk, "tier": "reserve"},
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not PoolEntry.objects.exists()


def test_direct_entry_beyond_target_asks_for_confirmation(client_for, personas):
    from talent_pool.models import Quota

    Quota.objects.create(region=personas.district_a, tier="reserve", minimum=0, target=0)
    person = make_person(personas.district_a, name="超额")
    client = client_for(personas.staff_a)
    data = {"person": person.pk, "region": personas.district_a.pk, "tier": "reserve"}
    response = client.post(f"{LIST}entries/new/", data)
    assert "达到或超过目标人数0人" in response.content.decode()
    assert not PoolEntry.objects.exists()
    assert (
        client.post(f"{LIST}entries/new/", data | {"confirm_over_target": "on"}).status_code == 302
    )
    assert PoolEntry.objects.count() == 1


def test_person_outside_scope_cannot_be_chosen(client_for, personas):
    person = make_person(personas.district_b, name="外区")
    response = client_for(personas.staff_a).post(
        f"{LIST}entries/new/",
        {"person": person.pk, "region": personas.district_a.pk, "tier": "reserve"},
    )
    assert response.context["form"].errors["person"] == ["请从查询结果中选择人员。"]


def test_audit_records_pool_changes(client_for, personas, pools):
    client_for(personas.staff_a).post(
        f"{LIST}entries/{pools['a1'].pk}/remove/", {"removal_reason": "本人申请"}
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(pools["a1"].pk)
    ).exists()
