"""Role × page table: what each role gets on each page (in-scope objects)."""

import pytest

ROLES = ["city_staff", "staff_a", "liaison_x", "leader", "auditor", "sysadmin"]

# page: (path builder, expected status per role, in ROLES order)
PAGES = {
    "home": (lambda p: "/", [200, 200, 200, 200, 200, 200]),
    "units:list": (lambda p: "/units/", [200, 200, 200, 200, 403, 200]),
    "units:detail": (lambda p: f"/units/{p.unit_x.pk}/", [200, 404, 200, 200, 403, 200]),
    "units:detail-own-district": (
        lambda p: f"/units/{p.lead_a.pk}/",
        [200, 200, 404, 200, 403, 200],
    ),
    "units:edit": (lambda p: f"/units/{p.unit_x.pk}/edit/", [200, 404, 403, 403, 403, 200]),
    "admin:index": (lambda p: "/admin/", [302, 302, 302, 302, 302, 200]),
    "healthz": (lambda p: "/healthz", [200, 200, 200, 200, 200, 200]),
}


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_role_gets_expected_status(client, personas, page, role):
    build_path, statuses = PAGES[page]
    client.force_login(getattr(personas, role))
    response = client.get(build_path(personas))
    assert response.status_code == statuses[ROLES.index(role)]


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("city_staff", {"人员名册", "成员单位"}, {"审计日志", "管理后台"}),
        ("liaison_x", {"成员单位"}, {"人员名册", "审计日志", "管理后台"}),
        ("auditor", set(), {"人员名册", "成员单位", "管理后台"}),
        ("sysadmin", {"成员单位", "管理后台"}, {"人员名册", "审计日志"}),
    ],
)
def test_navigation_shows_only_what_the_role_may_use(client, personas, role, visible, hidden):
    client.force_login(getattr(personas, role))
    labels = {item["label"] for item in client.get("/").context["nav_items"]}
    assert visible <= labels
    assert not (hidden & labels)


def test_navigation_highlights_only_the_closest_entry(client, personas):
    client.force_login(personas.city_staff)
    items = client.get("/talent-pool/recommendations/").context["nav_items"]
    assert [item["label"] for item in items if item["active"]] == ["推荐审核"]
    items = client.get("/talent-pool/").context["nav_items"]
    assert [item["label"] for item in items if item["active"]] == ["代表人士人才库"]
