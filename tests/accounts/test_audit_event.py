import pytest

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from accounts.services import audit


def test_audit_records_user_object_and_detail(rf, personas):
    request = rf.get("/units/", REMOTE_ADDR="10.1.2.3")
    request.user = personas.city_staff
    event = audit(AuditAction.EXPORT, request=request, obj=personas.unit_x, detail={"rows": 3})
    event.refresh_from_db()
    assert (event.user, event.username, event.ip) == (personas.city_staff, "city_staff", "10.1.2.3")
    assert (event.object_type, event.object_id, event.object_repr) == (
        "units.memberunit",
        str(personas.unit_x.pk),
        "示范市司法局",
    )
    assert event.detail == {"rows": 3}


def test_audit_event_cannot_be_changed(personas):
    event = audit(AuditAction.LOGIN, user=personas.city_staff)
    event.outcome = "failure"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(outcome="failure")
    event.refresh_from_db()
    assert event.outcome == "success"


def test_audit_event_cannot_be_deleted(personas):
    event = audit(AuditAction.LOGIN, user=personas.city_staff)
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_admin_offers_no_add_change_or_delete(client, personas):
    from tests.personas import grant_model_permissions

    client.force_login(grant_model_permissions(personas.sysadmin, "accounts"))
    event = audit(AuditAction.LOGIN, user=personas.city_staff)
    assert client.get("/admin/accounts/auditevent/add/").status_code == 403
    response = client.post(f"/admin/accounts/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    response = client.post(f"/admin/accounts/auditevent/{event.pk}/change/", {"outcome": "failure"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.outcome == "success"
    assert AuditEvent.objects.filter(pk=event.pk).exists()
