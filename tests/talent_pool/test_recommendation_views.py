import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.models import Person, SubType
from talent_pool.enums import RecommendationState, Tier
from talent_pool.models import Criterion, PoolEntry, Recommendation
from tests.talent_pool.builders import id_for, make_entry, make_person, make_recommendation

State = RecommendationState
LIST = "/talent-pool/recommendations/"
NEW = "/talent-pool/recommendations/new/"


def rec_post(personas, *, id_number=None, action="submit", **overrides) -> dict:
    """Return the POST data of the recommendation form for a new lawyer."""
    data = {
        "mode": "new",
        "region": str(personas.district_a.pk),
        "requested_tier": Tier.REPRESENTATIVE,
        "standards": [str(c.pk) for c in Criterion.objects.all()[:2]],
        "reasons": "执业十年，长期提供公益法律服务。",
        "person-name": "周律新",
        "person-ethnicity": "01",
        "person-nationality": "中国",
        "person-affiliation": "13",
        "person-document_type": "resident_id",
        "person-id_number": id_number or id_for(datetime.date(1986, 5, 12), address="339902"),
        "person-category": "intermediary",
        "person-subtype": str(SubType.objects.get(name="律师").pk),
        "person-region": str(personas.district_a.pk),
        "person-work_unit": "示范明理律师事务所",
        "person-position": "合伙人",
        "person-mobile": "+86 139 0000 1111",
        "action": action,
    }
    data.update(overrides)
    return data


def test_liaison_recommends_a_new_person_and_submits(client_for, personas):
    response = client_for(personas.liaison_x).post(NEW, rec_post(personas))
    rec = Recommendation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{LIST}{rec.pk}/"
    assert (rec.unit, rec.region, rec.state, rec.is_new_person) == (
        personas.unit_x,
        personas.district_a,
        State.SUBMITTED,
        True,
    )
    assert rec.person_data["mobile"] == "13900001111"
    assert rec.standards.count() == 2
    assert not Person.objects.exists()


def test_saving_a_draft_does_not_submit(client_for, personas):
    client_for(personas.liaison_x).post(NEW, rec_post(personas, action="save"))
    assert Recommendation.objects.get().state == State.DRAFT


def test_a_forged_unit_field_is_ignored(client_for, personas):
    client_for(personas.liaison_x).post(NEW, rec_post(personas, unit=str(personas.unit_y.pk)))
    assert Recommendation.objects.get().unit == personas.unit_x


def test_a_forged_pool_outside_the_units_region_is_refused(client_for, personas):
    from tests.personas import make_user
    from units.enums import UnitKind
    from units.models import MemberUnit

    unit_a = MemberUnit.objects.create(
        name="明湖区司法局", region=personas.district_a, kind=UnitKind.GOVERNMENT
    )
    liaison = make_user("liaison_a", "unit_liaison", unit_a)
    response = client_for(liaison).post(NEW, rec_post(personas, region=str(personas.city.pk)))
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.context["form"].errors["region"][0]
    assert not Recommendation.objects.exists()


def test_bad_id_number_gets_the_rosters_message(client_for, personas):
    number = id_for(address="339902")
    bad = number[:17] + ("1" if number[17] != "1" else "2")
    response = client_for(personas.liaison_x).post(NEW, rec_post(personas, id_number=bad))
    assert response.status_code == 200
    assert response.context["person_form"].errors["id_number"] == [
        "身份证号码校验码不正确，请核对号码。"
    ]
    assert not Recommendation.objects.exists()


def test_bad_mobile_gets_the_rosters_message(client_for, personas):
    response = client_for(personas.liaison_x).post(
        NEW, rec_post(personas, **{"person-mobile": "12345"})
    )
    assert response.context["person_form"].errors["mobile"] == [
        "手机号码应为以1开头的11位数字（第二位为3–9）。"
    ]
    assert not Recommendation.objects.exists()


