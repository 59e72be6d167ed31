"""The performance benchmark: ``make bench`` (``python -m bench.run``).

Starts from an empty PostgreSQL database named by DATABASE_URL (created when missing;
see bench/database.py), migrates, loads the demo world, fills the roster with
``generate_roster`` up to BENCH_PERSONS persons (default 1,000,000), measures every figure
beside its baseline in the same run, prints one table and writes it as JSON to
var/bench/. Environment: BENCH_PERSONS, BENCH_RUNS (requests per page figure, default
20), BENCH_HEAVY_RUNS (exports and imports, default 5), BENCH_BASELINE_SECONDS (a slow
baseline stops after this long, with at least 3 runs, 1 for exports and imports; default
60), BENCH_EXPORT_ROWS (default 100,000), BENCH_IMPORT_ROWS (default 10,000),
BENCH_RESET=1 (drop and re-create a non-empty database). For re-measuring only:
BENCH_REUSE=1 (measure a database an earlier run filled, as it is) and BENCH_STEPS (a
comma-separated subset of the STEPS below).
"""

import datetime
import json
import os
import platform
import sys
import time
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
OUTPUT_DIR = BASE_DIR / "var" / "bench"

# (kind, budget text, check(result) -> bool | None)
BUDGETS = {
    "list": ("p95 ≤ 100 ms", lambda r: r["ours"].p95 <= 100),
    "search": ("p95 ≤ 150 ms", lambda r: r["ours"].p95 <= 150),
    "dashboard": ("p95 ≤ 300 ms", lambda r: r["ours"].p95 <= 300),
    "export": ("≤ 1.3 × floor, ≤ 150 MB", lambda r: _export_ok(r)),
    "import": ("≥ 5 × faster", lambda r: r["baseline"].p50 >= 5 * r["ours"].p50),
}


def _export_ok(result) -> bool:
    peak = result["ours"].extra.get("export_peak_mb")
    return result["ours"].p50 <= 1.3 * result["baseline"].p50 and peak is not None and peak <= 150


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def reuse_requested() -> bool:
    """BENCH_REUSE=1: measure a database an earlier run filled (for re-measuring only)."""
    return os.environ.get("BENCH_REUSE", "").strip().lower() in {"1", "true", "yes"}


