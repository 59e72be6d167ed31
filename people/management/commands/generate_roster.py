"""Fill the roster with a large fictional roster, fast, for the benchmark.

``manage.py generate_roster --persons 1000000`` adds one million fictional persons (valid
ID numbers, pinyin, work units) over the existing regions below the city level, then
pool entries, meetings and recommendations in proportion where those models exist. On
PostgreSQL the persons are streamed with COPY; elsewhere bulk_create is used. Child
records, history rows and audit events are not written: this is test data for list and
search speed.

Each index maps to one ID number, so repeated runs continue after the persons already
there (``--start`` defaults to the number of persons) and never duplicate a live ID number.
"""

import datetime
import enum
import random
import time
from contextlib import contextmanager

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from people.demo import PersonFactory
from people.models import Person, SubType
from units.enums import RegionLevel
from units.models import MemberUnit, Region

BATCH = 5_000
# From this many persons on, PostgreSQL's indexes are dropped and built again afterwards.
REBUILD_INDEXES_FROM = 50_000
# Proportions per person, about what a department keeps next to its roster.
POOL_ENTRIES_PER_PERSON = 1 / 200
MEETINGS_PER_PERSON = 1 / 5_000
RECOMMENDATIONS_PER_PERSON = 1 / 1_000
PERSON_LEVELS = (RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.COMMUNITY)


class Command(BaseCommand):
    help = "生成大规模虚构人员名册（批量写入，用于性能测试）。"

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, required=True, help="要添加的人数")
        parser.add_argument(
            "--start",
            type=int,
            default=None,
            help="第一个人员的序号（默认：现有人数，重复运行会继续添加新的人员）",
        )
        parser.add_argument("--seed", type=int, default=10, help="随机种子")

    def handle(self, *args, persons, start, seed, verbosity, **options):
        if persons < 0:
            raise CommandError("--persons 不能为负数。")
        regions = list(Region.objects.filter(level__in=PERSON_LEVELS).order_by("code"))
        subtypes = list(SubType.objects.filter(is_active=True))
        if not regions or not subtypes:
            raise CommandError("没有县（区）以下的区划或细分类型：请先运行 manage.py load_demo。")
        if start is None:
            start = Person.objects.count()
        factory = PersonFactory(seed=seed, regions=regions, subtypes=subtypes)
        began = time.monotonic()
        before = Person.objects.count()
        if connection.vendor == "postgresql" and persons >= REBUILD_INDEXES_FROM:
            with transaction.atomic(), _indexes_rebuilt_after():
                _copy_persons(factory, start, persons, self._progress(verbosity, persons))
        elif connection.vendor == "postgresql":
            _copy_persons(factory, start, persons, self._progress(verbosity, persons))
        else:
            _bulk_create_persons(factory, start, persons, self._progress(verbosity, persons))
        added = Person.objects.count() - before
        extras = _add_related(seed, added)
        took = time.monotonic() - began
        if verbosity < 1:
            return
        self.stdout.write(
            f"已添加 {added} 名人员（序号 {start}–{start + persons - 1}，用时 {took:.0f} 秒）"
            + "".join(f"，{label} {count} 条" for label, count in extras)
            + "。"
        )

    def _progress(self, verbosity, total):
        def report(done):
            if verbosity >= 2 or (verbosity >= 1 and total >= 100_000 and done % 100_000 == 0):
                self.stderr.write(f"  {done}/{total}")

        return report


def _person_columns():
    return [f for f in Person._meta.concrete_fields if not f.primary_key]


def _row(person, fields, now):
    values = []
    for field in fields:
        if field.attname in ("created_at", "updated_at"):
            value = now
        else:
            value = getattr(person, field.attname)
            if isinstance(value, enum.Enum):
                value = value.value
            elif field.attname == "photo":
                value = value.name or ""
        values.append(value)
    return values


