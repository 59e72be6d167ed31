"""The benchmark harness keeps working: every figure measured on a tiny roster.

``make bench`` itself (a fresh PostgreSQL database, migrate, demo data, a large roster)
runs in CI with about 2,000 persons; this test runs every figure of the harness against
the test database with 200 persons, two requests each, in a few seconds.
"""

import json

import pytest
from django.core.management import call_command
from django.core.signals import request_finished

from bench import figures, run
from bench.database import BenchError, prepare_database

EXPECTED = [
    "list.page1",
    "list.deep",
    "list.filter",
    "list.sort",
    "search.name3",
    "search.name2",
    "search.pinyin",
    "search.initials",
    "search.id",
    "dashboard.city",
    "dashboard.district",
    "registration.one",
    "registration.batch",
    "export",
    "export.ie",
    "import",
]


@pytest.fixture
def tiny_bench(personas, monkeypatch, settings, tmp_path):
    call_command("generate_roster", persons=200, verbosity=0)
    for name, value in [
        ("RUNS", 1),
        ("WARMUP", 0),
        ("HEAVY_RUNS", 1),
        ("BASELINE_SECONDS", 1),
        ("EXPORT_ROWS", 100),
        ("IMPORT_ROWS", 20),
        ("BATCH_FORMS", 5),
        ("MEASURE_MEMORY", False),
    ]:
        monkeypatch.setattr(figures, name, value)
    monkeypatch.setattr(run, "OUTPUT_DIR", tmp_path / "bench")
    settings.DEBUG = False
    settings.ROOT_URLCONF = "bench.urls"
    return figures.build_world(city_staff=personas.city_staff, district_staff=personas.staff_a)


def test_harness_measures_every_figure_and_writes_the_table(tiny_bench, tmp_path):
    rows = run.measure_all(tiny_bench)
    assert [key for key, _label, _result in rows] == EXPECTED
    report = {
        "started": "now",
        "persons_wanted": 200,
        "machine": run.machine(),
        "database": {"server": "test", "settings": {}},
        "load_average_start": [],
        "load_average_end": [],
        "fill": {"persons": 200},
        "figures": [run._row_json(key, label, result) for key, label, result in rows],
    }
    for row in report["figures"]:
        assert "na" not in row, row
        assert 0 < row["ours"]["p50_ms"] <= row["ours"]["p95_ms"], row
    by_key = {row["key"]: row for row in report["figures"]}
    for key in EXPECTED[:9]:
        assert by_key[key]["ours"]["queries"] > 0
        assert by_key[key]["baseline"]["runs"] >= 1
        assert by_key[key]["budget_met"] in (True, False)
    assert by_key["import"]["ours"]["created"] == 20
    assert by_key["import"]["baseline"]["totals"]["new"] == 20
    assert by_key["export"]["rows"] == 100 or by_key["export"]["rows"] >= 100
    table = run.render_table(report)
    run.write_report(report, table)
    written = json.loads((tmp_path / "bench" / "latest.json").read_text(encoding="utf-8"))
    assert [row["key"] for row in written["figures"]] == EXPECTED
    for row in report["figures"]:
        assert row["label"] in table


def test_fetch_finishes_each_request_once(personas, settings):
    # A second request_finished would find close_old_connections connected again and drop
    # the connection (inside a test's transaction on PostgreSQL, at once).
    settings.ROOT_URLCONF = "bench.urls"
    senders = []

    def count(sender, **kwargs):
        senders.append(sender)

    request_finished.connect(count)
    try:
        client = figures.signed_in(personas.city_staff)
        figures.fetch(client, "/people/")
        figures.fetch(client, "/people/export.xlsx")
    finally:
        request_finished.disconnect(count)
    assert len(senders) == 2


def test_bench_refuses_sqlite_and_a_missing_database_url():
    with pytest.raises(BenchError, match="PostgreSQL"):
        prepare_database("sqlite:///var/bench.sqlite3", reset=False)
    with pytest.raises(BenchError, match="DATABASE_URL is not set"):
        prepare_database("", reset=False)


def test_bench_refuses_a_database_that_is_not_empty(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (runs in CI's PostgreSQL pass)")
    config = connection.settings_dict
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    url = (
        f"postgres://{config['USER']}{password}@{config['HOST'] or '127.0.0.1'}"
        f":{config['PORT'] or 5432}/{config['NAME']}"
    )
    with pytest.raises(BenchError, match="not empty"):
        prepare_database(url, reset=False)
