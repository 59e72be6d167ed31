import datetime

from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.personas import PASSWORD


def sign_in(client, user):
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


REAL_NOW = timezone.now


def move_clock(monkeypatch, minutes):
    """Set the clock to `minutes` after the real present (not cumulative)."""
    moved = REAL_NOW() + datetime.timedelta(minutes=minutes)
    monkeypatch.setattr(timezone, "now", lambda: moved)


def test_idle_session_expires_after_thirty_minutes(client, personas, monkeypatch):
    sign_in(client, personas.staff_a)
    move_clock(monkeypatch, 29)
    assert client.get("/units/").status_code == 200  # activity renews the idle timer
    move_clock(monkeypatch, 29 + 31)
    response = client.get("/units/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_active_session_ends_after_twelve_hours(client, personas, monkeypatch):
    sign_in(client, personas.staff_a)
    for minutes in range(20, 12 * 60, 20):  # busy all day, never idle for long
        move_clock(monkeypatch, minutes)
        assert client.get("/units/").status_code == 200
    move_clock(monkeypatch, 12 * 60 + 5)
    response = client.get("/units/")
    assert response["Location"] == "/accounts/login/?expired=1"
    assert not Session.objects.filter(session_key=client.session.session_key).exists()


def test_session_cookie_is_http_only_and_same_site(client, personas, settings):
    response = client.post(
        "/accounts/login/", {"username": personas.staff_a.username, "password": PASSWORD}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
