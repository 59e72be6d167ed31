import pytest
from django.contrib.sessions.models import Session

from accounts.enums import AuditAction, AuditOutcome
from accounts.forms import LOGIN_ERROR
from accounts.models import AuditEvent
from tests.personas import PASSWORD


def post_login(client, username, password, next_url=None):
    data = {"username": username, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/accounts/login/" + (f"?next={next_url}" if next_url else ""), data)


def test_login_page_is_chinese(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "用户名" in html and "密码" in html and "登录" in html


def test_successful_login_redirects_home_and_is_audited(client, personas):
    response = post_login(client, "city_staff", PASSWORD)
    assert response.status_code == 302
    assert response.url == "/"
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert (event.user, event.outcome, event.ip) == (
        personas.city_staff,
        AuditOutcome.SUCCESS,
        "127.0.0.1",
    )


@pytest.mark.parametrize(
    ("username", "password"),
    [("city_staff", "wrong-password"), ("nobody_here", "whatever123")],
    ids=["wrong-password", "unknown-user"],
)
def test_failed_login_gives_one_chinese_message_and_is_audited(
    client, personas, username, password
):
    response = post_login(client, username, password)
    assert response.status_code == 200
    assert LOGIN_ERROR in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert (event.username, event.outcome) == (username, AuditOutcome.FAILURE)
    assert "_auth_user_id" not in client.session


def test_inactive_user_gets_the_same_message(client, personas):
    personas.staff_a.is_active = False
    personas.staff_a.save()
    response = post_login(client, "staff_a", PASSWORD)
    assert response.status_code == 200
    assert LOGIN_ERROR in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "next_url", ["https://evil.example.com/", "//evil.example.com/x", "http:///evil.example.com"]
)
def test_next_pointing_off_site_is_ignored(client, personas, next_url):
    response = post_login(client, "city_staff", PASSWORD, next_url)
    assert response.status_code == 302
    assert response.url == "/"


def test_next_on_site_is_followed(client, personas):
    response = post_login(client, "city_staff", PASSWORD, "/units/")
    assert response.url == "/units/"


def test_session_key_changes_at_login(client, personas):
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    post_login(client, "city_staff", PASSWORD)
    assert client.session.session_key != before


def test_logout_deletes_session_on_server_and_is_audited(client, personas):
    post_login(client, "city_staff", PASSWORD)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert (
        AuditEvent.objects.filter(action=AuditAction.LOGOUT, user=personas.city_staff).count() == 1
    )


def test_logout_by_get_is_refused(client_for, personas):
    assert client_for(personas.city_staff).get("/accounts/logout/").status_code == 405
