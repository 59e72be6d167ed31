"""The security matrix of every meetings page: allowed, outsider 404, read-only 403, 405.

Outsiders are asked for objects that exist (the city's meetings, which unit Y was not
invited to and district B's staff cannot see), so a 404 proves the scope, not a typo.
"""

import pytest

from tests.meetings.builders import days

ROLES = ["city_staff", "leader", "liaison_x", "liaison_y", "staff_b", "auditor", "sysadmin"]


def _new(w):
    return "/meetings/new/"


def _detail(w):
    return f"/meetings/{w['held'].pk}/"


def _action(w):
    return f"/meetings/actions/{w['action'].pk}/"


# name: (method, path builder, POST data builder or None, expected status per role in ROLES)
# 302 = the write succeeded and redirected.
PAGES = {
    "list": ("get", lambda w: "/meetings/", None, [200, 200, 200, 200, 200, 403, 403]),
    "create-form": ("get", _new, None, [200, 403, 403, 403, 200, 403, 403]),
    "detail": ("get", _detail, None, [200, 200, 200, 404, 404, 403, 403]),
    "edit-form": (
        "get",
        lambda w: f"/meetings/{w['held'].pk}/edit/",
        None,
        [200, 403, 403, 403, 404, 403, 403],
    ),
    "minutes-print": (
        "get",
        lambda w: f"/meetings/{w['issued'].pk}/minutes/",
        None,
        [200, 200, 200, 404, 404, 403, 403],
    ),
    "minutes-docx": (
        "get",
        lambda w: f"/meetings/{w['issued'].pk}/minutes.docx",
        None,
        [200, 200, 200, 404, 404, 403, 403],
    ),
    "actions": ("get", lambda w: "/meetings/actions/", None, [200, 200, 200, 200, 200, 403, 403]),
    "action-detail": ("get", _action, None, [200, 200, 200, 404, 404, 403, 403]),
    "attachment": (
        "get",
        lambda w: f"/meetings/actions/{w['action'].pk}/updates/{w['update'].pk}/attachment/",
        None,
        [200, 200, 200, 404, 404, 403, 403],
    ),
    "set-status": (
        "post",
        lambda w: f"/meetings/{w['planned'].pk}/status/",
        lambda w, p: {"status": "held"},
        [302, 403, 403, 403, 404, 403, 403],
    ),
    "edit": (
        "post",
        lambda w: f"/meetings/{w['held'].pk}/edit/",
        lambda w, p: {
            "kind": "special",
            "title": "改名后的专题会议",
            "date": str(days(-3)),
            "start_time": "09:30",
            "place": "二楼小会议室",
            "convener": "陈思远",
            "invited_units": [p.city_lead.pk, p.unit_x.pk],
        },
        [302, 403, 403, 403, 404, 403, 403],
    ),
    "agenda-add": (
        "post",
        lambda w: f"/meetings/{w['held'].pk}/agenda/",
        lambda w, p: {"title": "新增议题"},
        [302, 403, 403, 403, 404, 403, 403],
    ),
    "agenda-move": (
        "post",
        lambda w: f"/meetings/{w['held'].pk}/agenda/{w['agenda_item'].pk}/move/",
        lambda w, p: {"direction": "up"},
        [302, 403, 403, 403, 404, 403, 403],
    ),
    "agenda-remove": (
        "post",
        lambda w: f"/meetings/{w['held'].pk}/agenda/{w['agenda_item'].pk}/delete/",
        lambda w, p: {},
        [302, 403, 403, 403, 404, 403, 403],
    ),
    "agenda-follow-up": (
        "post",
        lambda w: f"/meetings/{w['planned'].pk}/agenda/follow-up/",
        lambda w, p: {},
        [302, 403, 403, 403, 404, 403, 403],
    ),
    "attendance": (
        "post",
        lambda w: f"/meetings/{w['held'].pk}/attendance/",
        lambda w, p: {
            f"status_{p.city_lead.pk}": "attended",
            f"name_{p.city_lead.pk}": "陈思远",
            f"status_{p.unit_x.pk}": "excused",
        },
        [302, 403, 403, 403, 404, 403, 403],
    ),
    "action-add": (
        "post",
        lambda w: f"/meetings/{w['held'].pk}/actions/",
        lambda w, p: {"text": "新的议定事项", "lead_unit": p.unit_x.pk, "due_date": str(days(9))},
        [302, 403, 403, 403, 404, 403, 403],
    ),
    "minutes-issue": (
        "post",
        lambda w: f"/meetings/{w['held'].pk}/minutes/issue/",
        lambda w, p: {
            "number": f"〔{days(0).year}〕7号",
            "issued_on": str(days(0)),
            "text": "会议纪要正文。",
        },
        [302, 403, 403, 403, 404, 403, 403],
    ),
    "action-update": (
        "post",
        lambda w: f"/meetings/actions/{w['action'].pk}/updates/",
        lambda w, p: {"text": "进展情况。", "reported_on": str(days(0))},
        [302, 403, 302, 404, 404, 403, 403],
    ),
    "action-status": (
        "post",
        lambda w: f"/meetings/actions/{w['action'].pk}/status/",
        lambda w, p: {"status": "done"},
        [302, 403, 403, 403, 404, 403, 403],
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(PAGES))
def test_role_gets_expected_status(client, personas, world, page, role):
    method, build_path, build_data, statuses = PAGES[page]
    client.force_login(getattr(personas, role))
    path = build_path(world)
    if method == "get":
        response = client.get(path)
    else:
        response = client.post(path, build_data(world, personas))
    assert response.status_code == statuses[ROLES.index(role)], response.content[:300]


# Pages whose URL takes both GET (the form) and POST (the write).
FORM_PAGES = {"create-form", "edit-form", "edit"}


@pytest.mark.parametrize("page", list(PAGES))
def test_wrong_method_is_405(client, personas, world, page):
    method, build_path, _, _ = PAGES[page]
    client.force_login(personas.city_staff)
    path = build_path(world)
    if page in FORM_PAGES:
        response = client.put(path)
    elif method == "get":
        response = client.post(path)
    else:
        response = client.get(path)
    assert response.status_code == 405


def test_district_staff_see_their_own_conference(client, personas, world):
    from tests.meetings.builders import make_meeting

    district = make_meeting(personas, region=personas.district_b, units=[personas.lead_b])
    client.force_login(personas.staff_b)
    assert client.get(f"/meetings/{district.pk}/").status_code == 200
    html = client.get("/meetings/").content.decode()
    assert district.title in html
    assert world["held"].title not in html.replace(district.title, "")


def test_liaison_list_shows_only_meetings_their_unit_was_invited_to(client, personas, world):
    from tests.meetings.builders import make_meeting

    for_y = make_meeting(personas, units=[personas.city_lead, personas.unit_y], title="宣传专题会")
    client.force_login(personas.liaison_y)
    page = client.get("/meetings/").context["page"]
    assert set(page.object_list) == {for_y}
