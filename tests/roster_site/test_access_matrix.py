"""The access matrix: every URL pattern × every role × an in-scope and an out-of-scope object.

``TABLE`` holds, for every named URL of the project, the methods it answers, the kind of
object its path takes (see ``access_world``) and the status each role gets for the object
in staff_a's scope and the one outside it (and, for the kinds liaisons see, unit X's own).
A URL that is not in the table fails ``test_every_url_is_in_the_table``: a new view must be
added here, with the answer each role should get.

Statuses: 200 page, 302 redirect after the POST (the write is rolled back with the test),
400 a form sent back with its errors, 403 the role may not do this, 404 the object does not
exist for this user, 405 wrong method. POSTs carry an empty body: what is checked is who
gets past the capability and scope checks, never what a valid form would save.

The world is built once per module and every test runs inside a savepoint that is rolled
back, so each test sees the same world whatever the one before it wrote.
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from meetings.models import ActionItem
from talent_pool.models import (
    AnnualReview,
    Association,
    ContactAssignment,
    Membership,
    PoolEntry,
    TrainingCourse,
    TrainingParticipant,
)
from tests.roster_site.access_world import (
    FORBIDDEN,
    IN,
    MEETING_MARK,
    NONE,
    OUT,
    OUTSIDE,
    UNIT,
    build_world,
)

ROLES = ("city_staff", "staff_a", "leader", "liaison_x", "auditor", "sysadmin", "secadmin")

# Named URLs whose access is tested elsewhere (sign-in and sign-out, the password page,
# the health check); listed so that the check for unlisted URLs sees them.
COVERED_ELSEWHERE = {
    "login": "tests/accounts/test_login.py",
    "logout": "tests/accounts/test_login.py, tests/accounts/test_sessions.py",
    "password_change": "tests/accounts/test_password_policy.py",
    "healthz": "tests/roster_site/test_base_page.py",
}

# Kinds of object that a liaison may see: these get a third object, unit X's own.
THREE_SCOPES = (IN, OUT, UNIT)
KIND_SCOPES = {
    "unit": THREE_SCOPES,
    "meeting": THREE_SCOPES,
    "issued": THREE_SCOPES,
    "agenda_item": THREE_SCOPES,
    "action": THREE_SCOPES,
    "update": THREE_SCOPES,
}


@dataclass(frozen=True)
class Row:
    methods: tuple[str, ...]
    path: Callable[[Any], str] | str
    kind: str | None
    expect: dict[str, dict[str, int]]  # role → scope → status (for GET, or POST if POST-only)
    post_expect: dict[str, dict[str, int]] = field(default_factory=dict)
    paginated: bool = False
    download: bool = False

    @property
    def scopes(self) -> tuple[str, ...]:
        if self.kind is None:
            return (NONE,)
        return KIND_SCOPES.get(self.kind, (IN, OUT))

    def build(self, obj) -> str:
        return self.path if self.kind is None else self.path(obj)

    def expected(self, method: str, role: str, scope: str) -> int:
        if method == "POST" and self.post_expect:
            return self.post_expect[role][scope]
        return self.expect[role][scope]


def _statuses(scopes, default, roles) -> dict[str, dict[str, int]]:
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    table = {}
    for role in ROLES:
        value = roles.get(role, default)
        values = (value,) * len(scopes) if isinstance(value, int) else tuple(value)
        assert len(values) == len(scopes), f"{role}: {values} for scopes {scopes}"
        table[role] = dict(zip(scopes, values, strict=True))
    return table


def _row(methods, path, kind, *, post=None, default=403, paginated=False, download=False, **roles):
    scopes = (NONE,) if kind is None else KIND_SCOPES.get(kind, (IN, OUT))
    expect = _statuses(scopes, default, roles)
    post_expect = {}
    if post is not None:
        post_expect = _statuses(scopes, default, {**roles, **post})
    return Row(methods, path, kind, expect, post_expect, paginated, download)


def page(path, kind=None, **kwargs) -> Row:
    """A GET-only URL."""
    return _row(("GET",), path, kind, **kwargs)


def act(path, kind=None, **kwargs) -> Row:
    """A POST-only URL."""
    return _row(("POST",), path, kind, **kwargs)


def form(path, kind=None, **kwargs) -> Row:
    """A URL answering GET (the form) and POST (the write); post= overrides POST statuses."""
    return _row(("GET", "POST"), path, kind, **kwargs)


# Shorthands for the common (in, out) answers.
BOTH = 200
MINE = (200, 404)  # staff_a: own district's object, not district B's

TABLE: dict[str, Row] = {
    # --- dashboard and site ----------------------------------------------------------
    "home": page(
        lambda r: f"/?region={r.pk}",
        "region",
        # Only the dashboard roles read ?region=; the others' start pages ignore it.
        city_staff=BOTH,
        staff_a=MINE,
        leader=BOTH,
        liaison_x=BOTH,
        auditor=BOTH,
        sysadmin=BOTH,
        secadmin=BOTH,
    ),
    "statistics_export": page(
        lambda r: f"/statistics.xlsx?region={r.pk}",
        "region",
        download=True,
        city_staff=BOTH,
        staff_a=MINE,
        leader=BOTH,
    ),
    "admin:index": _row(
        ("ANY",),
        "/admin/",
        None,
        # Everyone else is sent to the admin's own sign-in page.
        default=302,
        sysadmin=200,
        secadmin=200,
    ),
    # --- audit log ---------------------------------------------------------------------
    "audit:list": page("/audit/", paginated=True, auditor=200),
    "audit:export": page("/audit/export.xlsx", download=True, auditor=200),
    # --- units -------------------------------------------------------------------------
    "units:list": page(
        "/units/", city_staff=200, staff_a=200, leader=200, liaison_x=200, sysadmin=200
    ),
    "units:detail": page(
        lambda u: f"/units/{u.pk}/",
        "unit",
        city_staff=200,
        staff_a=(200, 404, 404),
        leader=200,
        liaison_x=(404, 404, 200),
        sysadmin=200,
    ),
    "units:edit": form(
        lambda u: f"/units/{u.pk}/edit/",
        "unit",
        city_staff=200,
        staff_a=(200, 404, 404),
        # Leaders and liaisons see the unit but may not change it.
        leader=403,
        liaison_x=(404, 404, 403),
        sysadmin=200,
    ),
    # --- roster ------------------------------------------------------------------------
    "people:list": page("/people/", paginated=True, city_staff=200, staff_a=200, leader=200),
    "people:create": form("/people/new/", city_staff=200, staff_a=200),
    "people:registrations": page(
        "/people/registration.xlsx", download=True, city_staff=200, staff_a=200
    ),
    "people:export": page("/people/export.xlsx", download=True, city_staff=200, staff_a=200),
    "people:import": form("/people/import/", city_staff=200, staff_a=200),
    "people:import_template": page(
        "/people/import/template.xlsx", download=True, city_staff=200, staff_a=200
    ),
    "people:detail": page(
        lambda o: f"/people/{o.pk}/", "person", city_staff=BOTH, staff_a=MINE, leader=BOTH
    ),
    "people:registration": page(
        lambda o: f"/people/{o.pk}/registration.xlsx",
        "person",
        download=True,
        city_staff=BOTH,
        staff_a=MINE,
    ),
    "people:edit": form(lambda o: f"/people/{o.pk}/edit/", "person", city_staff=BOTH, staff_a=MINE),
    "people:archive": act(
        lambda o: f"/people/{o.pk}/archive/", "person", city_staff=302, staff_a=(302, 404)
    ),
    "people:restore": act(
        lambda o: f"/people/{o.pk}/restore/", "person", city_staff=302, staff_a=(302, 404)
    ),
    "people:reveal": act(
        lambda o: f"/people/{o.pk}/reveal/",
        "person",
        # Only city_staff holds the reveal grant; the scope is checked first.
        city_staff=BOTH,
        staff_a=(403, 404),
        leader=403,
    ),
    "people:photo": page(
        lambda o: f"/people/{o.pk}/photo/",
        "person",
        download=True,
        city_staff=BOTH,
        staff_a=MINE,
        leader=BOTH,
    ),
    # --- talent pool: the pool -------------------------------------------------------
    "talent_pool:list": page(
        "/talent-pool/", paginated=True, city_staff=200, staff_a=200, leader=200
    ),
    "talent_pool:export": page(
        "/talent-pool/export.xlsx", download=True, city_staff=200, staff_a=200
    ),
    "talent_pool:entry_create": form("/talent-pool/entries/new/", city_staff=200, staff_a=200),
    "talent_pool:entry_detail": page(
        lambda e: f"/talent-pool/entries/{e.pk}/",
        "entry",
        city_staff=BOTH,
        staff_a=MINE,
        leader=BOTH,
    ),
    "talent_pool:entry_remove": act(
        lambda e: f"/talent-pool/entries/{e.pk}/remove/",
        "entry",
        city_staff=302,
        staff_a=(302, 404),
    ),
    "talent_pool:entry_tier": act(
        lambda e: f"/talent-pool/entries/{e.pk}/tier/",
        "entry",
        city_staff=302,
        staff_a=(302, 404),
    ),
    "talent_pool:entry_evaluate": act(
        lambda e: f"/talent-pool/entries/{e.pk}/evaluate/",
        "entry",
        city_staff=400,
        staff_a=(400, 404),
    ),
    "talent_pool:quotas": page("/talent-pool/quotas/", city_staff=200, staff_a=200, leader=200),
    "talent_pool:quota_edit": form(
        lambda r: f"/talent-pool/quotas/{r.pk}/edit/", "region", city_staff=BOTH, staff_a=MINE
    ),
    "talent_pool:review": page(
        lambda r: f"/talent-pool/reviews/{r.year}/?region={r.region_id}",
        "review",
        city_staff=BOTH,
        staff_a=MINE,
        leader=BOTH,
    ),
    "talent_pool:review_open": act(
        lambda r: f"/talent-pool/reviews/{r.year}/open/?region={r.region_id}",
        "review",
        city_staff=302,
        staff_a=(302, 404),
    ),
    "talent_pool:review_decide": act(
        lambda r: f"/talent-pool/reviews/{r.year}/decide/?region={r.region_id}",
        "review",
        city_staff=302,
        staff_a=(302, 404),
    ),
    "talent_pool:review_close": act(
        lambda r: f"/talent-pool/reviews/{r.year}/close/?region={r.region_id}",
        "review",
        city_staff=302,
        staff_a=(302, 404),
    ),
    # --- talent pool: recommendations ------------------------------------------------
    "talent_pool:recommendations": page(
        "/talent-pool/recommendations/", paginated=True, city_staff=200, staff_a=200, liaison_x=200
    ),
    "talent_pool:recommendation_create": form("/talent-pool/recommendations/new/", liaison_x=200),
    "talent_pool:recommendation_detail": page(
        lambda r: f"/talent-pool/recommendations/{r.pk}/",
        "recommendation",
        city_staff=BOTH,
        staff_a=MINE,
        liaison_x=MINE,
    ),
    "talent_pool:recommendation_edit": form(
        lambda r: f"/talent-pool/recommendations/{r.pk}/edit/", "returned", liaison_x=MINE
    ),
    "talent_pool:recommendation_transition": act(
        lambda r: f"/talent-pool/recommendations/{r.pk}/transition/",
        "recommendation",
        city_staff=302,
        staff_a=(302, 404),
        liaison_x=(302, 404),
    ),
    "talent_pool:recommendation_evaluate": act(
        lambda r: f"/talent-pool/recommendations/{r.pk}/evaluate/",
        "recommendation",
        city_staff=400,
        staff_a=(400, 404),
    ),
    # --- talent pool: team records ---------------------------------------------------
    "talent_pool:arrangements": page(
        "/talent-pool/arrangements/", paginated=True, city_staff=200, staff_a=200, leader=200
    ),
    "talent_pool:arrangement_export": page(
        "/talent-pool/arrangements/export.xlsx", download=True, city_staff=200, staff_a=200
    ),
    "talent_pool:arrangement_create": form(
        lambda o: f"/talent-pool/arrangements/new/{o.pk}/",
        "person",
        city_staff=BOTH,
        staff_a=MINE,
    ),
    "talent_pool:arrangement_edit": form(
        lambda a: f"/talent-pool/arrangements/{a.pk}/edit/",
        "arrangement",
        city_staff=BOTH,
        staff_a=MINE,
    ),
    "talent_pool:courses": page(
        "/talent-pool/training/", paginated=True, city_staff=200, staff_a=200, leader=200
    ),
    "talent_pool:course_create": form("/talent-pool/training/new/", city_staff=200, staff_a=200),
    "talent_pool:course_detail": page(
        lambda c: f"/talent-pool/training/{c.pk}/",
        "course",
        city_staff=BOTH,
        staff_a=MINE,
        leader=BOTH,
    ),
    "talent_pool:course_participant_add": act(
        lambda c: f"/talent-pool/training/{c.pk}/participants/",
        "course",
        city_staff=302,
        staff_a=(302, 404),
    ),
    "talent_pool:course_participant_remove": act(
        lambda t: f"/talent-pool/training/{t.course_id}/participants/{t.pk}/remove/",
        "participant",
        city_staff=302,
        staff_a=(302, 404),
    ),
    "talent_pool:contacts": page(
        "/talent-pool/contacts/", paginated=True, city_staff=200, staff_a=200, leader=200
    ),
    "talent_pool:contact_create": form("/talent-pool/contacts/new/", city_staff=200, staff_a=200),
    "talent_pool:contact_detail": page(
        lambda c: f"/talent-pool/contacts/{c.pk}/",
        "contact",
        city_staff=BOTH,
        staff_a=MINE,
        # A leader sees the contacts they keep (甲), not staff_b's (乙).
        leader=MINE,
    ),
    "talent_pool:contact_log": act(
        lambda c: f"/talent-pool/contacts/{c.pk}/logs/",
        "contact",
        city_staff=400,
        staff_a=(400, 404),
        leader=(400, 404),
    ),
    "talent_pool:contact_end": act(
        lambda c: f"/talent-pool/contacts/{c.pk}/end/",
        "contact",
        city_staff=302,
        staff_a=(302, 404),
    ),
    "talent_pool:associations": page(
        "/talent-pool/associations/", city_staff=200, staff_a=200, leader=200
    ),
    "talent_pool:association_create": form(
        "/talent-pool/associations/new/", city_staff=200, staff_a=200
    ),
    "talent_pool:association_detail": page(
        lambda a: f"/talent-pool/associations/{a.pk}/",
        "association",
        city_staff=BOTH,
        staff_a=MINE,
        leader=BOTH,
    ),
    "talent_pool:association_member_add": act(
        lambda a: f"/talent-pool/associations/{a.pk}/members/",
        "association",
        city_staff=302,
        staff_a=(302, 404),
    ),
    "talent_pool:association_post_add": act(
        lambda a: f"/talent-pool/associations/{a.pk}/council/",
        "association",
        city_staff=400,
        staff_a=(400, 404),
    ),
    "talent_pool:association_charter": page(
        lambda a: f"/talent-pool/associations/{a.pk}/charter/",
        "association",
        download=True,
        city_staff=BOTH,
        staff_a=MINE,
        leader=BOTH,
    ),
    # --- meetings (scopes: 明湖区's, a city meeting of unit Y's, one of unit X's) -------
    "meetings:list": page(
        "/meetings/", paginated=True, city_staff=200, staff_a=200, leader=200, liaison_x=200
    ),
    "meetings:create": form("/meetings/new/", city_staff=200, staff_a=200),
    "meetings:detail": page(
        lambda m: f"/meetings/{m.pk}/",
        "meeting",
        city_staff=200,
        staff_a=(200, 404, 404),
        leader=200,
        liaison_x=(404, 404, 200),
    ),
    "meetings:edit": form(
        lambda m: f"/meetings/{m.pk}/edit/", "meeting", city_staff=200, staff_a=(200, 404, 404)
    ),
    "meetings:set_status": act(
        lambda m: f"/meetings/{m.pk}/status/", "meeting", city_staff=302, staff_a=(302, 404, 404)
    ),
    "meetings:agenda_add": act(
        lambda m: f"/meetings/{m.pk}/agenda/", "meeting", city_staff=200, staff_a=(200, 404, 404)
    ),
    "meetings:agenda_follow_up": act(
        lambda m: f"/meetings/{m.pk}/agenda/follow-up/",
        "meeting",
        city_staff=302,
        staff_a=(302, 404, 404),
    ),
    "meetings:agenda_remove": act(
        lambda i: f"/meetings/{i.meeting_id}/agenda/{i.pk}/delete/",
        "agenda_item",
        city_staff=302,
        staff_a=(302, 404, 404),
    ),
    "meetings:agenda_move": act(
        lambda i: f"/meetings/{i.meeting_id}/agenda/{i.pk}/move/",
        "agenda_item",
        city_staff=302,
        staff_a=(302, 404, 404),
    ),
    "meetings:attendance": act(
        lambda m: f"/meetings/{m.pk}/attendance/",
        "meeting",
        city_staff=302,
        staff_a=(302, 404, 404),
    ),
    "meetings:action_add": act(
        lambda m: f"/meetings/{m.pk}/actions/", "meeting", city_staff=200, staff_a=(200, 404, 404)
    ),
    "meetings:minutes": page(
        lambda m: f"/meetings/{m.pk}/minutes/",
        "issued",
        city_staff=200,
        staff_a=(200, 404, 404),
        leader=200,
        liaison_x=(404, 404, 200),
    ),
    "meetings:minutes_issue": act(
        lambda m: f"/meetings/{m.pk}/minutes/issue/",
        "meeting",
        city_staff=200,
        staff_a=(200, 404, 404),
    ),
    "meetings:minutes_docx": page(
        lambda m: f"/meetings/{m.pk}/minutes.docx",
        "issued",
        download=True,
        city_staff=200,
        staff_a=(200, 404, 404),
        leader=200,
        liaison_x=(404, 404, 200),
    ),
    "meetings:actions": page(
        "/meetings/actions/",
        paginated=True,
        city_staff=200,
        staff_a=200,
        leader=200,
        liaison_x=200,
    ),
    "meetings:action_detail": page(
        lambda a: f"/meetings/actions/{a.pk}/",
        "action",
        city_staff=200,
        staff_a=(200, 404, 404),
        leader=200,
        liaison_x=(404, 404, 200),
    ),
    "meetings:action_update": act(
        lambda a: f"/meetings/actions/{a.pk}/updates/",
        "action",
        city_staff=200,
        staff_a=(200, 404, 404),
        liaison_x=(404, 404, 200),
    ),
    "meetings:action_status": act(
        lambda a: f"/meetings/actions/{a.pk}/status/",
        "action",
        city_staff=200,
        staff_a=(200, 404, 404),
    ),
    "meetings:attachment": page(
        lambda u: f"/meetings/actions/{u.action_id}/updates/{u.pk}/attachment/",
        "update",
        download=True,
        city_staff=200,
        staff_a=(200, 404, 404),
        leader=200,
        liaison_x=(404, 404, 200),
    ),
}


# --------------------------------------------------------------------------------------
# The URLs of the project, from Django's resolver.


def project_url_names() -> tuple[set[str], list[str]]:
    """Return the named URLs to cover, and the routes of unnamed patterns outside admin.

    The Django admin's own pages are left out except its index (they are the admin's,
    checked by Django; the admin's model pages are tested with their ModelAdmins).
    """
    names, unnamed = set(), []

    def walk(patterns, namespace, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace or namespace
                if namespace and entry.namespace:
                    inner = f"{namespace}:{entry.namespace}"
                walk(entry.url_patterns, inner, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                if namespace == "admin" or (namespace or "").startswith("admin:"):
                    continue
                if not entry.name:
                    unnamed.append(prefix + str(entry.pattern))
                    continue
                names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver().url_patterns, None, "")
    return names | {"admin:index"}, unnamed


def test_every_url_is_in_the_table():
    names, unnamed = project_url_names()
    unlisted = sorted(names - set(TABLE) - set(COVERED_ELSEWHERE))
    gone = sorted((set(TABLE) | set(COVERED_ELSEWHERE)) - names)
    assert not unnamed, f"URL patterns without a name cannot be listed: {unnamed}"
    assert not unlisted, f"add these URLs to the access matrix (TABLE): {unlisted}"
    assert not gone, f"these rows name URLs that no longer exist: {gone}"
    assert not set(TABLE) & set(COVERED_ELSEWHERE)


# --------------------------------------------------------------------------------------
# The world: built once for the module, each test in a savepoint rolled back after it.


@pytest.fixture(scope="module")
def world_db(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("access_media")
    fast = override_settings(
        MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with fast:
                make_password(None)  # the hasher, loaded under the fast setting
                world = build_world()
                # One session per role, kept in the world: signing in per test costs more.
                world.sessions = {}
                for role in ROLES:
                    signed_in = Client()
                    signed_in.force_login(getattr(world.p, role))
                    world.sessions[role] = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
            world.media_root = media
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(world_db, db, settings):
    settings.MEDIA_ROOT = world_db.media_root
    cache.clear()
    yield world_db
    cache.clear()


def sign_in(client, world, role: str) -> None:
    """Use the role's session made with the world (it lives in the world's transaction)."""
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]


def _request(client, method: str, path: str):
    return getattr(client, method.lower())(path)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def shown_text(response) -> str:
    """Return the text a page or an .xlsx file shows ('' for other files)."""
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html"):
        return response.content.decode()
    if content_type == XLSX:
        content = b"".join(response.streaming_content)
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return ""


# --------------------------------------------------------------------------------------
# The matrix.


def _matrix_cases():
    for name, row in TABLE.items():
        methods = ("GET",) if row.methods == ("ANY",) else row.methods
        for method in methods:
            for role in ROLES:
                for scope in row.scopes:
                    expected = row.expected(method, role, scope)
                    yield pytest.param(
                        name, method, role, scope, expected, id=f"{name}-{method}-{role}-{scope}"
                    )


MATRIX = list(_matrix_cases())


@pytest.mark.parametrize(("name", "method", "role", "scope", "expected"), MATRIX)
def test_role_gets_expected_status(client, world, name, method, role, scope, expected):
    row = TABLE[name]
    obj = None if row.kind is None else world.get(row.kind, scope)
    path = row.build(obj)
    sign_in(client, world, role)
    response = _request(client, method, path)
    assert response.status_code == expected, f"{method} {path} as {role}"
    if expected == 200 and role in FORBIDDEN:
        text = shown_text(response)
        leaked = [mark for mark in FORBIDDEN[role] if mark in text]
        assert not leaked, f"{method} {path} shows {role} objects outside their scope: {leaked}"
    if expected == 302 and name != "admin:index":
        # A redirect after the action, not to a sign-in or password page.
        assert not response["Location"].startswith(("/accounts/", "/admin/")), response["Location"]


@pytest.mark.parametrize(
    ("path", "marks"),
    [
        ("/people/", [OUTSIDE]),
        ("/people/export.xlsx", [OUTSIDE]),
        ("/talent-pool/", [OUTSIDE]),
        ("/talent-pool/recommendations/?state=", [OUTSIDE]),
        ("/meetings/", list(MEETING_MARK.values())),
        ("/meetings/actions/", list(MEETING_MARK.values())),
    ],
)
def test_the_leak_marks_are_shown_to_whom_they_belong(client, world, path, marks):
    """city_staff sees every object, marks included: a page without them proves nothing."""
    sign_in(client, world, "city_staff")
    text = shown_text(client.get(path))
    assert all(mark in text for mark in marks)


def test_every_row_builds_a_path_of_its_own_url(world):
    for name, row in TABLE.items():
        for scope in row.scopes:
            obj = None if row.kind is None else world.get(row.kind, scope)
            path = row.build(obj).split("?", 1)[0]
            assert resolve(path).view_name == name, f"{name} built {path}"


# --------------------------------------------------------------------------------------
# Wrong methods, bad page numbers, forged keys and path traversal: never a 500.


def _allowed(row: Row, method: str | None = None) -> tuple[str, str]:
    """Return a (role, scope) that gets past the checks of the row (2xx, 3xx or 400)."""
    method = method or ("GET" if "GET" in row.methods else "POST")
    for role in ROLES:
        for scope in row.scopes:
            if row.expected(method, role, scope) in (200, 302, 400):
                return role, scope
    raise AssertionError("no role may use this URL")


WRONG_METHODS = [
    (name, wrong)
    for name, row in TABLE.items()
    if row.methods != ("ANY",)
    for wrong in (
        ["POST"]
        if row.methods == ("GET",)
        else ["GET"]
        if row.methods == ("POST",)
        else ["PUT", "DELETE"]
    )
]


@pytest.mark.parametrize(
    ("name", "method"), WRONG_METHODS, ids=[f"{n}-{m}" for n, m in WRONG_METHODS]
)
def test_wrong_method_is_refused_with_405(client, world, name, method):
    row = TABLE[name]
    role, scope = _allowed(row)
    obj = None if row.kind is None else world.get(row.kind, scope)
    sign_in(client, world, role)
    response = _request(client, method, row.build(obj))
    assert response.status_code == 405


BAD_PAGES = ["-1", "0", "abc", "1.5", "99999999999999999999", ""]
PAGINATED = [name for name, row in TABLE.items() if row.paginated]


@pytest.mark.parametrize("name", PAGINATED)
def test_bad_page_numbers_show_a_page(client, world, name):
    row = TABLE[name]
    role, _ = _allowed(row)
    sign_in(client, world, role)
    for bad in BAD_PAGES:
        response = client.get(row.build(None), {"page": bad})
        assert response.status_code == 200, f"page={bad!r}"


class Forged:
    """An object whose every key is the same forged text, to put into a row's path."""

    def __init__(self, text: str):
        self.text = text

    def __getattr__(self, name):
        return self.text


