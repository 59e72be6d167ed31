"""Live persons counted by region and trait, kept by database triggers.

The dashboard reads how the roster is made up (category and sub-type, sex, education,
political affiliation, birth date) for a region subtree. Counting a million persons for
each page view takes about a second; ``PersonTally`` holds the same numbers per region, so
the dashboard sums a few thousand rows instead.

The tallies are kept by triggers on ``people_person``, not by the services: every way a
person is written — the forms, the admin, the Excel import's bulk writes, queryset
``update()``, ``generate_roster``'s COPY, the purge — changes them in the same
transaction, and no write path can forget them. On PostgreSQL the triggers run once per
statement over its changed rows (a bulk import adds its counts in one statement); SQLite
runs them per row. Only live persons (``archived_at IS NULL``) are counted; archiving and
restoring move a person out of and into the tallies.

Each live person adds 1 to one row per trait:

- ``subtype``: ``"<category>:<subtype id>"``;
- ``sex``, ``education`` (``highest_education``): the code, ``""`` when not filled;
- ``affiliation``: the first affiliation and, when different, the second one;
- ``birth``: the birth date as ``YYYY-MM-DD``, ``""`` when not filled;
- ``birth_month``: its month, ``YYYY-MM`` (``""`` when not filled). An age band is summed
  from the months wholly inside it and the days of the two months it cuts through, so a
  city's bands read a few thousand rows rather than one per region and birthday.

``recount()`` rebuilds the tallies from the persons, and ``differences()`` says where the
tallies and a fresh count disagree (the tests and ``recount_person_tallies --check``).
"""

from collections import Counter

from django.db import connection, transaction

TABLE = "people_persontally"
KEY = "region_id, trait, value"

# (trait, value expression, condition) over the columns of one person row. "{r}" is the
# row's alias: a transition table's on PostgreSQL, NEW or OLD in a SQLite trigger.
_POSTGRES_TRAITS = [
    ("subtype", "{r}.category || ':' || {r}.subtype_id", ""),
    ("sex", "{r}.sex", ""),
    ("education", "{r}.highest_education", ""),
    ("affiliation", "{r}.affiliation", "{r}.affiliation <> ''"),
    (
        "affiliation",
        "{r}.affiliation_2",
        "{r}.affiliation_2 <> '' AND {r}.affiliation_2 <> {r}.affiliation",
    ),
    ("birth", "coalesce(to_char({r}.birth_date, 'YYYY-MM-DD'), '')", ""),
    ("birth_month", "coalesce(to_char({r}.birth_date, 'YYYY-MM'), '')", ""),
]
# SQLite keeps dates as YYYY-MM-DD text already.
_SQLITE_DATES = {
    "birth": "coalesce({r}.birth_date, '')",
    "birth_month": "coalesce(substr({r}.birth_date, 1, 7), '')",
}
_SQLITE_TRAITS = [
    (trait, _SQLITE_DATES.get(trait, value), condition)
    for trait, value, condition in _POSTGRES_TRAITS
]


def _trait_rows(traits, alias: str, sign: int) -> list[str]:
    """Return one SELECT per trait giving (region_id, trait, value, sign) for alias's rows."""
    selects = []
    for trait, value, condition in traits:
        where = f"{alias}.archived_at IS NULL"
        if condition:
            where += " AND " + condition.format(r=alias)
        selects.append(
            f"SELECT {alias}.region_id AS region_id, '{trait}' AS trait, "  # noqa: S608 - constants
            f"{value.format(r=alias)} AS value, {sign} AS d FROM {{table}} {alias} WHERE {where}"
        )
    return selects


_UPSERT = f"ON CONFLICT ({KEY}) DO UPDATE SET n = {TABLE}.n + excluded.n"


def _postgres_function(event: str) -> str:
    sources = {"insert": [("new_rows", 1)], "delete": [("old_rows", -1)]}.get(
        event, [("old_rows", -1), ("new_rows", 1)]
    )
    selects = []
    for table, sign in sources:
        selects += [s.format(table=table) for s in _trait_rows(_POSTGRES_TRAITS, "p", sign)]
    changes = "\n    UNION ALL ".join(selects)
    # Sorted, so that two transactions lock the tally rows they share in the same order.
    return f"""
CREATE OR REPLACE FUNCTION people_person_tally_{event}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {TABLE} (region_id, trait, value, n)
  SELECT region_id, trait, value, sum(d) FROM (
    {changes}
  ) AS changes
  GROUP BY region_id, trait, value
  HAVING sum(d) <> 0
  ORDER BY region_id, trait, value
  {_UPSERT};
  RETURN NULL;
END
$$"""  # noqa: S608 - built from the constants above


