import pytest

from tests.people.factories import make_person


@pytest.fixture
def admin_staff(personas):
    """District-A staff given admin access with the roster's model permissions."""
    from django.contrib.auth.models import Permission

    user = personas.staff_a
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="people"))
    return user


def test_admin_changelist_is_scoped_and_masked(client, personas, admin_staff):
    mine = make_person(personas.district_a, name="张伟")
    other = make_person(personas.district_b, name="王芳")
    client.force_login(admin_staff)
    response = client.get("/admin/people/person/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "张伟" in html and "王芳" not in html
    assert mine.masked_id_number in html and mine.id_number not in html
    assert response.context["cl"].model_admin.show_full_result_count is False
    assert client.get(f"/admin/people/person/{other.pk}/change/").status_code == 302


def test_admin_search_by_initials_and_id_prefix(client, personas, admin_staff):
    person = make_person(personas.district_a, name="张伟")
    make_person(personas.district_a, name="李娜")
    client.force_login(admin_staff)
    for query in ("zw", person.id_number[:17], "张"):
        results = client.get("/admin/people/person/", {"q": query}).context["cl"].result_list
        assert [p.name for p in results] == ["张伟"]


def test_admin_change_form_hides_numbers_without_reveal(client, personas, admin_staff):
    person = make_person(personas.district_a, name="张伟", mobile="13812345678")
    client.force_login(admin_staff)
    html = client.get(f"/admin/people/person/{person.pk}/change/").content.decode()
    assert person.id_number not in html
    assert "13812345678" not in html
    assert "学历" in html  # the inlines are there


def test_admin_cannot_delete_persons(client, personas, admin_staff):
    person = make_person(personas.district_a)
    client.force_login(admin_staff)
    response = client.post(f"/admin/people/person/{person.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    person.refresh_from_db()


def test_sysadmin_sees_no_persons_in_admin(client, personas):
    from django.contrib.auth.models import Permission

    make_person(personas.district_a)
    personas.sysadmin.user_permissions.set(
        Permission.objects.filter(content_type__app_label="people")
    )
    client.force_login(personas.sysadmin)
    response = client.get("/admin/people/person/")
    assert list(response.context["cl"].result_list) == []