FORGED_KEYS = ["99999999999999999999", "0", "-1", "abc"]
TRAVERSALS = ["../../etc/passwd", "..%2F..%2Fsettings.py", "..%2f..%2f..%2fetc%2fpasswd", "%00"]
WITH_OBJECT = [name for name, row in TABLE.items() if row.kind is not None]
DOWNLOADS = [name for name, row in TABLE.items() if row.download and row.kind is not None]


@pytest.mark.parametrize("name", WITH_OBJECT)
def test_forged_keys_are_not_found(client, world, name):
    row = TABLE[name]
    method = "GET" if "GET" in row.methods else "POST"
    role, _ = _allowed(row, method)
    sign_in(client, world, role)
    for key in FORGED_KEYS:
        path = row.build(Forged(key))
        response = _request(client, method, path)
        assert response.status_code == 404, f"{method} {path}"


@pytest.mark.parametrize("name", DOWNLOADS)
def test_path_traversal_in_a_download_name_is_not_found(client, world, name):
    row = TABLE[name]
    role, _ = _allowed(row)
    sign_in(client, world, role)
    for text in TRAVERSALS:
        path = row.build(Forged(text))
        response = client.get(path)
        assert response.status_code == 404, path
        assert not getattr(response, "streaming", False), path


@pytest.mark.parametrize("token", TRAVERSALS + ["", "x" * 300, "0" * 32])
def test_import_preview_token_cannot_name_a_file(client, world, token):
    """The import's preview token becomes a file name; a forged one must reach no file."""
    sign_in(client, world, "staff_a")
    response = client.get("/people/import/", {"token": token})
    if token == "":
        assert response.status_code == 200  # no token: the upload page
    else:
        assert response.status_code == 404
    for action in ("confirm", "cancel"):
        response = client.post("/people/import/", {"action": action, "token": token})
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("year", "status"),
    [("0", 404), ("1", 200), ("10000", 404), ("99999999999999999999", 404)],
)
def test_review_year_that_is_no_calendar_year_is_not_found(client, world, year, status):
    """Year 0 once crashed the page (its "previous year" link); the writes saved it."""
    sign_in(client, world, "staff_a")
    region = world.get("region", IN).pk
    before = list(AnnualReview.objects.order_by("pk").values_list("pk", "year", "status"))
    assert client.get(f"/talent-pool/reviews/{year}/", {"region": region}).status_code == status
    for action in ("open", "decide", "close"):
        response = client.post(f"/talent-pool/reviews/{year}/{action}/", {"region": region})
        assert response.status_code == (404 if status == 404 else 302 if action == "open" else 404)
    after = list(AnnualReview.objects.order_by("pk").values_list("pk", "year", "status"))
    assert after == before


