import pytest

from accounts.forms import LOGIN_ERROR
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_city_staff_signs_in_and_sees_the_units_page(page, live_server, e2e_personas, sign_in):
    sign_in(e2e_personas.city_staff)
    assert page.url == f"{live_server.url}/"
    page.locator("#main-nav").get_by_role("link", name="成员单位").click()
    page.wait_for_url(f"{live_server.url}/units/")
    assert page.get_by_role("heading", name="联席会议成员单位").is_visible()
    assert page.get_by_role("link", name="示范市司法局").is_visible()
    assert page.get_by_role("link", name="青山区委统战部").is_visible()
    screenshot(page, "units-list")
    page.get_by_role("link", name="示范市司法局").click()
    assert page.get_by_text("联系律师。").is_visible()
    screenshot(page, "unit-detail")


def test_failed_login_shows_chinese_error(page, live_server, e2e_personas, sign_in):
    sign_in(e2e_personas.city_staff, password="not-the-password")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert page.get_by_text(LOGIN_ERROR).is_visible()
    screenshot(page, "login-failed")


def test_logout_returns_to_login(page, live_server, e2e_personas, sign_in):
    sign_in(e2e_personas.staff_a)
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.goto(f"{live_server.url}/units/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/?next=/units/")