def machine() -> dict:
    info = {
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
    }
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as meminfo:
            total = int(meminfo.readline().split()[1])
            info["memory_gib"] = round(total / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def main() -> int:
    from bench.database import BenchError, prepare_database, reset_requested

    persons = int(os.environ.get("BENCH_PERSONS", "1000000"))
    try:
        database = prepare_database(
            os.environ.get("DATABASE_URL", ""), reset=reset_requested(), reuse=reuse_requested()
        )
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    log(f"database {database['name']} ({database['server']}, ctype {database['ctype']})")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roster_site.settings")
    # whitenoise warns that collectstatic has not run; static files are not measured.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    from bench import figures

    started = time.monotonic()
    report = {
        "started": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "persons_wanted": persons,
        "machine": machine(),
        "database": database,
        "load_average_start": load_average(),
        "method": (
            "server time in-process: django.test.Client through the whole middleware stack, "
            "DEBUG off, clock stopped when the body is read; p50/p95 nearest-rank; queries "
            "counted on one more untimed request (including session and user queries)"
        ),
    }
    if reuse_requested():
        report["fill"] = {"reused": True, "persons": figures.Person.objects.count()}
        log(f"reusing the filled database: {report['fill']['persons']:,} persons")
    else:
        log(f"filling the roster with {persons:,} persons")
        report["fill"] = figures.fill(persons, log)
        log(f"filled: {report['fill']}")

    with override_settings(
        DEBUG=False,
        ROOT_URLCONF="bench.urls",
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
    ):
        rows = measure_all(
            figures.build_world(), report=report, steps=os.environ.get("BENCH_STEPS", "")
        )
    report["measure_seconds"] = round(time.monotonic() - started, 1)
    report["load_average_end"] = load_average()
    report["figures"] = [_row_json(key, label, result) for key, label, result in rows]
    table = render_table(report)
    print(table)
    write_report(report, table)
    return 0


# The figures, in order. A figure whose page does not exist yet reports "n/a (not built)";
# a new group of figures is one line here.
STEPS = [
    ("list and search", "list_figures"),
    ("dashboard", "dashboard_figures"),
    ("registration forms", "registration_figures"),
    ("export", "export_figures"),
    ("import", "import_figures"),
]


def measure_all(world, *, report=None, steps="") -> list:
    """Measure the figures (run with DEBUG off and ROOT_URLCONF = bench.urls).

    steps: a comma-separated subset of STEPS' functions (e.g. "list_figures"); all when
    empty. With a report, the figures so far are written after each step.
    """
    from bench import figures

    wanted = {step.strip() for step in steps.split(",") if step.strip()}
    rows = []
    for name, function in STEPS:
        if wanted and function not in wanted:
            continue
        log(f"measuring {name}")
        began = time.monotonic()
        rows.extend(getattr(figures, function)(world))
        log(f"{name}: {time.monotonic() - began:.0f} s")
        if report is not None:
            partial = [_row_json(key, label, result) for key, label, result in rows]
            write_report({**report, "figures": partial, "partial": True}, "", latest=False)
    return rows


def _ratio(result) -> float | None:
    if "baseline" not in result or result.get("baseline") is None:
        return None
    return result["ours"].p50 / result["baseline"].p50 if result["baseline"].p50 else None


def _row_json(key, label, result) -> dict:
    row = {"key": key, "label": label, "kind": result.get("kind")}
    if "na" in result:
        row["na"] = result["na"]
        return row
    row["url"] = result.get("url")
    row["ours"] = result["ours"].as_dict()
    if result.get("baseline") is not None:
        row["baseline"] = result["baseline"].as_dict()
        row["baseline_label"] = result.get("baseline_label", "Django admin changelist (defaults)")
        row["baseline_url"] = result.get("baseline_url")
        row["ratio_ours_to_baseline_p50"] = round(_ratio(result), 4)
    for extra in ("rows", "note"):
        if extra in result:
            row[extra] = result[extra]
    budget = BUDGETS.get(result.get("kind"))
    if budget:
        row["budget"] = budget[0]
        row["budget_met"] = bool(budget[1](result))
    return row


def _ms(value) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def render_table(report: dict) -> str:
    """Return the figures as one Markdown table (pasted as is into the README)."""
    lines = [
        "| Figure | p50 ms | p95 ms | queries | baseline | baseline p50 ms | baseline p95 ms "
        "| baseline queries | ratio | budget | met |",
        "|---|--:|--:|--:|---|--:|--:|--:|--:|---|---|",
    ]
    for row in report["figures"]:
        if "na" in row:
            lines.append(f"| {row['label']} | {row['na']} | | | | | | | | | |")
            continue
        ours, base = row["ours"], row.get("baseline")
        memory = ""
        if ours.get("export_peak_mb") is not None:
            memory = f" (peak +{ours['export_peak_mb']:.0f} MB)"
        cells = [
            row["label"],
            _ms(ours["p50_ms"]) + memory,
            _ms(ours["p95_ms"]),
            "—" if ours["queries"] is None else str(ours["queries"]),
        ]
        if base:
            base_memory = ""
            if base.get("export_peak_mb") is not None:
                base_memory = f" (peak +{base['export_peak_mb']:.0f} MB)"
            runs = f", {base['runs']} runs" if base["runs"] != ours["runs"] else ""
            cells += [
                row["baseline_label"] + runs,
                _ms(base["p50_ms"]) + base_memory,
                _ms(base["p95_ms"]),
                "—" if base["queries"] is None else str(base["queries"]),
                f"{row['ratio_ours_to_baseline_p50']:.3g}",
            ]
        else:
            cells += ["—", "—", "—", "—", "—"]
        met = row.get("budget_met")
        cells += [row.get("budget", "—"), "—" if met is None else ("yes" if met else "**NO**")]
        lines.append("| " + " | ".join(cells) + " |")
    info = report["machine"]
    database = report["database"]
    lines += [
        "",
        f"{report['fill']['persons']:,} persons; {info['cpu']}, {info['cores']} cores, "
        f"{info.get('memory_gib', '?')} GiB; {database['server']}, "
        f"shared_buffers {database['settings'].get('shared_buffers')}; "
        f"load average {report['load_average_start']} → {report['load_average_end']}; "
        f"{report['started']}.",
        "ratio = our p50 ÷ baseline p50 (below 1: faster than the baseline). Page figures: "
        "server time in-process through the whole middleware stack.",
    ]
    return "\n".join(lines)


def write_report(report: dict, table: str, *, latest: bool = True) -> None:
    """Write the report as JSON: var/bench/bench-<start>.json and var/bench/latest.json
    (figures so far, marked partial, while the run goes on)."""
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    stamp = report["started"][:19].replace(":", "").replace("T", "-").replace("-", "")
    data = json.dumps({**report, "table": table}, ensure_ascii=False, indent=2, default=str)
    path = OUTPUT_DIR / f"bench-{stamp}.json"
    path.write_text(data, encoding="utf-8")
    if latest:
        (OUTPUT_DIR / "latest.json").write_text(data, encoding="utf-8")
        log(f"written to {path}")


if __name__ == "__main__":
    sys.exit(main())