def test_missing_reasons_is_refused(client_for, personas):
    response = client_for(personas.liaison_x).post(NEW, rec_post(personas, reasons="  "))
    assert response.context["form"].errors["reasons"] == ["请填写推荐理由。"]
    assert not Recommendation.objects.exists()


def test_a_number_on_the_roster_is_flagged_with_advice(client_for, personas):
    person = make_person(personas.district_a, name="王在册")
    response = client_for(personas.liaison_x).post(
        NEW, rec_post(personas, id_number=person.id_number, **{"person-birth_date": ""})
    )
    assert response.status_code == 200
    errors = response.context["person_form"].errors["id_number"]
    assert "已属于名册中的人员（王在册）" in errors[0]
    assert "推荐名册中已有人员" in errors[0]
    assert not Recommendation.objects.exists()


def test_a_pending_recommendation_of_the_number_warns_until_confirmed(client_for, personas):
    other = make_recommendation(personas.unit_y, personas.district_a, by=personas.liaison_y)
    client = client_for(personas.liaison_x)
    response = client.post(NEW, rec_post(personas, id_number=other.id_number))
    assert response.status_code == 200
    assert [r.pk for r in response.context["pending"]] == [other.pk]
    assert "示范市委宣传部推荐周律新" in response.content.decode()
    assert Recommendation.objects.count() == 1
    response = client.post(NEW, rec_post(personas, id_number=other.id_number, confirm_pending="on"))
    assert response.status_code == 302
    assert Recommendation.objects.count() == 2


def test_existing_person_by_exact_id_number(client_for, personas):
    person = make_person(personas.district_a, name="钱在册")
    data = rec_post(personas, mode="existing", existing_id_number=person.id_number.lower())
    response = client_for(personas.liaison_x).post(NEW, data)
    assert response.status_code == 302
    rec = Recommendation.objects.get()
    assert (rec.person, rec.is_new_person, rec.name) == (person, False, "钱在册")


def test_existing_person_with_unknown_number_is_refused(client_for, personas):
    data = rec_post(personas, mode="existing", existing_id_number=id_for(address="339903"))
    response = client_for(personas.liaison_x).post(NEW, data)
    assert response.context["form"].errors["existing_id_number"] == [
        "名册中（本单位所在区划范围内）没有该证件号码的在册人员。"
    ]
    assert not Recommendation.objects.exists()


def test_existing_person_picker_lists_only_persons_the_unit_recommended(client_for, personas):
    mine = make_person(personas.district_a, name="本单位推荐过")
    theirs = make_person(personas.district_a, name="他单位推荐过")
    make_recommendation(personas.unit_x, personas.city, by=personas.liaison_x, person=mine)
    make_recommendation(personas.unit_y, personas.city, by=personas.liaison_y, person=theirs)
    response = client_for(personas.liaison_x).get(NEW)
    assert list(response.context["form"].fields["existing_person"].queryset) == [mine]
    response = client_for(personas.liaison_x).post(
        NEW, rec_post(personas, mode="existing", existing_person=str(theirs.pk))
    )
    assert "existing_person" in response.context["form"].errors
    assert Recommendation.objects.count() == 2


def test_existing_person_already_in_that_pool_is_refused(client_for, personas):
    person = make_person(personas.district_a, name="孙在库")
    make_entry(person, personas.district_a)
    data = rec_post(personas, mode="existing", existing_id_number=person.id_number)
    response = client_for(personas.liaison_x).post(NEW, data)
    assert response.context["form"].errors["region"] == ["孙在库已在明湖区人才库中。"]


# --- who sees what ----------------------------------------------------------------------


def test_liaison_opening_another_units_recommendation_gets_404(client_for, personas):
    rec = make_recommendation(personas.unit_y, personas.district_a, by=personas.liaison_y)
    client = client_for(personas.liaison_x)
    assert client.get(f"{LIST}{rec.pk}/").status_code == 404
    assert client.get(f"{LIST}{rec.pk}/edit/").status_code == 404
    response = client.post(f"{LIST}{rec.pk}/transition/", {"state": "submitted"})
    assert response.status_code == 404


