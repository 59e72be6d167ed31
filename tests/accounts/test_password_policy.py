import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from tests.personas import PASSWORD, grant_model_permissions


@pytest.mark.parametrize("password", ["Ab1!", "abcdefgh", "abcdefg1", "ABCDEFG1", "12345678!"])
def test_weak_passwords_are_refused_in_chinese(password, db):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert any("四类中的3类" in m or "密码" in m for m in exc.value.messages)


@pytest.mark.parametrize("password", ["Tongxin@2026x", "qiuShan28", "xyz#12345q", "Zz9!Zz9!Zz"])
def test_passwords_with_three_classes_pass(password, db):
    validate_password(password)


def test_new_account_must_change_password_before_anything_else(client, personas):
    personas.staff_a.must_change_password = True
    personas.staff_a.save()
    client.force_login(personas.staff_a)
    response = client.get("/people/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/password/")
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Fresh#Pass2027",
            "new_password2": "Fresh#Pass2027",
        },
    )
    assert response.status_code == 302
    personas.staff_a.refresh_from_db()
    assert personas.staff_a.must_change_password is False
    assert personas.staff_a.check_password("Fresh#Pass2027")
    assert client.get("/people/").status_code == 200
    assert (
        AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGE, user=personas.staff_a).count()
        == 1
    )


def test_password_change_keeps_rules_and_chinese_messages(client, personas):
    client.force_login(personas.staff_a)
    response = client.post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": "simple", "new_password2": "simple"},
    )
    html = response.content.decode()
    assert "原密码不正确" in html
    assert personas.staff_a.check_password(PASSWORD)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert "不能与原密码相同" in response.content.decode()


def test_expired_password_forces_a_change(client, personas, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    personas.staff_a.password_changed_at = timezone.now() - datetime.timedelta(days=91)
    personas.staff_a.save()
    client.force_login(personas.staff_a)
    assert client.get("/units/")["Location"] == "/accounts/password/"
    personas.staff_a.password_changed_at = timezone.now() - datetime.timedelta(days=89)
    personas.staff_a.save()
    assert client.get("/units/").status_code == 200


def test_admin_reset_makes_the_owner_change_it(client, personas):
    client.force_login(grant_model_permissions(personas.sysadmin, "accounts"))
    response = client.post(
        f"/admin/accounts/user/{personas.staff_a.pk}/password/",
        {"password1": "Reset#Pass2027", "password2": "Reset#Pass2027", "usable_password": "true"},
    )
    assert response.status_code == 302
    personas.staff_a.refresh_from_db()
    assert personas.staff_a.must_change_password is True
