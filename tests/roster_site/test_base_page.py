import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

EXTERNAL_ASSET = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def test_base_page_loads_nothing_from_another_host(client_for, personas):
    html = client_for(personas.city_staff).get("/").content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert not EXTERNAL_ASSET.search(html)
    assert "http://" not in html and "https://" not in html


def test_login_page_loads_nothing_from_another_host(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert not EXTERNAL_ASSET.search(html)


def test_base_page_shows_user_unit_and_logout(client_for, personas):
    html = client_for(personas.staff_a).get("/").content.decode()
    assert "staff_a" in html
    assert "明湖区委统战部" in html
    assert 'action="/accounts/logout/"' in html


def test_healthz_answers_with_a_database_round_trip(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert any("SELECT 1" in q["sql"] for q in queries.captured_queries)


def test_pages_are_not_cached_and_carry_csp(client_for, personas):
    response = client_for(personas.city_staff).get("/units/")
    assert "no-store" in response["Cache-Control"]
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_templates_have_no_inline_script_or_style():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    for template in root.rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template
        assert "style=" not in text and "<style" not in text, template
        assert not re.search(r"\son[a-z]+\s*=", text), template