def test_staff_of_another_district_get_404(client_for, personas):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    assert client_for(personas.staff_b).get(f"{LIST}{rec.pk}/").status_code == 404


def test_staff_do_not_see_drafts(client_for, personas):
    rec = make_recommendation(
        personas.unit_x, personas.district_a, by=personas.liaison_x, state=State.DRAFT
    )
    assert client_for(personas.staff_a).get(f"{LIST}{rec.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["leader", "auditor", "sysadmin"])
def test_roles_without_recommendation_work_get_403(client_for, personas, persona):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    client = client_for(getattr(personas, persona))
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}{rec.pk}/").status_code == 403
    assert client.post(f"{LIST}{rec.pk}/transition/", {"state": "accepted"}).status_code == 403


def test_staff_cannot_open_the_new_recommendation_form(client_for, personas):
    assert client_for(personas.staff_a).get(NEW).status_code == 403


def test_liaison_accepting_their_own_recommendation_gets_403(client_for, personas):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    response = client_for(personas.liaison_x).post(
        f"{LIST}{rec.pk}/transition/", {"state": "accepted"}
    )
    assert response.status_code == 403
    rec.refresh_from_db()
    assert rec.state == State.SUBMITTED
    assert not PoolEntry.objects.exists()


def test_submitted_recommendation_cannot_be_edited_by_the_unit(client_for, personas):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    assert client_for(personas.liaison_x).get(f"{LIST}{rec.pk}/edit/").status_code == 403


@pytest.mark.parametrize(
    ("url", "method"),
    [(LIST, "post"), (NEW, "put"), ("{rec}/", "post"), ("{rec}/transition/", "get")],
)
def test_wrong_methods_get_405(client_for, personas, url, method):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    url = url.format(rec=f"{LIST}{rec.pk}")
    assert getattr(client_for(personas.liaison_x), method)(url).status_code == 405


# --- review -----------------------------------------------------------------------------


def test_review_flow_return_resubmit_accept(client_for, personas):
    client_for(personas.liaison_x).post(NEW, rec_post(personas))
    rec = Recommendation.objects.get()
    url = f"{LIST}{rec.pk}/"

    staff = client_for(personas.staff_a)
    page = staff.get(url).content.decode()
    assert "审核通过并入库" in page and "周律新" in page
    staff.post(url + "transition/", {"state": "returned", "comment": "请补充执业年限。"})

    liaison = client_for(personas.liaison_x)
    page = liaison.get(url).content.decode()
    assert "请补充执业年限。" in page
    data = rec_post(personas, reasons="执业十二年，长期提供公益法律服务。")
    assert liaison.post(url + "edit/", data).status_code == 302
    rec.refresh_from_db()
    assert (rec.state, rec.reasons) == (State.SUBMITTED, "执业十二年，长期提供公益法律服务。")

    response = client_for(personas.staff_a).post(url + "transition/", {"state": "accepted"})
    assert response.status_code == 302
    person = Person.objects.get()
    assert PoolEntry.objects.get().person == person
    page = client_for(personas.staff_a).get(url).content.decode()
    assert "已列入明湖区人才库" in page


def test_invalid_transition_shows_a_message_and_changes_nothing(client_for, personas):
    rec = make_recommendation(
        personas.unit_x, personas.district_a, by=personas.liaison_x, state=State.RETURNED
    )
    client = client_for(personas.staff_a)
    response = client.post(f"{LIST}{rec.pk}/transition/", {"state": "accepted"}, follow=True)
    assert "须由推荐单位修改并重新提交后才能审核" in response.content.decode()
    rec.refresh_from_db()
    assert rec.state == State.RETURNED
    assert not Person.objects.exists()


