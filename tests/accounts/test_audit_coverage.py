"""Every security-relevant action of DESIGN.md is recorded exactly once, with its row."""

import datetime

import pytest
from django.test import Client

from accounts.enums import AuditAction, AuditOutcome
from accounts.models import AuditEvent
from people.enums import Sex
from people.models import Person, SubType
from tests.people.factories import id_for, make_person
from tests.people.forms_data import edit_post, person_post
from tests.people.test_import_flow import confirm, row, token_of, upload, xlsx
from tests.personas import PASSWORD, grant_model_permissions


def only(action, **filters) -> AuditEvent:
    events = list(AuditEvent.objects.filter(action=action, **filters))
    assert len(events) == 1, f"{action}: {len(events)} rows {events}"
    return events[0]


def sign_in(user, ip="10.1.1.1") -> Client:
    client = Client(REMOTE_ADDR=ip)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_sign_in_failure_lockout_and_sign_out(personas):
    client = sign_in(personas.staff_a)
    event = only(AuditAction.LOGIN, user=personas.staff_a)
    assert (event.ip, event.outcome) == ("10.1.1.1", AuditOutcome.SUCCESS)
    client.post("/accounts/logout/")
    only(AuditAction.LOGOUT, user=personas.staff_a)

    other = Client(REMOTE_ADDR="10.2.2.2")
    other.post("/accounts/login/", {"username": "staff_b", "password": "wrong"})
    event = only(AuditAction.LOGIN_FAILED, username="staff_b")
    assert (event.user, event.ip, event.outcome) == (personas.staff_b, "10.2.2.2", "failure")
    for _ in range(4):
        other.post("/accounts/login/", {"username": "staff_b", "password": "wrong"})
    other.post("/accounts/login/", {"username": "staff_b", "password": "wrong"})
    event = only(AuditAction.LOCKED_OUT, username="staff_b")
    assert event.outcome == AuditOutcome.DENIED


def test_roster_writes_reveal_export_and_import(personas):
    client = sign_in(personas.city_staff)

    number = id_for(datetime.date(1990, 1, 2), Sex.MALE)
    assert (
        client.post("/people/new/", person_post(personas.district_a, id_number=number)).status_code
        == 302
    )
    person = Person.objects.get(id_number=number)
    only(AuditAction.CREATE, object_id=str(person.pk), object_type="people.person")

    assert (
        client.post(f"/people/{person.pk}/edit/", edit_post(person, position="主任")).status_code
        == 302
    )
    event = only(AuditAction.UPDATE, object_id=str(person.pk))
    assert event.detail["fields"] == ["position"]

    client.post(f"/people/{person.pk}/reveal/")
    only(AuditAction.REVEAL, object_id=str(person.pk), user=personas.city_staff)

    client.post(f"/people/{person.pk}/archive/", {"reason": "迁出"})
    assert only(AuditAction.ARCHIVE, object_id=str(person.pk)).detail["reason"] == "迁出"
    client.post(f"/people/{person.pk}/restore/")
    only(AuditAction.RESTORE, object_id=str(person.pk))

    response = client.get("/people/export.xlsx", {"category": "intermediary"})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    event = only(AuditAction.EXPORT, user=personas.city_staff)
    assert event.detail["rows"] == 1

    token = token_of(upload(client, xlsx([row("导入人", 401)])))
    assert confirm(client, token).status_code == 302
    event = only(AuditAction.IMPORT, user=personas.city_staff)
    assert len(event.detail["sha256"]) == 64


def test_permission_change_and_admin_delete_and_password_change(personas):
    client = Client()
    client.force_login(grant_model_permissions(personas.secadmin, "accounts"))
    response = client.post(
        f"/admin/accounts/user/{personas.staff_a.pk}/change/",
        {"username": "staff_a", "full_name": "staff_a", "role": "staff", "can_reveal": "on",
         "unit": personas.lead_a.pk, "is_active": "on", "date_joined_0": "2026-01-01",
         "date_joined_1": "00:00:00"},
    )  # fmt: skip
    assert response.status_code == 302
    only(AuditAction.PERMISSION_CHANGE, object_id=str(personas.staff_a.pk))

    spare = SubType.objects.create(category="freelance", name="临时类型")
    admin = Client()
    admin.force_login(grant_model_permissions(personas.sysadmin, "people"))
    assert (
        admin.post(f"/admin/people/subtype/{spare.pk}/delete/", {"post": "yes"}).status_code == 302
    )
    assert only(AuditAction.DELETE).detail["object_id"] == spare.pk

    user_client = sign_in(personas.staff_b)
    user_client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Brand#New2027",
            "new_password2": "Brand#New2027",
        },
    )
    only(AuditAction.PASSWORD_CHANGE, user=personas.staff_b)


@pytest.mark.parametrize("persona", ["auditor"])
def test_audit_export_is_recorded(persona, personas):
    make_person(personas.district_a)
    client = Client()
    client.force_login(getattr(personas, persona))
    b"".join(client.get("/audit/export.xlsx").streaming_content)
    only(AuditAction.EXPORT, user=personas.auditor)
