"""Every URL pattern of the project must send an anonymous visitor to a login page.

The patterns come from Django's resolver, so a view added later without protection makes
this test fail.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

PUBLIC = {"login", "healthz", "admin:login"}
LOGIN_PAGES = ("/accounts/login/", "/admin/login/")
SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x/y", "uuid": "0" * 32}
REGEX_CANDIDATES = ["1", "x", "accounts", "units", "people"]


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if namespace and entry.namespace:
                ns = f"{namespace}:{entry.namespace}"
            yield from walk(entry.url_patterns, prefix + sample(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + sample(entry.pattern)


def sample(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)
    if isinstance(pattern, RegexPattern):
        text = pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")

        def group(match):
            inner = re.compile(f"^(?:{match.group(2)})$")
            for candidate in REGEX_CANDIDATES:
                if inner.match(candidate):
                    return candidate
            raise AssertionError(f"no sample value for {match.group(0)}")

        text = re.sub(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)", group, text)
        return text.replace("\\", "")
    raise AssertionError(f"unknown pattern type {pattern!r}")


ALL_URLS = sorted(set(walk(get_resolver().url_patterns)), key=lambda item: item[1])


def test_the_walk_finds_the_project_pages():
    names = {name for name, _ in ALL_URLS}
    assert {"home", "units:list", "units:detail", "units:edit", "logout", "admin:index"} <= names


@pytest.mark.parametrize(("name", "path"), ALL_URLS, ids=[p for _, p in ALL_URLS])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_request_is_sent_to_login(client, db, name, path, method):
    url = "/" + path.lstrip("/")
    response = getattr(client, method)(url)
    if name in PUBLIC:
        assert response.status_code in (200, 302, 405)
        return
    assert response.status_code == 302, f"{url} answered {response.status_code}"
    assert response["Location"].startswith(LOGIN_PAGES), response["Location"]
