import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from people.enums import Sex
from people.models import EducationRecord, Person, WorkHistory
from tests.people.factories import id_for, make_person
from tests.people.forms_data import edit_post, person_post

ID_18 = re.compile(r"(?<![\dX*])\d{17}[\dX](?![\dX])")


def snapshot():
    return (
        list(Person.objects.order_by("pk").values()),
        list(EducationRecord.objects.order_by("pk").values()),
        list(WorkHistory.objects.order_by("pk").values()),
    )


@pytest.fixture
def person(personas):
    return make_person(personas.district_a, name="张伟", mobile="13812345678", work_unit="明理律所")


# --- detail --------------------------------------------------------------------------


def test_detail_shows_every_section_and_masks_numbers(client_for, personas, person):
    EducationRecord.objects.create(
        person=person, school="示范大学", education="20", is_highest=True
    )
    html = client_for(personas.city_staff).get(f"/people/{person.pk}/").content.decode()
    for section in (
        "基本信息",
        "分类",
        "工作情况",
        "表现与评价",
        "联系方式",
        "学历",
        "工作简历",
        "社会职务",
        "奖惩情况",
        "家庭成员及重要社会关系",
        "变更历史",
    ):
        assert section in html
    assert "示范大学" in html
    assert person.masked_id_number in html
    assert "138****5678" in html
    assert not ID_18.search(html)
    assert "13812345678" not in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("city_staff", 200),
        ("staff_a", 200),
        ("leader", 200),
        ("staff_b", 404),
        ("liaison_x", 403),
        ("auditor", 403),
    ],
)
def test_detail_security_matrix(client_for, personas, person, persona, status):
    assert client_for(getattr(personas, persona)).get(f"/people/{person.pk}/").status_code == status


def test_unknown_person_is_404(client_for, personas):
    assert client_for(personas.city_staff).get("/people/999999/").status_code == 404


# --- reveal --------------------------------------------------------------------------


def test_reveal_shows_full_numbers_and_is_audited(client_for, personas, person):
    response = client_for(personas.city_staff).post(f"/people/{person.pk}/reveal/")
    html = response.content.decode()
    assert person.id_number in html and "13812345678" in html
    event = AuditEvent.objects.get(action=AuditAction.REVEAL)
    assert (event.user, event.object_id) == (personas.city_staff, str(person.pk))


def test_reveal_without_permission_is_403_and_not_audited(client_for, personas, person):
    response = client_for(personas.staff_a).post(f"/people/{person.pk}/reveal/")
    assert response.status_code == 403
    assert person.id_number not in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.REVEAL).exists()


def test_reveal_outside_scope_is_404(client_for, personas):
    other = make_person(personas.district_b, name="王芳")
    personas.staff_a.can_reveal = True
    personas.staff_a.save()
    assert client_for(personas.staff_a).post(f"/people/{other.pk}/reveal/").status_code == 404


def test_reveal_by_get_is_405(client_for, personas, person):
    assert client_for(personas.city_staff).get(f"/people/{person.pk}/reveal/").status_code == 405


# --- create --------------------------------------------------------------------------


