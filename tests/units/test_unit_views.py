import pytest

from accounts.enums import AuditAction
from accounts.models import AuditEvent


def test_unit_list_shows_units_in_scope_for_city_staff(client_for, personas):
    html = client_for(personas.city_staff).get("/units/").content.decode()
    for name in ("示范市司法局", "示范市委宣传部", "明湖区委统战部", "青山区委统战部"):
        assert name in html


def test_unit_list_for_district_staff_shows_only_their_district(client_for, personas):
    html = client_for(personas.staff_a).get("/units/").content.decode()
    assert "明湖区委统战部" in html
    assert "青山区委统战部" not in html
    assert "示范市司法局" not in html


def test_unit_detail_shows_duties_fields_and_liaison(client_for, personas):
    from people.models import SubType

    personas.unit_x.responsible_for.set(SubType.objects.filter(name="律师"))
    personas.unit_x.liaison_name = "周立诚"
    personas.unit_x.save()
    html = client_for(personas.liaison_y).get(f"/units/{personas.unit_x.pk}/").content.decode()
    assert "联系律师。" in html
    assert "律师" in html
    assert "周立诚" in html


def test_unit_of_other_district_is_404(client_for, personas):
    response = client_for(personas.staff_a).get(f"/units/{personas.lead_b.pk}/")
    assert response.status_code == 404


def test_city_unit_is_404_for_district_staff(client_for, personas):
    response = client_for(personas.staff_a).get(f"/units/{personas.unit_x.pk}/edit/")
    assert response.status_code == 404


def test_lead_unit_staff_edits_unit_and_it_is_audited(client_for, personas):
    client = client_for(personas.city_staff)
    response = client.post(
        f"/units/{personas.unit_x.pk}/edit/",
        {
            "name": "示范市司法局",
            "short_name": "市司法局",
            "kind": "government",
            "duties": "联系律师和公证员。",
            "liaison_name": "周立诚",
            "liaison_phone": "0599-88001101",
            "order": 3,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    personas.unit_x.refresh_from_db()
    assert personas.unit_x.duties == "联系律师和公证员。"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert (event.user, event.object_id) == (personas.city_staff, str(personas.unit_x.pk))


@pytest.mark.parametrize("persona", ["leader", "liaison_x", "liaison_y"])
def test_read_only_roles_get_403_on_edit(client_for, personas, persona):
    client = client_for(getattr(personas, persona))
    assert client.get(f"/units/{personas.unit_x.pk}/edit/").status_code == 403
    response = client.post(f"/units/{personas.unit_x.pk}/edit/", {"name": "改名"})
    assert response.status_code == 403
    personas.unit_x.refresh_from_db()
    assert personas.unit_x.name == "示范市司法局"


def test_auditor_cannot_see_units(client_for, personas):
    assert client_for(personas.auditor).get("/units/").status_code == 403


def test_unit_list_rejects_post(client_for, personas):
    assert client_for(personas.city_staff).post("/units/").status_code == 405