# --------------------------------------------------------------------------------------
# Writes that name a second object in their body: the body's object is scoped too.


def _today() -> str:
    return str(timezone.localdate())


# case: (path builder, body builder for a scope, model whose rows are counted)
# With the body's object in staff_a's scope the write adds one row (so the body is valid);
# with the object outside it, nothing changes.
CROSS_SCOPE_WRITES = {
    "entry-person": (
        lambda w: "/talent-pool/entries/new/",
        lambda w, s: {
            "person": w.get("spare", s).pk,
            "region": w.get("region", IN).pk,
            "tier": "reserve",
        },
        PoolEntry,
    ),
    "entry-region": (
        lambda w: "/talent-pool/entries/new/",
        lambda w, s: {
            "person": w.get("spare", IN).pk,
            "region": w.get("region", s).pk,
            "tier": "reserve",
        },
        PoolEntry,
    ),
    "course-participant": (
        lambda w: f"/talent-pool/training/{w.get('course', IN).pk}/participants/",
        lambda w, s: {"person": w.get("spare", s).pk},
        TrainingParticipant,
    ),
    "association-member": (
        lambda w: f"/talent-pool/associations/{w.get('association', IN).pk}/members/",
        lambda w, s: {"person": w.get("spare", s).pk, "joined_on": _today()},
        Membership,
    ),
    "contact-person": (
        lambda w: "/talent-pool/contacts/new/",
        lambda w, s: {"leader": w.p.leader.pk, "person": w.get("spare", s).pk},
        ContactAssignment,
    ),
    "contact-leader": (
        lambda w: "/talent-pool/contacts/new/",
        lambda w, s: {
            "leader": (w.p.staff_a if s == IN else w.p.staff_b).pk,
            "person": w.get("spare", IN).pk,
        },
        ContactAssignment,
    ),
    "course-region": (
        lambda w: "/talent-pool/training/new/",
        lambda w, s: {
            "title": "新的研修班",
            "organiser": "统战部",
            "start_date": _today(),
            "end_date": _today(),
            "level": "county",
            "region": w.get("region", s).pk,
        },
        TrainingCourse,
    ),
    "association-region": (
        lambda w: "/talent-pool/associations/new/",
        lambda w, s: {
            "name": "新成立的联谊会",
            "region": w.get("region", s).pk,
            "founded_on": "2021-06-01",
        },
        Association,
    ),
    "action-lead-unit": (
        lambda w: f"/meetings/{w.get('meeting', IN).pk}/actions/",
        lambda w, s: {
            "text": "新的议定事项",
            "lead_unit": w.get("unit", s).pk,
            "due_date": str(timezone.localdate() + datetime.timedelta(days=9)),
        },
        ActionItem,
    ),
}


@pytest.mark.parametrize("scope", [IN, OUT])
@pytest.mark.parametrize("case", list(CROSS_SCOPE_WRITES))
def test_a_write_naming_an_object_outside_the_scope_changes_nothing(client, world, case, scope):
    path, body, model = CROSS_SCOPE_WRITES[case]
    sign_in(client, world, "staff_a")
    before = model.objects.count()
    response = client.post(path(world), body(world, scope))
    assert response.status_code in (200, 302, 400)
    assert model.objects.count() == before + (1 if scope == IN else 0)