@contextmanager
def _indexes_rebuilt_after():
    """Drop the person table's secondary indexes, and create them again afterwards.

    Building an index once over a million rows is many times faster than updating it a
    million times (the trigram and short-gram GIN indexes above all). The indexes that back
    constraints stay. Run inside a transaction: if loading fails, the drops roll back too.
    The table is locked meanwhile; this is a command for test data.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = %s "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conindid = to_regclass(quote_ident(i.indexname)))",
            [Person._meta.db_table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        # Check the deferred foreign keys now: an index cannot be built while they wait.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)


def _copy_persons(factory, start, count, progress):
    """Stream persons into the table with COPY, through a staging table.

    The staging table lets ``INSERT … ON CONFLICT DO NOTHING`` skip an ID number that is
    already live (persons added by hand or by another seed), so a run never fails halfway.
    """
    fields = _person_columns()
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(Person._meta.db_table)
    now = timezone.now()
    done = 0
    while done < count:
        size = min(BATCH * 20, count - done)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE roster_staging AS "  # noqa: S608
                f"SELECT {columns} FROM {table} WITH NO DATA"
            )
            with (
                cursor.connection.cursor() as raw,
                raw.copy(f"COPY roster_staging ({columns}) FROM STDIN") as copy,
            ):
                for index in range(start + done, start + done + size):
                    copy.write_row(_row(factory.person(index), fields, now))
            # Identifiers from the model, no user input.
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM roster_staging "  # noqa: S608
                "ON CONFLICT DO NOTHING"
            )
            cursor.execute("DROP TABLE roster_staging")
        done += size
        progress(done)


def _bulk_create_persons(factory, start, count, progress):
    existing = set(Person.objects.live().values_list("document_type", "id_number"))
    now = timezone.now()
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        batch = []
        for index in range(start + done, start + done + size):
            person = factory.person(index)
            if (person.document_type, person.id_number) in existing:
                continue
            person.created_at = person.updated_at = now
            batch.append(person)
        with transaction.atomic():
            Person.objects.bulk_create(batch)
        done += size
        progress(done)


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _add_related(seed, added):
    """Add pool entries, meetings and recommendations in proportion to the persons added."""
    rng = random.Random(seed)
    extras = []
    if added <= 0:
        return extras
    with transaction.atomic():
        pool_entry = _model("talent_pool.PoolEntry")
        if pool_entry is not None:
            extras.append(("人才库成员", _add_pool_entries(pool_entry, rng, added)))
        meeting = _model("meetings.Meeting")
        if meeting is not None:
            extras.append(("联席会议", _add_meetings(meeting, rng, added)))
        recommendation = _model("talent_pool.Recommendation")
        if recommendation is not None:
            extras.append(("推荐", _add_recommendations(recommendation, rng, added)))
    return extras


def _add_recommendations(recommendation, rng, added):
    """Add about one recommendation per 1,000 new persons, by the member units, in every
    state but accepted (accepting belongs to the pool's own service)."""
    from accounts.models import User

    wanted = max(1, round(added * RECOMMENDATIONS_PER_PERSON))
    units = list(
        MemberUnit.objects.filter(
            is_lead=False, region__level__in=(RegionLevel.CITY, RegionLevel.COUNTY)
        ).select_related("region")
    )
    authors = {}
    for user in User.objects.filter(unit__in=units, is_active=True).order_by("id"):
        authors.setdefault(user.unit_id, user)
    fallback = User.objects.filter(is_active=True, unit__isnull=False).order_by("id").first()
    if not units or fallback is None:
        return 0
    newest = list(
        Person.objects.live()
        .order_by("-id")
        .values_list("id", "name", "id_number", "category", "subtype_id")[:added]
    )
    now = timezone.now()
    made = []
    for person_id, name, id_number, category, subtype_id in rng.sample(
        newest, min(wanted, len(newest))
    ):
        unit = rng.choice(units)
        state = rng.choice(["draft", "submitted", "submitted", "returned", "rejected"])
        made.append(
            recommendation(
                unit=unit,
                region=unit.region,
                state=state,
                person_id=person_id,
                name=name,
                id_number=id_number,
                category=category,
                subtype_id=subtype_id,
                requested_tier=rng.choice(["representative", "reserve"]),
                reasons="批量生成的测试数据：政治坚定，业务精湛，热心公益。",
                created_by=authors.get(unit.id, fallback),
                submitted_at=None if state == "draft" else now,
                decided_at=now if state == "rejected" else None,
            )
        )
    recommendation.objects.bulk_create(made, batch_size=BATCH)
    return len(made)


def _add_pool_entries(pool_entry, rng, added):
    """Put about one new person in 200 into their district's or the city's pool."""
    wanted = max(1, round(added * POOL_ENTRIES_PER_PERSON))
    newest = Person.objects.live().order_by("-id").values_list("id", "region__path")[:added]
    pools = {
        r.path: r for r in Region.objects.filter(level__in=(RegionLevel.CITY, RegionLevel.COUNTY))
    }
    in_pool = set(pool_entry.objects.filter(status="active").values_list("person_id", flat=True))
    leads = {u.region_id: u for u in MemberUnit.objects.filter(is_lead=True)}
    entries = []
    for person_id, path in rng.sample(list(newest), min(wanted, added)):
        if person_id in in_pool:
            continue
        codes = path.strip("/").split("/")
        # Most entries are in the district's pool; one in five in the city's.
        depth = 1 if rng.random() < 0.2 or len(codes) < 2 else 2
        region = pools.get("/" + "/".join(codes[:depth]) + "/")
        if region is None:
            continue
        entries.append(
            pool_entry(
                person_id=person_id,
                region=region,
                tier=rng.choice(["representative", "representative", "reserve"]),
                added_on=datetime.date(rng.randint(2018, 2025), rng.randint(1, 12), 1),
                added_reason="批量生成的测试数据",
                recommended_by=leads.get(region.id),
                last_reviewed_year=rng.choice([None, 2024, 2025]),
            )
        )
    pool_entry.objects.bulk_create(entries, batch_size=BATCH)
    return len(entries)


def _add_meetings(meeting_model, rng, added):
    """Add about one meeting per 5,000 new persons, each with its invited units and items."""
    attendance = _model("meetings.Attendance")
    action_item = _model("meetings.ActionItem")
    wanted = max(1, round(added * MEETINGS_PER_PERSON))
    conferences = list(
        Region.objects.filter(level__in=(RegionLevel.CITY, RegionLevel.COUNTY)).order_by("path")
    )
    units = {}
    for unit in MemberUnit.objects.filter(region__in=conferences):
        units.setdefault(unit.region_id, []).append(unit)
    next_number = {}
    for region_id, kind, year, number in meeting_model.objects.values_list(
        "region_id", "kind", "date__year", "number"
    ):
        key = (region_id, kind, year)
        next_number[key] = max(next_number.get(key, 1), number + 1)
    made = 0
    for _ in range(wanted):
        region = rng.choice(conferences)
        members = units.get(region.id)
        if not members:
            continue
        date = datetime.date(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))
        kind = rng.choice(["plenary", "special", "liaison"])
        key = (region.id, kind, date.year)
        number = next_number.get(key, 1)
        next_number[key] = number + 1
        meeting = meeting_model.objects.create(
            region=region,
            kind=kind,
            number=number,
            title=f"{region.name}{date.year}年第{number}次联席会议（测试数据）",
            date=date,
            start_time=datetime.time(9, 0),
            place=f"{region.name}行政中心会议室",
            convener="统战部部长",
            status="held",
        )
        if attendance is not None:
            attendance.objects.bulk_create(
                attendance(meeting=meeting, unit=unit, status="attended", delegate_name="测试代表")
                for unit in members
            )
        if action_item is not None:
            action_item.objects.bulk_create(
                action_item(
                    meeting=meeting,
                    order=order,
                    text=f"议定事项{order}（测试数据）",
                    lead_unit=rng.choice(members),
                    due_date=date + datetime.timedelta(days=rng.randint(30, 180)),
                    status=rng.choice(["open", "in_progress", "done"]),
                )
                for order in range(1, 4)
            )
        made += 1
    return made
