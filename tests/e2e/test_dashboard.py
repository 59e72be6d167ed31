"""The dashboard in Chromium: every chart is drawn, and a bar opens the filtered roster."""

import pytest
from django.core.cache import cache

from tests.e2e.conftest import screenshot
from tests.roster_site.dashboard_world import build_world

pytestmark = pytest.mark.e2e

# Count the canvas pixels that are not fully transparent (a blank canvas has none).
PAINTED_PIXELS = """
(canvas) => {
  const context = canvas.getContext("2d");
  const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i] !== 0) painted++;
  }
  return painted;
}
"""

# The centre of one bar of a chart, in page coordinates.
BAR_CENTRE = """
([key, index]) => {
  const canvas = document.querySelector(`canvas[data-chart="${key}"]`);
  const bar = Chart.getChart(canvas).getDatasetMeta(0).data[index];
  const box = canvas.getBoundingClientRect();
  const props = bar.getProps(["x", "y", "base"], true);
  return {x: box.left + props.x, y: box.top + (props.y + props.base) / 2};
}
"""


def wait_for_charts(page):
    page.wait_for_function(
        """() => [...document.querySelectorAll("canvas[data-chart]")].every(
             (c) => window.Chart && Chart.getChart(c) && !Chart.getChart(c).animating)"""
    )
    page.wait_for_timeout(700)  # let the entry animation finish


def test_dashboard_draws_every_chart_and_a_bar_opens_the_roster(
    page, live_server, e2e_personas, sign_in
):
    cache.clear()
    p = e2e_personas
    build_world(p)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(p.city_staff)
    page.goto(f"{live_server.url}/")
    wait_for_charts(page)
    screenshot(page, "dashboard-city")
    assert errors == []  # no script error, no CSP violation

    canvases = page.locator("canvas[data-chart]")
    keys = [canvases.nth(i).get_attribute("data-chart") for i in range(canvases.count())]
    assert keys == [
        "category",
        "region",
        "subtype",
        "affiliation",
        "education",
        "age",
        "sex",
        "pool",
    ]
    for i, key in enumerate(keys):
        canvas = canvases.nth(i)
        size = canvas.evaluate("(c) => c.width * c.height")
        painted = canvas.evaluate(PAINTED_PIXELS)
        assert size > 0, key
        assert painted > size * 0.01, f"chart {key} is blank ({painted} of {size} pixels)"

    # The second bar of the category chart is 中介和社会组织 (4 persons).
    canvases.first.scroll_into_view_if_needed()
    point = page.evaluate(BAR_CENTRE, ["category", 1])
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/people/?category=intermediary")
    page.wait_for_load_state("networkidle")
    assert page.get_by_label("类别").input_value() == "intermediary"
    names = set(page.locator("tbody tr td:first-child, tbody tr th:first-child").all_inner_texts())
    assert {"测试A1", "测试A2", "测试A3", "测试C1"} <= {n.strip() for n in names}
    screenshot(page, "dashboard-click-category")


def test_city_staff_switch_the_whole_dashboard_to_a_district(
    page, live_server, e2e_personas, sign_in
):
    cache.clear()
    p = e2e_personas
    build_world(p)
    sign_in(p.city_staff)
    page.goto(f"{live_server.url}/")
    wait_for_charts(page)
    assert not page.get_by_role("button", name="切换").is_visible()  # the select submits
    page.get_by_label("统计范围").select_option(label="明湖区")
    page.wait_for_url(f"**/?region={p.district_a.pk}")
    wait_for_charts(page)
    assert page.locator('[data-kpi="persons"] .kpi-value').inner_text() == "4"
    assert page.locator('[data-attention="minutes_overdue"] [data-count]').inner_text() == "1"
    screenshot(page, "dashboard-district")

    page.locator('canvas[data-chart="category"]').scroll_into_view_if_needed()
    point = page.evaluate(BAR_CENTRE, ["category", 2])  # 自由职业: S1 in the street
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(f"**/people/?region={p.district_a.pk}&category=freelance")
    page.wait_for_load_state("networkidle")
    assert page.locator("tbody tr").count() == 1
