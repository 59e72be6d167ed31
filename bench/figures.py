"""The data the benchmark fills in and the figures it measures.

Server time is measured in-process: django.test.Client sends each request through the
whole middleware stack, view and template (DEBUG off, sessions in the database), and the
clock stops when the response body has been read. There is no network or WSGI server in
the figure. Queries are counted on one more, untimed, request.
"""

import datetime
import io
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models.functions import Length
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from accounts.enums import Role
from accounts.models import User
from people.demo import BIRTH_DAYS, PersonFactory
from people.models import EducationRecord, FamilyMember, Person, SubType, WorkHistory
from people.selectors import COUNT_CAP
from people.views import PER_PAGE
from units.enums import RegionLevel
from units.models import Region

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
# Untimed requests before each figure's timed ones (fewer for the heavy figures).
WARMUP = 2
HEAVY_RUNS = int(os.environ.get("BENCH_HEAVY_RUNS", "5"))
# A slow baseline stops after this many seconds (with at least 3 runs).
BASELINE_SECONDS = float(os.environ.get("BENCH_BASELINE_SECONDS", "60"))
EXPORT_ROWS = int(os.environ.get("BENCH_EXPORT_ROWS", "100000"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
BATCH_FORMS = 50
# Peak memory of the exports is measured in a fresh process against DATABASE_URL.
MEASURE_MEMORY = True
BATCH_MARK = "基准测试登记表批量单位"  # not-ui: benchmark data, searched for
ADMIN_URL = "/bench-admin/people/person/"


class NotBuilt(Exception):
    """The page a figure measures does not exist (yet)."""


def built(path: str) -> bool:
    try:
        resolve(path.split("?", 1)[0])
    except Resolver404:
        return False
    return True


# --------------------------------------------------------------------------------------
# Timing


@dataclass
class Timing:
    p50: float  # milliseconds
    p95: float
    runs: int
    queries: int | None = None
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "p50_ms": round(self.p50, 1),
            "p95_ms": round(self.p95, 1),
            "runs": self.runs,
            "queries": self.queries,
            **self.extra,
        }


def percentile(samples: list[float], share: float) -> float:
    """Return the nearest-rank percentile (p95 of 20 samples is the 19th)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(
    call, *, runs=None, before=None, warmup=None, time_cap=None, min_runs=3, count_queries=True
):
    """Time call() runs times (fewer when time_cap seconds pass, at least min_runs)."""
    runs = RUNS if runs is None else runs
    warmup = min(WARMUP, 2 if warmup is None else warmup)
    for _ in range(warmup):
        if before:
            before()
        call()
    samples = []
    started = time.monotonic()
    while len(samples) < runs:
        if before:
            before()
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
        if time_cap and time.monotonic() - started > time_cap and len(samples) >= min_runs:
            break
    queries = None
    if count_queries:
        if before:
            before()
        with CaptureQueriesContext(connection) as captured:
            call()
        queries = len(captured.captured_queries)
    return Timing(statistics.median(samples), percentile(samples, 0.95), len(samples), queries)


def measure_turns(first, second, *, runs: int) -> tuple[Timing, Timing]:
    """Time two calls in turns (first, second, first, …), after one untimed turn."""
    first()
    second()
    samples = ([], [])
    for _ in range(runs):
        for call, times in ((first, samples[0]), (second, samples[1])):
            began = time.perf_counter()
            call()
            times.append((time.perf_counter() - began) * 1000)
    return tuple(
        Timing(statistics.median(times), percentile(times, 0.95), len(times)) for times in samples
    )


def fetch(client: Client, url: str, *, status=200, method="get", data=None):
    """Request url and read the whole body; return the response."""
    response = getattr(client, method)(url, data or {})
    # No response.close() here: the test client has closed the response already (a
    # streaming one once its body is read), with close_old_connections held off. A second
    # close sends request_finished with it connected again, and that drops the connection
    # (in a test's transaction at once; in a long run whenever CONN_MAX_AGE has passed).
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code != status:
        raise AssertionError(
            f"{method.upper()} {url} answered {response.status_code}, not {status}"
        )
    response.body = body
    return response


def page(client, url, *, status=200):
    return lambda: fetch(client, url, status=status)


# --------------------------------------------------------------------------------------
# The data


def fill(persons: int, log) -> dict:
    """Migrate, load the demo world and add persons up to the wanted number."""
    times = {}
    began = time.monotonic()
    call_command("migrate", verbosity=0)
    times["migrate_s"] = round(time.monotonic() - began, 1)
    began = time.monotonic()
    call_command("load_demo", stdout=io.StringIO())
    times["demo_s"] = round(time.monotonic() - began, 1)
    missing = max(persons - Person.objects.count(), 0)
    log(f"generating {missing:,} persons …")
    began = time.monotonic()
    call_command("generate_roster", persons=missing, verbosity=1)
    times["generate_s"] = round(time.monotonic() - began, 1)
    began = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    times["vacuum_analyze_s"] = round(time.monotonic() - began, 1)
    times["persons"] = Person.objects.count()
    return times


@dataclass
class World:
    city_staff: User
    district_staff: User
    admin: User
    district: Region
    district_region_ids: list[int]
    name3: str
    name2: str
    pinyin: str
    initials: str
    id_prefix: str
    registration_pk: int


def build_world(*, city_staff=None, district_staff=None) -> World:
    """Pick the users, the district and the search terms; mark the 50-form batch.

    The users are the demo's city staff (who may reveal numbers) and 明湖区 staff unless
    given.
    """
    city_staff = city_staff or User.objects.get(username="city_staff")
    district_staff = district_staff or User.objects.get(username="minghu_staff")
    admin = User.objects.filter(username="bench_admin").first()
    if admin is None:
        admin = User.objects.create_superuser(
            "bench_admin", password=None, role=Role.SYSADMIN, must_change_password=False
        )
    district = district_staff.unit.region
    live = Person.objects.live().annotate(length=Length("name")).order_by("id")
    third = live.filter(length=3).first()
    second = live.filter(length=2).first()
    batch = list(live.filter(length=3).values_list("id", flat=True)[1000 : 1000 + BATCH_FORMS])
    if len(batch) < BATCH_FORMS:
        batch = list(live.values_list("id", flat=True)[:BATCH_FORMS])
    Person.objects.filter(id__in=batch).update(work_unit=BATCH_MARK)
    _add_children(batch)
    return World(
        city_staff=city_staff,
        district_staff=district_staff,
        admin=admin,
        district=district,
        district_region_ids=list(district.subtree().values_list("id", flat=True)),
        name3=third.name,
        name2=second.name,
        pinyin=third.name_pinyin,
        initials=third.name_initials,
        id_prefix=third.id_number[:10],
        registration_pk=batch[0],
    )


def _add_children(person_ids: list[int]) -> None:
    """Give the batch's persons the repeating sections a real registration form has."""
    if EducationRecord.objects.filter(person_id__in=person_ids).exists():
        return
    educations, jobs, family = [], [], []
    for person in Person.objects.filter(id__in=person_ids):
        year = person.birth_date.year
        schools = [("示范大学", "20"), ("江南理工大学", "14")]  # not-ui: benchmark data
        for order, (school, level) in enumerate(schools):
            educations.append(
                EducationRecord(
                    person=person,
                    order=order,
                    school=school,
                    major="工商管理",  # not-ui: benchmark data
                    start_date=datetime.date(year + 18 + 4 * order, 9, 1),
                    end_date=datetime.date(year + 22 + 3 * order, 6, 30),
                    education=level,
                    is_highest=order == 1,
                )
            )
        posts = ["职员", "主管", "经理"]  # not-ui: benchmark data
        for order in range(3):
            jobs.append(
                WorkHistory(
                    person=person,
                    order=order,
                    start_date=datetime.date(year + 22 + 5 * order, 7, 1),
                    end_date=None if order == 2 else datetime.date(year + 27 + 5 * order, 6, 30),
                    unit_and_post=f"示范市某公司{posts[order]}",  # not-ui: benchmark data
                )
            )
        for order, relation in enumerate(["配偶", "子女"]):  # not-ui: benchmark data
            family.append(
                FamilyMember(
                    person=person,
                    order=order,
                    relation=relation,
                    name="王某",  # not-ui: benchmark data
                )
            )
    EducationRecord.objects.bulk_create(educations)
    WorkHistory.objects.bulk_create(jobs)
    FamilyMember.objects.bulk_create(family)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --------------------------------------------------------------------------------------
# Figures: each returns {"ours": Timing, "baseline": Timing | None, ...}


def list_figures(world: World) -> list[tuple[str, str, dict]]:
    """The roster list and its searches, each beside the admin changelist."""
    ours = signed_in(world.city_staff)
    admin = signed_in(world.admin)
    count = min(Person.objects.live().count(), COUNT_CAP)
    last_page = max(1, -(-count // PER_PAGE))
    offset = (last_page - 1) * PER_PAGE
    admin_page = offset // 100 + 1
    district = {"region": world.district.pk, "category": "enterprise"}
    admin_district = {
        "category": "enterprise",
        "region__in": ",".join(str(pk) for pk in world.district_region_ids),
    }
    cases = [
        ("list.page1", "Roster list, page 1", "/people/", ADMIN_URL, "list"),
        (
            "list.deep",
            f"Roster list, deepest page ({last_page}: rows {offset + 1:,}–{offset + PER_PAGE:,})",
            f"/people/?page={last_page}",
            f"{ADMIN_URL}?p={admin_page}",
            "list",
        ),
        (
            "list.filter",
            f"Filtered: {world.district.name} + 民营企业人员",  # not-ui: benchmark report label
            f"/people/?{urlencode(district)}",
            f"{ADMIN_URL}?{urlencode(admin_district)}",
            "list",
        ),
        (
            "list.sort",
            "Sorted by name (Z→A)",
            "/people/?sort=-name",
            ADMIN_URL,  # the admin's default order is by name (A→Z); Z→A needs list_display
            "list",
        ),
    ]
    for key, label, text in [
        ("search.name3", "Search: 3-character name", world.name3),
        ("search.name2", "Search: 2-character name", world.name2),
        ("search.pinyin", "Search: pinyin", world.pinyin),
        ("search.initials", "Search: initials", world.initials),
        ("search.id", "Search: ID-number prefix", world.id_prefix),
    ]:
        query = urlencode({"q": text})
        cases.append(
            (key, f"{label} “{text}”", f"/people/?{query}", f"{ADMIN_URL}?{query}", "search")
        )
    rows = []
    for key, label, url, admin_url, kind in cases:
        result = {"url": url, "baseline_url": admin_url, "kind": kind}
        result["ours"] = measure(page(ours, url))
        result["baseline"] = measure(page(admin, admin_url), time_cap=BASELINE_SECONDS)
        rows.append((key, label, result))
    return rows


def dashboard_figures(world: World) -> list[tuple[str, str, dict]]:
    """The start page's dashboard, every figure live (the composition from the tallies)."""
    rows = []
    for key, label, user in [
        ("dashboard.city", "Dashboard: the city", world.city_staff),
        ("dashboard.district", f"Dashboard: {world.district.name}", world.district_staff),
    ]:
        if not _dashboard_built():
            rows.append((key, label, {"na": "n/a (not built)", "kind": "dashboard"}))
            continue
        result = {"url": "/", "kind": "dashboard", "note": "no cache: every figure live"}
        result["ours"] = measure(page(signed_in(user), "/"), before=cache.clear)
        rows.append((key, label, result))
    return rows


def _dashboard_built() -> bool:
    try:
        import roster_site.dashboard  # noqa: F401
    except ModuleNotFoundError:
        return False
    return True


def registration_figures(world: World) -> list[tuple[str, str, dict]]:
    client = signed_in(world.city_staff)
    rows = []
    one = f"/people/{world.registration_pk}/registration.xlsx"
    batch = f"/people/registration.xlsx?{urlencode({'q': BATCH_MARK})}"
    for key, label, url in [
        ("registration.one", "Registration form, 1 person", one),
        ("registration.batch", f"Registration workbook, {BATCH_FORMS} persons", batch),
    ]:
        if not built(url):
            rows.append((key, label, {"na": "n/a (not built)", "kind": "registration"}))
            continue
        result = {"url": url, "kind": "registration"}
        result["ours"] = measure(page(client, url))
        rows.append((key, label, result))
    return rows


# --------------------------------------------------------------------------------------
# Export


def export_filter(world: World, target: int) -> tuple[dict, int]:
    """Return list filters (an age range) that select about target persons, and how many."""
    from people.filters import PersonFilter
    from people.selectors import persons_visible_to

    def rows(params):
        queryset = PersonFilter(
            params, queryset=persons_visible_to(world.city_staff), user=world.city_staff
        ).qs
        return queryset.count()

    everyone = Person.objects.live().count()
    if everyone <= target:
        return {}, everyone
    youngest = min(
        p.age for p in Person.objects.live().exclude(birth_date=None).order_by("-birth_date")[:1]
    )
    params = {"age_min": youngest, "age_max": youngest}
    count = rows(params)
    while count < target and params["age_max"] < 150:
        params["age_max"] += 1
        count = rows(params)
    return params, count


def export_figures(world: World) -> list[tuple[str, str, dict]]:
    params, count = export_filter(world, EXPORT_ROWS)
    query = urlencode(params)
    url = f"/people/export.xlsx?{query}" if query else "/people/export.xlsx"
    label = f"Export {count:,} persons to .xlsx"
    if not built(url):
        return [("export", label, {"na": "n/a (not built)", "kind": "export"})]
    client = signed_in(world.city_staff)
    result = {"url": url, "kind": "export", "rows": count}
    # Ours and the floor take turns, so that a busy machine slows both alike.
    result["ours"], floor = measure_turns(
        page(client, url), lambda: run_probe_target("floor", query), runs=HEAVY_RUNS
    )
    result["ours"].extra.update(probe("ours", query))
    floor.extra.update(probe("floor", query))
    result["baseline"] = floor
    result["baseline_label"] = "plain openpyxl write-only loop"
    rows = [("export", label, result)]
    ie = {
        "url": url,
        "kind": "export-ie",
        "rows": count,
        "baseline_label": "django-import-export default export",
    }
    ie["ours"] = result["ours"]
    ie_timing = measure(
        lambda: run_probe_target("import_export", query),
        runs=HEAVY_RUNS,
        warmup=0,
        time_cap=BASELINE_SECONDS,
        min_runs=1,
        count_queries=False,
    )
    ie_timing.extra.update(probe("import_export", query))
    ie["baseline"] = ie_timing
    rows.append(("export.ie", f"{label} (vs import-export)", ie))
    return rows  # fmt: skip


def run_probe_target(variant: str, query: str) -> None:
    """Run one baseline export in this process (for its timing)."""
    from bench.probe import export

    export(variant, query)


def probe(variant: str, query: str) -> dict:
    """Run one export in a fresh process and return its peak memory."""
    if not MEASURE_MEMORY:
        return {}
    completed = subprocess.run(
        [sys.executable, "-m", "bench.probe", variant, query],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "roster_site.settings"},
    )
    if completed.returncode != 0:
        return {"memory_error": completed.stderr.strip().splitlines()[-1:]}
    import json

    return json.loads(completed.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------------------
# Import


def import_file(directory: Path) -> tuple[Path, list[str]]:
    """Write 10,000 new fictional persons in the roster's table format; return the file
    and their ID numbers."""
    from people.resources import RosterWriter

    regions = list(
        Region.objects.filter(level__in=(RegionLevel.COUNTY, RegionLevel.TOWNSHIP)).order_by("code")
    )
    factory = PersonFactory(
        seed=4242, regions=regions, subtypes=SubType.objects.filter(is_active=True)
    )
    # The top of the factory's index space: new persons beyond any generated roster, with
    # valid and distinct numbers.
    start = len(factory.codes) * BIRTH_DAYS * 499 - IMPORT_ROWS
    persons = [factory.person(start + index) for index in range(IMPORT_ROWS)]
    writer = RosterWriter(reveal=True)
    writer.write(persons)
    path = directory / "import-10k.xlsx"
    with writer.save() as handle, path.open("wb") as out:
        out.write(handle.read())
    return path, [person.id_number for person in persons]


def _remove_imported(id_numbers: list[str]) -> int:
    """Delete the imported persons again (and their history), so each run imports anew."""
    history = Person.history.model
    persons = Person.objects.filter(id_number__in=id_numbers)
    ids = list(persons.values_list("id", flat=True))
    for model in (EducationRecord, WorkHistory, FamilyMember):
        model.objects.filter(person_id__in=ids).delete()
    deleted = persons.delete()[0] if ids else 0
    history.objects.filter(id__in=ids).delete()
    return deleted


def import_figures(world: World) -> list[tuple[str, str, dict]]:
    label = f"Import {IMPORT_ROWS:,} rows (preview + confirm)"
    if not built("/people/import/"):
        return [("import", label, {"na": "n/a (not built)", "kind": "import"})]
    directory = Path(tempfile.mkdtemp(prefix="bench-import-"))
    path, id_numbers = import_file(directory)
    _remove_imported(id_numbers)
    client = signed_in(world.city_staff)
    outcome = {}

    def ours():
        with path.open("rb") as handle:
            upload = fetch(
                client,
                "/people/import/",
                method="post",
                status=302,
                data={"action": "upload", "file": handle},
            )
        location = upload["Location"]
        token = parse_qs(urlparse(location).query).get("token", [""])[0]
        if not token:
            raise AssertionError(f"the upload did not lead to a preview: {location}")
        fetch(client, location)
        fetch(
            client,
            "/people/import/",
            method="post",
            status=302,
            data={"action": "confirm", "token": token},
        )
        outcome["created"] = Person.objects.filter(id_number__in=id_numbers).count()

    result = {"kind": "import", "url": "/people/import/", "rows": IMPORT_ROWS}
    result["ours"] = measure(
        ours,
        runs=HEAVY_RUNS,
        warmup=0,
        before=lambda: _remove_imported(id_numbers),
        count_queries=False,
    )
    result["ours"].extra["created"] = outcome.get("created")

    def baseline():
        import tablib

        from people.resources import PersonResource

        dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
        resource = PersonResource()
        preview = resource.import_data(dataset, dry_run=True)
        confirmed = resource.import_data(dataset, dry_run=False)
        outcome["ie_errors"] = len(preview.invalid_rows) + sum(
            len(row.errors) for row in preview.rows
        )
        outcome["ie_totals"] = dict(confirmed.totals)

    result["baseline"] = measure(
        baseline,
        runs=HEAVY_RUNS,
        warmup=0,
        before=lambda: _remove_imported(id_numbers),
        time_cap=BASELINE_SECONDS,
        min_runs=1,
        count_queries=False,
    )
    result["baseline"].extra.update(
        {"errors": outcome.get("ie_errors"), "totals": outcome.get("ie_totals")}
    )
    result["baseline_label"] = "django-import-export default import (dry run + import)"
    _remove_imported(id_numbers)
    path.unlink()
    directory.rmdir()
    return [("import", label, result)]  # fmt: skip
