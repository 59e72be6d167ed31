from accounts.enums import AuditAction
from accounts.forms import LOGIN_ERROR
from accounts.models import AuditEvent
from tests.personas import PASSWORD


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_five_failures_lock_the_account_and_the_lockout_is_audited_once(client, personas):
    for _ in range(4):
        assert LOGIN_ERROR in attempt(client, "staff_a", "wrong").content.decode()
    response = attempt(client, "staff_a", "wrong")
    assert "已被锁定30分钟" in response.content.decode()
    # Even the right password is refused while locked.
    response = attempt(client, "staff_a", PASSWORD)
    assert "_auth_user_id" not in client.session
    assert "已被锁定" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT, username="staff_a").count() == 1


def test_lockout_is_per_username_not_per_ip(client, personas):
    for _ in range(5):
        attempt(client, "staff_a", "wrong", ip="10.9.9.9")
    # Another account from the same address still signs in.
    response = attempt(client, "staff_b", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 302


def test_lock_expires_after_thirty_minutes(client, personas, monkeypatch):
    import datetime

    from django.utils import timezone

    for _ in range(5):
        attempt(client, "staff_a", "wrong")
    import axes.attempts
    import axes.handlers.proxy

    later = timezone.now() + datetime.timedelta(minutes=31)
    for module in (timezone, axes.attempts, axes.handlers.proxy):
        monkeypatch.setattr(module, "now", lambda: later)
    response = attempt(client, "staff_a", PASSWORD)
    assert response.status_code == 302