def test_second_accept_over_http_is_refused(client_for, personas):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    client = client_for(personas.staff_a)
    client.post(f"{LIST}{rec.pk}/transition/", {"state": "accepted"})
    response = client.post(f"{LIST}{rec.pk}/transition/", {"state": "accepted"}, follow=True)
    assert "已审核通过入库，不能再变更" in response.content.decode()
    assert (Person.objects.count(), PoolEntry.objects.count()) == (1, 1)


def test_accepting_beyond_target_asks_for_confirmation(client_for, personas):
    from talent_pool.models import Quota

    Quota.objects.create(region=personas.district_a, tier="representative", minimum=0, target=0)
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    client = client_for(personas.staff_a)
    response = client.post(f"{LIST}{rec.pk}/transition/", {"state": "accepted"})
    assert response.status_code == 200
    assert "达到或超过目标人数0人" in response.content.decode()
    assert not PoolEntry.objects.exists()
    response = client.post(
        f"{LIST}{rec.pk}/transition/", {"state": "accepted", "confirm_over_target": "on"}
    )
    assert response.status_code == 302
    assert PoolEntry.objects.count() == 1


def test_reviewer_evaluates_a_recommendation(client_for, personas):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    data = {f"score_{c.pk}": "8" for c in Criterion.objects.all()}
    data["political_performance"] = "立场坚定。"
    response = client_for(personas.staff_a).post(f"{LIST}{rec.pk}/evaluate/", data)
    assert response.status_code == 302
    evaluation = rec.evaluations.get()
    assert (evaluation.total, evaluation.evaluator) == (80, personas.staff_a)


def test_score_outside_the_scale_is_refused(client_for, personas):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    criteria = list(Criterion.objects.all())
    data = {f"score_{c.pk}": "8" for c in criteria}
    data[f"score_{criteria[0].pk}"] = "11"
    response = client_for(personas.staff_a).post(f"{LIST}{rec.pk}/evaluate/", data)
    assert response.status_code == 400
    assert f"“{criteria[0].name}”的评分应在0到10之间。" in response.content.decode()
    assert not rec.evaluations.exists()


def test_liaison_cannot_evaluate(client_for, personas):
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    assert client_for(personas.liaison_x).post(f"{LIST}{rec.pk}/evaluate/").status_code == 403


# --- the queue --------------------------------------------------------------------------


def test_queue_is_sorted_by_age_and_filtered(client_for, personas):
    now = timezone.now()
    newer = make_recommendation(
        personas.unit_x,
        personas.district_a,
        by=personas.liaison_x,
        submitted_at=now - datetime.timedelta(days=1),
    )
    older = make_recommendation(
        personas.unit_y,
        personas.district_a,
        by=personas.liaison_y,
        submitted_at=now - datetime.timedelta(days=9),
    )
    # Another district's pool: not in district A's queue.
    make_recommendation(personas.unit_x, personas.district_b, by=personas.liaison_x)
    client = client_for(personas.staff_a)
    assert [r.pk for r in client.get(LIST).context["recommendations"]] == [older.pk, newer.pk]
    filtered = client.get(LIST, {"unit": personas.unit_x.pk}).context["recommendations"]
    assert [r.pk for r in filtered] == [newer.pk]
    assert client.get(LIST, {"category": "freelance"}).context["recommendations"] == []
    assert client.get(LIST, {"state": "returned"}).context["recommendations"] == []


def test_liaison_list_shows_only_their_units_recommendations(client_for, personas):
    mine = make_recommendation(
        personas.unit_x, personas.district_a, by=personas.liaison_x, state=State.DRAFT
    )
    make_recommendation(personas.unit_y, personas.district_a, by=personas.liaison_y)
    response = client_for(personas.liaison_x).get(LIST)
    assert [r.pk for r in response.context["recommendations"]] == [mine.pk]


def _queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_queue_query_count_does_not_grow_with_rows(client_for, personas):
    client = client_for(personas.staff_a)
    make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    one = _queue_queries(client)
    for _ in range(29):
        make_recommendation(personas.unit_y, personas.district_a, by=personas.liaison_y)
    assert _queue_queries(client) == one
