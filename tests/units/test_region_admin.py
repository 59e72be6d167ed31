from tests.personas import grant_model_permissions
from units.models import Region


def test_admin_refuses_malformed_region_code_and_changes_nothing(client, personas):
    client.force_login(grant_model_permissions(personas.sysadmin, "units"))
    before = list(Region.objects.order_by("pk").values_list("code", "name", "path"))

    response = client.post(
        "/admin/units/region/add/",
        {
            "code": "33A902",
            "name": "坏代码区",
            "level": "county",
            "parent": personas.city.pk,
            "order": 0,
        },
    )

    assert response.status_code == 200
    assert "区划代码只能由数字组成" in response.content.decode()
    assert list(Region.objects.order_by("pk").values_list("code", "name", "path")) == before


def test_admin_refuses_code_outside_parent(client, personas):
    client.force_login(grant_model_permissions(personas.sysadmin, "units"))
    count = Region.objects.count()

    response = client.post(
        "/admin/units/region/add/",
        {
            "code": "349902",
            "name": "错位区",
            "level": "county",
            "parent": personas.city.pk,
            "order": 0,
        },
    )

    assert response.status_code == 200
    assert "上级区划代码" in response.content.decode()
    assert Region.objects.count() == count
