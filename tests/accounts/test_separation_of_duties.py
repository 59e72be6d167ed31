import pytest
from django.core.exceptions import ValidationError

from accounts.enums import Role
from accounts.permissions import ROLE_CAPABILITIES, Cap
from tests.personas import grant_model_permissions

PERSONAL_DATA = {
    Cap.VIEW_ROSTER,
    Cap.EDIT_ROSTER,
    Cap.EXPORT,
    Cap.IMPORT,
    Cap.VIEW_POOL,
    Cap.REVEAL,
}


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR])
def test_admin_roles_see_no_personal_data(role):
    assert not (ROLE_CAPABILITIES[role] & PERSONAL_DATA)


def test_only_the_security_administrator_grants_roles():
    holders = {role for role, caps in ROLE_CAPABILITIES.items() if Cap.GRANT_ROLES in caps}
    assert holders == {Role.SECADMIN}


def test_only_the_auditor_reads_the_audit_log():
    holders = {role for role, caps in ROLE_CAPABILITIES.items() if Cap.VIEW_AUDIT in caps}
    assert holders == {Role.AUDITOR}


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR])
def test_admin_role_cannot_be_superuser(personas, role):
    user = personas.sysadmin
    user.role, user.is_superuser = role, True
    with pytest.raises(ValidationError, match="三员分立"):
        user.full_clean()


def test_sysadmin_cannot_change_roles_in_admin(client, personas):
    client.force_login(grant_model_permissions(personas.sysadmin, "accounts"))
    html = client.get(f"/admin/accounts/user/{personas.staff_a.pk}/change/").content.decode()
    assert 'name="role"' not in html
    assert 'name="can_reveal"' not in html
    client.post(
        f"/admin/accounts/user/{personas.staff_a.pk}/change/",
        {
            "username": "staff_a",
            "role": "auditor",
            "can_reveal": "on",
            "unit": personas.lead_a.pk,
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    personas.staff_a.refresh_from_db()
    assert (personas.staff_a.role, personas.staff_a.can_reveal) == (Role.STAFF, False)


def test_security_administrator_grants_a_role_and_it_is_audited(client, personas):
    from accounts.models import AuditEvent

    client.force_login(grant_model_permissions(personas.secadmin, "accounts"))
    html = client.get(f"/admin/accounts/user/{personas.staff_a.pk}/change/").content.decode()
    assert 'name="role"' in html
    response = client.post(
        f"/admin/accounts/user/{personas.staff_a.pk}/change/",
        {
            "username": "staff_a",
            "full_name": "staff_a",
            "role": "staff",
            "can_reveal": "on",
            "unit": personas.lead_a.pk,
            "is_active": "on",
            "is_staff": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    personas.staff_a.refresh_from_db()
    assert personas.staff_a.can_reveal is True
    event = AuditEvent.objects.get(action="permission_change", object_id=str(personas.staff_a.pk))
    assert "can_reveal" in event.detail["changed"]