def test_create_with_two_education_rows_fills_sex_and_birth_date(client_for, personas):
    number = id_for(datetime.date(1988, 8, 8), Sex.FEMALE)
    data = person_post(
        personas.district_a,
        id_number=number,
        name="刘晓",
        rows={
            "educations": [
                {"school": "示范大学", "major": "法学", "education": "20", "degree": "bachelor"},
                {
                    "school": "江南大学",
                    "major": "法学",
                    "education": "14",
                    "degree": "master",
                    "is_highest": "on",
                },
            ],
            "work": [
                {
                    "start_date": "2010-07-01",
                    "end_date": "2015-06-30",
                    "unit_and_post": "甲律所律师",
                },
                {"start_date": "2015-07-01", "unit_and_post": "乙律所合伙人"},
            ],
        },
    )
    response = client_for(personas.staff_a).post("/people/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    person = Person.objects.get(name="刘晓")
    assert (person.sex, person.birth_date) == (Sex.FEMALE, datetime.date(1988, 8, 8))
    assert person.educations.count() == 2
    assert person.highest_education == "14"
    assert [w.unit_and_post for w in person.work_history.all()] == ["甲律所律师", "乙律所合伙人"]
    assert (
        AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(person.pk)).count() == 1
    )
    assert person.history.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"id_number": "33990219850307001" + "Y"}, "id_number", "最后一位"),
        ({"id_number": "339902198503070010"}, "id_number", "校验码"),
        ({"birth_date": "2031-01-01"}, "birth_date", "晚于今天"),
        ({"sex": "2"}, "sex", "性别与身份证号码不一致"),
        ({"mobile": "138123456789"}, "mobile", "11位"),
        ({"email": "bad@"}, "email", "电子邮箱"),
        ({"office_phone": "12345"}, "office_phone", "区号"),
        ({"name": "  "}, "name", ""),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(
    client_for, personas, overrides, field, fragment
):
    before = snapshot()
    data = person_post(personas.district_a, id_number=id_for(datetime.date(1985, 3, 7), Sex.MALE))
    data.update(overrides)
    response = client_for(personas.staff_a).post("/people/new/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert fragment in " ".join(errors[field])
    assert snapshot() == before


def test_thirty_first_of_february_is_refused(client_for, personas):
    from people.validators import id_check_char

    first17 = "33990219850231001"
    before = snapshot()
    data = person_post(personas.district_a, id_number=first17 + id_check_char(first17))
    response = client_for(personas.staff_a).post("/people/new/", data)
    assert "不是有效日期" in " ".join(response.context["form"].errors["id_number"])
    assert snapshot() == before


def test_duplicate_live_id_number_is_refused(client_for, personas, person):
    before = snapshot()
    data = person_post(personas.district_a, id_number=person.id_number.lower(), name="张伟伟")
    response = client_for(personas.staff_a).post("/people/new/", data)
    assert response.status_code == 200
    assert "已登记在名册中" in response.content.decode()
    assert snapshot() == before


def test_region_outside_scope_is_refused(client_for, personas):
    before = snapshot()
    data = person_post(personas.district_b, id_number=id_for())
    response = client_for(personas.staff_a).post("/people/new/", data)
    assert "region" in response.context["form"].errors
    assert snapshot() == before


def test_overlapping_work_history_is_refused(client_for, personas):
    before = snapshot()
    data = person_post(
        personas.district_a,
        id_number=id_for(),
        rows={
            "work": [
                {"start_date": "2010-01-01", "end_date": "2015-12-31", "unit_and_post": "甲"},
                {"start_date": "2012-01-01", "unit_and_post": "乙"},
            ]
        },
    )
    response = client_for(personas.staff_a).post("/people/new/", data)
    assert "时间重叠" in response.content.decode()
    assert snapshot() == before


def test_gap_in_work_history_saves_with_a_warning(client_for, personas):
    data = person_post(
        personas.district_a,
        id_number=id_for(),
        rows={
            "work": [
                {"start_date": "2010-01-01", "end_date": "2012-12-31", "unit_and_post": "甲"},
                {"start_date": "2015-01-01", "unit_and_post": "乙"},
            ]
        },
    )
    response = client_for(personas.staff_a).post("/people/new/", data, follow=True)
    assert Person.objects.filter(name="李华").exists()
    assert "空档" in response.content.decode()


def test_same_name_and_birth_date_warns_with_link_before_saving(client_for, personas, person):
    client = client_for(personas.staff_a)
    data = person_post(
        personas.district_a, id_number=id_for(person.birth_date, Sex.MALE), name="张伟"
    )
    response = client.post("/people/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "可能是同一人" in html
    assert f'href="/people/{person.pk}/"' in html
    assert Person.objects.filter(name="张伟").count() == 1
    data["confirm_duplicate"] = "yes"
    assert client.post("/people/new/", data).status_code == 302
    assert Person.objects.filter(name="张伟").count() == 2


def test_html_in_text_fields_is_stored_and_shown_escaped(client_for, personas):
    data = person_post(
        personas.district_a, id_number=id_for(), work_unit="<b onmouseover=alert(1)>律所</b>"
    )
    client = client_for(personas.staff_a)
    client.post("/people/new/", data)
    person = Person.objects.get(name="李华")
    html = client.get(f"/people/{person.pk}/").content.decode()
    assert "<b onmouseover" not in html
    assert "&lt;b onmouseover=alert(1)&gt;律所&lt;/b&gt;" in html


def png_bytes(size=(4, 4)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_photo_must_be_an_image(client_for, personas):
    before = snapshot()
    data = person_post(personas.district_a, id_number=id_for())
    data["photo"] = SimpleUploadedFile(
        "photo.jpg", b"not an image at all", content_type="image/jpeg"
    )
    response = client_for(personas.staff_a).post("/people/new/", data)
    assert "photo" in response.context["form"].errors
    assert snapshot() == before


def test_photo_over_five_megabytes_is_refused(client_for, personas):
    before = snapshot()
    data = person_post(personas.district_a, id_number=id_for())
    data["photo"] = SimpleUploadedFile(
        "big.png", png_bytes() + b"\0" * (5 * 1024 * 1024), content_type="image/png"
    )
    response = client_for(personas.staff_a).post("/people/new/", data)
    assert "5MB" in " ".join(response.context["form"].errors["photo"])
    assert snapshot() == before


def test_photo_is_served_only_in_scope(client_for, personas):
    data = person_post(personas.district_a, id_number=id_for())
    data["photo"] = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
    client_for(personas.staff_a).post("/people/new/", data)
    person = Person.objects.get(name="李华")
    assert client_for(personas.staff_a).get(f"/people/{person.pk}/photo/").status_code == 200
    assert client_for(personas.staff_b).get(f"/people/{person.pk}/photo/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"), [("leader", 403), ("liaison_x", 403), ("auditor", 403)]
)
def test_read_only_roles_cannot_create(client_for, personas, persona, status):
    before = snapshot()
    data = person_post(personas.city, id_number=id_for())
    client = client_for(getattr(personas, persona))
    assert client.get("/people/new/").status_code == status
    assert client.post("/people/new/", data).status_code == status
    assert snapshot() == before


# --- edit ----------------------------------------------------------------------------


def test_edit_saves_records_history_and_audit(client_for, personas, person):
    client = client_for(personas.staff_a)
    response = client.post(f"/people/{person.pk}/edit/", edit_post(person, position="主任"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.position, person.version) == ("主任", 2)
    html = client.get(f"/people/{person.pk}/").content.decode()
    assert "职务：" in html and "主任" in html
    assert "staff_a" in html
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(person.pk))
    assert event.detail["fields"] == ["position"]


def test_edit_adds_and_deletes_child_rows(client_for, personas, person):
    row = EducationRecord.objects.create(person=person, school="示范大学", education="20")
    client = client_for(personas.staff_a)
    data = edit_post(person)
    data["educations-0-DELETE"] = "on"
    data.update(
        {
            "educations-TOTAL_FORMS": "2",
            "educations-1-school": "江南大学",
            "educations-1-education": "14",
        }
    )
    assert client.post(f"/people/{person.pk}/edit/", data).status_code == 302
    assert [e.school for e in person.educations.all()] == ["江南大学"]
    assert not EducationRecord.objects.filter(pk=row.pk).exists()
    person.refresh_from_db()
    assert person.highest_education == "14"


def test_stale_edit_gets_a_conflict_message_and_keeps_the_first_edit(client_for, personas, person):
    first, second = client_for(personas.staff_a), None
    stale = edit_post(person, position="副主任")  # opened at version 1
    assert (
        first.post(f"/people/{person.pk}/edit/", edit_post(person, work_unit="新律所")).status_code
        == 302
    )
    from django.test import Client

    second = Client()
    second.force_login(personas.city_staff)
    response = second.post(f"/people/{person.pk}/edit/", stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "保存失败" in html
    assert "工作单位：明理律所 → 新律所" in html
    assert "职务：（空） → 副主任" in html
    person.refresh_from_db()
    assert (person.work_unit, person.position, person.version) == ("新律所", "", 2)


def test_edit_of_another_districts_person_is_404(client_for, personas, person):
    client = client_for(personas.staff_b)
    assert client.get(f"/people/{person.pk}/edit/").status_code == 404
    assert (
        client.post(f"/people/{person.pk}/edit/", edit_post(person, name="改名")).status_code == 404
    )
    person.refresh_from_db()
    assert person.name == "张伟"


def test_edit_cannot_move_person_outside_scope(client_for, personas, person):
    response = client_for(personas.staff_a).post(
        f"/people/{person.pk}/edit/", edit_post(person, region=str(personas.district_b.pk))
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    person.refresh_from_db()
    assert person.region == personas.district_a


def test_leader_cannot_edit(client_for, personas, person):
    client = client_for(personas.leader)
    assert client.get(f"/people/{person.pk}/edit/").status_code == 403
    assert (
        client.post(f"/people/{person.pk}/edit/", edit_post(person, name="改名")).status_code == 403
    )


# --- archive and restore -------------------------------------------------------------


def test_archive_hides_and_restore_brings_back(client_for, personas, person):
    client = client_for(personas.staff_a)
    assert client.post(f"/people/{person.pk}/archive/", {"reason": "迁出本市"}).status_code == 302
    person.refresh_from_db()
    assert person.archived_at is not None
    assert person.pk not in [p.pk for p in client.get("/people/").context["persons"]]
    assert client.get(f"/people/{person.pk}/").status_code == 200  # history stays reachable
    assert client.post(f"/people/{person.pk}/restore/").status_code == 302
    person.refresh_from_db()
    assert person.archived_at is None
    actions = list(
        AuditEvent.objects.filter(object_id=str(person.pk)).values_list("action", flat=True)
    )
    assert sorted(actions) == ["archive", "restore"]


def test_restore_refused_when_number_taken_again(client_for, personas, person):
    client = client_for(personas.staff_a)
    client.post(f"/people/{person.pk}/archive/")
    make_person(personas.district_a, name="张伟", id_number=person.id_number)
    response = client.post(f"/people/{person.pk}/restore/", follow=True)
    assert "不能恢复" in response.content.decode()
    person.refresh_from_db()
    assert person.archived_at is not None


def test_archive_by_leader_is_403(client_for, personas, person):
    assert client_for(personas.leader).post(f"/people/{person.pk}/archive/").status_code == 403
    person.refresh_from_db()
    assert person.archived_at is None


def test_archive_by_get_is_405(client_for, personas, person):
    assert client_for(personas.staff_a).get(f"/people/{person.pk}/archive/").status_code == 405


def test_edit_keeps_highest_education_when_there_are_no_education_rows(
    client_for, personas, person
):
    Person.objects.filter(pk=person.pk).update(highest_education="20")
    person.refresh_from_db()
    response = client_for(personas.staff_a).post(
        f"/people/{person.pk}/edit/", edit_post(person, position="主任")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.highest_education == "20"


@pytest.mark.parametrize(
    ("persona", "buttons"), [("city_staff", {"登记表（Excel）", "编辑"}), ("leader", set())]
)
def test_detail_buttons_follow_capabilities(client_for, personas, person, persona, buttons):
    html = client_for(getattr(personas, persona)).get(f"/people/{person.pk}/").content.decode()
    shown = {label for label in ("登记表（Excel）", "编辑") if label in html}
    assert shown == buttons
