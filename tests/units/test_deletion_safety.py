from django.db.models import ProtectedError

from tests.people.factories import make_person
from tests.personas import grant_model_permissions
from units.models import MemberUnit, Region


def test_deleting_a_unit_with_accounts_is_refused_in_chinese(client, personas):
    client.force_login(grant_model_permissions(personas.sysadmin, "units"))
    response = client.post(f"/admin/units/memberunit/{personas.unit_x.pk}/delete/", {"post": "yes"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "无法删除" in html
    assert MemberUnit.objects.filter(pk=personas.unit_x.pk).exists()


def test_deleting_a_region_with_persons_or_children_is_refused(client, personas):
    make_person(personas.district_b)
    client.force_login(grant_model_permissions(personas.sysadmin, "units"))
    for region in (personas.district_a, personas.district_b):
        response = client.post(f"/admin/units/region/{region.pk}/delete/", {"post": "yes"})
        assert response.status_code == 200
        assert "无法删除" in response.content.decode()
        assert Region.objects.filter(pk=region.pk).exists()


def test_models_protect_at_the_database_layer(personas):
    person = make_person(personas.district_b)
    for obj in (personas.district_b, person.subtype, personas.unit_x):
        try:
            obj.delete()
        except ProtectedError:
            continue
        raise AssertionError(f"{obj!r} was deleted although others refer to it")
