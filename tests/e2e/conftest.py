"""Browser tests: Playwright driving Debian's Chromium against a live server.

Where Chromium is missing the tests skip with a message, except under CI=true, where a
missing browser is a failure.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.personas import PASSWORD, build_personas

# Playwright's sync API runs an event loop in this thread; the tests still use the ORM
# synchronously, one step at a time.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


@pytest.fixture(scope="session")
def browser():
    if not _chromium_available():
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: browser tests may not be skipped)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def e2e_personas(transactional_db):
    return build_personas()


@pytest.fixture
def sign_in(page, live_server):
    """Return a function that signs in through the login form as a user."""

    def do_sign_in(user, password=PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill(user.username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state("networkidle")
        return page

    return do_sign_in


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under var/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
