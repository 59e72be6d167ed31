"""The annual refresh: services and the /talent-pool/reviews/<year>/ page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from talent_pool.enums import DecisionKind, EntryStatus, ReviewStatus, Tier
from talent_pool.models import AnnualReview, PoolEntry, ReviewDecision, ReviewMember
from talent_pool.selectors import difference_from_previous, review_members
from talent_pool.services import close_review, open_review, record_decisions
from tests.talent_pool.builders import make_entry, make_person

YEAR = timezone.localdate().year
KEEP, CHANGE, REMOVE = DecisionKind.KEEP, DecisionKind.CHANGE_TIER, DecisionKind.REMOVE


@pytest.fixture
def pool(personas):
    return [
        make_entry(make_person(personas.district_a, name=name), personas.district_a, tier=tier)
        for name, tier in (
            ("甲", Tier.REPRESENTATIVE),
            ("乙", Tier.REPRESENTATIVE),
            ("丙", Tier.RESERVE),
        )
    ]


def run_review(personas, year, decisions):
    review = open_review(region=personas.district_a, year=year, by=personas.staff_a)
    record_decisions(review=review, decisions=decisions, by=personas.staff_a)
    return close_review(review=review, by=personas.staff_a)


# --- services ---------------------------------------------------------------------------


def test_open_review_once_per_region_and_year(personas, pool):
    open_review(region=personas.district_a, year=YEAR, by=personas.staff_a)
    with pytest.raises(ValidationError, match="已发起，不能重复发起"):
        open_review(region=personas.district_a, year=YEAR, by=personas.staff_a)
    assert AnnualReview.objects.count() == 1


def test_open_review_refuses_a_future_year(personas):
    with pytest.raises(ValidationError, match="尚未到来"):
        open_review(region=personas.district_a, year=YEAR + 1, by=personas.staff_a)


def test_open_review_needs_the_previous_one_closed(personas, pool):
    open_review(region=personas.district_a, year=YEAR - 1, by=personas.staff_a)
    with pytest.raises(ValidationError, match=f"请先完成明湖区{YEAR - 1}年度复核"):
        open_review(region=personas.district_a, year=YEAR, by=personas.staff_a)


@pytest.mark.parametrize("persona", ["staff_b", "leader", "liaison_x"])
def test_open_review_is_for_staff_of_the_region(personas, persona):
    with pytest.raises(PermissionDenied):
        open_review(region=personas.district_a, year=YEAR, by=getattr(personas, persona))


def test_removal_without_reason_saves_no_decision(personas, pool):
    review = open_review(region=personas.district_a, year=YEAR, by=personas.staff_a)
    with pytest.raises(ValidationError) as exc:
        record_decisions(
            review=review,
            decisions=[(pool[0], KEEP, ""), (pool[1], REMOVE, " ")],
            by=personas.staff_a,
        )
    assert exc.value.messages == ["乙：出库须填写原因。"]
    assert not ReviewDecision.objects.exists()


def test_decision_for_another_pools_entry_is_refused(personas, pool):
    other = make_entry(make_person(personas.district_b, name="外"), personas.district_b)
    review = open_review(region=personas.district_a, year=YEAR, by=personas.staff_a)
    with pytest.raises(ValidationError, match="外：不是本人才库的在库人员"):
        record_decisions(review=review, decisions=[(other, KEEP, "")], by=personas.staff_a)


def test_close_needs_every_active_entry_decided(personas, pool):
    review = open_review(region=personas.district_a, year=YEAR, by=personas.staff_a)
    record_decisions(review=review, decisions=[(pool[0], KEEP, "")], by=personas.staff_a)
    with pytest.raises(ValidationError, match="还有2名在库人员未作决定"):
        close_review(review=review, by=personas.staff_a)
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN
    assert not ReviewMember.objects.exists()


def test_close_applies_decisions_and_records_the_pool(personas, pool):
    review = run_review(
        personas,
        YEAR,
        [(pool[0], KEEP, ""), (pool[1], CHANGE, "转为后备"), (pool[2], REMOVE, "本人申请退出")],
    )
    for entry in pool:
        entry.refresh_from_db()
    assert [(e.status, e.tier, e.last_reviewed_year) for e in pool] == [
        (EntryStatus.ACTIVE, Tier.REPRESENTATIVE, YEAR),
        (EntryStatus.ACTIVE, Tier.RESERVE, YEAR),
        (EntryStatus.REMOVED, Tier.RESERVE, YEAR),
    ]
    assert pool[2].removal_reason == "本人申请退出"
    assert {(m.person.name, m.tier) for m in review_members(review)} == {
        ("甲", Tier.REPRESENTATIVE),
        ("乙", Tier.RESERVE),
    }
    assert review.status == ReviewStatus.CLOSED
    with pytest.raises(ValidationError, match="已完成"):
        record_decisions(review=review, decisions=[(pool[0], REMOVE, "x")], by=personas.staff_a)


def test_difference_from_the_year_before(personas, pool):
    run_review(personas, YEAR - 1, [(pool[0], KEEP, ""), (pool[1], KEEP, ""), (pool[2], KEEP, "")])
    newcomer = make_entry(make_person(personas.district_a, name="丁"), personas.district_a)
    review = run_review(
        personas,
        YEAR,
        [
            (pool[0], KEEP, ""),
            (pool[1], CHANGE, ""),
            (pool[2], REMOVE, "退出"),
            (newcomer, KEEP, ""),
        ],
    )
    previous, difference = difference_from_previous(review, review_members(review))
    assert previous.year == YEAR - 1
    assert [m.person.name for m in difference.added] == ["丁"]
    assert [m.person.name for m in difference.removed] == ["丙"]
    assert [(m.person.name, before) for m, before in difference.tier_changed] == [
        ("乙", "代表人士")
    ]


# --- the page ---------------------------------------------------------------------------


def url(year, personas, region=None):
    return f"/talent-pool/reviews/{year}/?region={(region or personas.district_a).pk}"


def test_staff_open_decide_and_close_through_the_page(client_for, personas, pool):
    client = client_for(personas.staff_a)
    base = f"/talent-pool/reviews/{YEAR}/"
    assert "发起" in client.get(base).content.decode()
    client.post(base + "open/", {"region": personas.district_a.pk})
    response = client.get(base)
    assert (response.context["decided"], response.context["undecided"]) == (0, 3)
    client.post(
        base + "decide/",
        {
            "region": personas.district_a.pk,
            f"e{pool[2].pk}-decision": "remove",
            f"e{pool[2].pk}-reason": "迁出本区",
            f"e{pool[1].pk}-decision": "change_tier",
        },
    )
    response = client.get(base)
    assert (response.context["decided"], response.context["undecided"]) == (2, 1)
    client.post(base + "decide/", {"region": personas.district_a.pk, "keep_rest": "yes"})
    response = client.post(base + "close/", {"region": personas.district_a.pk}, follow=True)
    assert "在库名单已记录" in response.content.decode()
    assert {m.person.name for m in response.context["members"]} == {"甲", "乙"}
    assert PoolEntry.objects.get(pk=pool[2].pk).status == EntryStatus.REMOVED


def test_removal_without_reason_on_the_page_changes_nothing(client_for, personas, pool):
    client = client_for(personas.staff_a)
    base = f"/talent-pool/reviews/{YEAR}/"
    client.post(base + "open/", {"region": personas.district_a.pk})
    response = client.post(
        base + "decide/",
        {"region": personas.district_a.pk, f"e{pool[0].pk}-decision": "remove", "keep_rest": "yes"},
        follow=True,
    )
    assert "决定未保存：甲：出库须填写原因。" in response.content.decode()
    assert not ReviewDecision.objects.exists()


def test_closing_early_is_refused_on_the_page(client_for, personas, pool):
    client = client_for(personas.staff_a)
    base = f"/talent-pool/reviews/{YEAR}/"
    client.post(base + "open/", {"region": personas.district_a.pk})
    response = client.post(base + "close/", {"region": personas.district_a.pk}, follow=True)
    assert "还有3名在库人员未作决定" in response.content.decode()


def test_past_year_lists_members_and_differences(client_for, personas, pool):
    run_review(personas, YEAR - 2, [(pool[0], KEEP, ""), (pool[1], KEEP, ""), (pool[2], KEEP, "")])
    run_review(
        personas, YEAR - 1, [(pool[0], CHANGE, ""), (pool[1], KEEP, ""), (pool[2], REMOVE, "退出")]
    )
    response = client_for(personas.city_staff).get(url(YEAR - 1, personas))
    html = response.content.decode()
    assert "甲：代表人士 → 后备人才" in html
    assert "丙 · 后备人才" in html
    assert [p.year for p in response.context["past_reviews"]] == [YEAR - 1, YEAR - 2]


def test_review_of_another_district_is_404(client_for, personas):
    client = client_for(personas.staff_a)
    assert client.get(url(YEAR, personas, personas.district_b)).status_code == 404
    response = client.post(f"/talent-pool/reviews/{YEAR}/open/", {"region": personas.district_b.pk})
    assert response.status_code == 404
    assert not AnnualReview.objects.exists()


def test_leader_reads_but_cannot_open(client_for, personas):
    client = client_for(personas.leader)
    assert client.get(url(YEAR, personas)).status_code == 200
    response = client.post(f"/talent-pool/reviews/{YEAR}/open/", {"region": personas.district_a.pk})
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["liaison_x", "auditor"])
def test_roles_without_pool_access_get_403(client_for, personas, persona):
    assert client_for(getattr(personas, persona)).get(url(YEAR, personas)).status_code == 403


def test_review_actions_reject_get(client_for, personas):
    client = client_for(personas.staff_a)
    for action in ("open", "decide", "close"):
        assert client.get(f"/talent-pool/reviews/{YEAR}/{action}/").status_code == 405
