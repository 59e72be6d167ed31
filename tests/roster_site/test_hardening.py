import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "units", "people", "talent_pool", "meetings", "roster_site"]


def test_no_template_marks_data_safe():
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        if re.search(r"\|\s*safe\b|\{%\s*autoescape\s+off|\|\s*safeseq\b", text):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


def test_no_python_code_marks_strings_safe():
    offenders = []
    for app in APPS:
        for source in (ROOT / app).rglob("*.py"):
            if "migrations" in source.parts:
                continue
            if re.search(r"\bmark_safe\(|\bSafeString\(", source.read_text()):
                offenders.append(str(source.relative_to(ROOT)))
    assert offenders == []


def test_bandit_finds_no_high_severity_issue():
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-q", "-r", *APPS, "bench", "-lll"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@override_settings(ROOT_URLCONF="tests.roster_site.crash_urls", DEBUG=False)
def test_server_error_in_production_is_plain_chinese_without_details(client_for, personas):
    client = client_for(personas.city_staff)
    client.raise_request_exception = False
    response = client.get("/crash/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统暂时出现错误" in html
    assert "hunter2" not in html and "Traceback" not in html and "RuntimeError" not in html


def test_forged_csrf_token_is_refused_with_chinese_page(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.city_staff)
    response = client.post(
        f"/units/{personas.unit_x.pk}/edit/", {"name": "改名", "csrfmiddlewaretoken": "forged" * 8}
    )
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
    personas.unit_x.refresh_from_db()
    assert personas.unit_x.name == "示范市司法局"


@pytest.mark.parametrize(
    "path",
    ["/people/", "/units/", "/audit/"],
)
def test_huge_query_string_does_not_break_pages(client_for, personas, path):
    user = personas.auditor if path == "/audit/" else personas.city_staff
    response = client_for(user).get(
        path, {"q": "张" * 20000, "user": "x" * 20000, "page": "9" * 50}
    )
    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    "value",
    [
        "' OR '1'='1",
        "1; DROP TABLE people_person",
        "<script>alert(1)</script>",
        "../../etc/passwd",
        "%00",
    ],
)
def test_hostile_values_in_every_roster_filter(client_for, personas, value):
    client = client_for(personas.city_staff)
    for name in ("q", "category", "subtype", "region", "affiliation", "education", "age_min",
                 "age_max", "in_pool", "archived", "sort", "page"):  # fmt: skip
        response = client.get("/people/", {name: value})
        assert response.status_code == 200, name
        assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("value", ["' OR '1'='1", "<script>alert(1)</script>"])
def test_hostile_values_in_every_audit_filter(client_for, personas, value):
    client = client_for(personas.auditor)
    for name in ("user", "action", "outcome", "object", "date_from", "date_to", "page"):
        response = client.get("/audit/", {name: value})
        assert response.status_code == 200, name
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_security_headers_on_pages(client_for, personas):
    response = client_for(personas.city_staff).get("/people/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "no-store" in response["Cache-Control"]