def _postgres_trigger(event: str) -> str:
    referencing = {
        "insert": "NEW TABLE AS new_rows",
        "delete": "OLD TABLE AS old_rows",
        "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    }[event]
    return (
        f"CREATE TRIGGER people_person_tally_{event} AFTER {event.upper()} ON people_person "
        f"REFERENCING {referencing} FOR EACH STATEMENT "
        f"EXECUTE FUNCTION people_person_tally_{event}()"
    )


# An update changes the tallies only when a counted column changes.
_COUNTED = [
    "region_id",
    "category",
    "subtype_id",
    "sex",
    "highest_education",
    "affiliation",
    "affiliation_2",
    "birth_date",
    "archived_at",
]


def _sqlite_trigger(event: str) -> str:
    if event == "insert":
        rows, when = [("NEW", 1)], ""
    elif event == "delete":
        rows, when = [("OLD", -1)], ""
    else:
        rows = [("OLD", -1), ("NEW", 1)]
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _COUNTED)
        when = f" WHEN {changed}"
    statements = []
    for alias, sign in rows:
        for trait, value, condition in _SQLITE_TRAITS:
            where = f"{alias}.archived_at IS NULL"
            if condition:
                where += " AND " + condition.format(r=alias)
            statements.append(
                f"INSERT INTO {TABLE} (region_id, trait, value, n) "
                f"SELECT {alias}.region_id, '{trait}', {value.format(r=alias)}, {sign} "
                f"WHERE {where} {_UPSERT};"
            )
    body = "\n  ".join(statements)
    return (
        f"CREATE TRIGGER people_person_tally_{event} AFTER {event.upper()} ON people_person"
        f"{when}\nBEGIN\n  {body}\nEND"
    )


EVENTS = ("insert", "update", "delete")


def install_triggers(schema_editor) -> None:
    """Create the tally triggers for the database's vendor (used by the migration)."""
    vendor = schema_editor.connection.vendor
    for event in EVENTS:
        if vendor == "postgresql":
            schema_editor.execute(_postgres_function(event))
            schema_editor.execute(_postgres_trigger(event))
        elif vendor == "sqlite":
            schema_editor.execute(_sqlite_trigger(event))
        else:  # pragma: no cover - DESIGN.md: PostgreSQL, SQLite for development
            raise NotImplementedError(f"no person tally triggers for {vendor}")


def remove_triggers(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for event in EVENTS:
        if vendor == "postgresql":
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS people_person_tally_{event} ON people_person"
            )
            schema_editor.execute(f"DROP FUNCTION IF EXISTS people_person_tally_{event}()")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS people_person_tally_{event}")


def _fresh_counts_sql(vendor: str) -> str:
    traits = _POSTGRES_TRAITS if vendor == "postgresql" else _SQLITE_TRAITS
    selects = [s.format(table="people_person") for s in _trait_rows(traits, "p", 1)]
    return (
        f"SELECT region_id, trait, value, sum(d) FROM ({' UNION ALL '.join(selects)}) "  # noqa: S608
        "AS counted GROUP BY region_id, trait, value"
    )


def fill(connection) -> None:
    """Count the persons into an empty tally table (one statement)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (region_id, trait, value, n) "
            + _fresh_counts_sql(connection.vendor)
        )


def fresh_counts() -> Counter:
    """Return {(region_id, trait, value): persons} counted from the persons themselves."""
    with connection.cursor() as cursor:
        cursor.execute(_fresh_counts_sql(connection.vendor))
        return Counter({(r, t, v): n for r, t, v, n in cursor.fetchall() if n})


def stored_counts() -> Counter:
    """Return the tallies as kept, without the rows that have come down to 0."""
    from people.models import PersonTally

    rows = PersonTally.objects.exclude(n=0).values_list("region_id", "trait", "value", "n")
    return Counter({(r, t, v): n for r, t, v, n in rows})


def differences() -> dict:
    """Return {(region_id, trait, value): (kept, counted)} wherever the two disagree."""
    kept, counted = stored_counts(), fresh_counts()
    return {
        key: (kept.get(key, 0), counted.get(key, 0))
        for key in kept.keys() | counted.keys()
        if kept.get(key, 0) != counted.get(key, 0)
    }


@transaction.atomic
def recount() -> int:
    """Rebuild the tallies from the persons; return how many tally rows there are now."""
    from people.models import PersonTally

    if connection.vendor == "postgresql":
        # No person is written while they are counted; reading them goes on.
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE people_person IN SHARE MODE")
    PersonTally.objects.all().delete()
    fill(connection)
    return PersonTally.objects.count()
