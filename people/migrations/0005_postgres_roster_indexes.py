"""PostgreSQL indexes for the roster's list, filters, sorts and searches.

They serve the queries of people.selectors and people.filters at a million persons (see
``make bench``). They are database-only: the model state does not change, so the same
migration is a no-op on SQLite and ``makemigrations --check`` stays clean. Each index has
a test that the planner uses it (tests/bench/test_indexes.py).
"""

from django.db import migrations

# Every 1- and 2-character substring of a name and a work unit: trigrams cannot serve
# searches shorter than three characters (a two-character name such as 张伟), so these
# "short grams" serve them, exactly, through a GIN index on the array. COST tells the
# planner that computing them per row (~10 µs) is dear, so that it reads the index
# rather than scanning the table and computing them for every row.
SHORT_GRAMS_FUNCTION = """
CREATE OR REPLACE FUNCTION person_short_grams(name text, work_unit text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
DECLARE
  grams text[] := regexp_split_to_array(name, '') || regexp_split_to_array(work_unit, '');
BEGIN
  FOR i IN 1 .. char_length(name) - 1 LOOP
    grams := grams || substr(name, i, 2);
  END LOOP;
  FOR i IN 1 .. char_length(work_unit) - 1 LOOP
    grams := grams || substr(work_unit, i, 2);
  END LOOP;
  RETURN grams;
END
$$
"""

LIVE = "WHERE archived_at IS NULL"

# (name, definition after "ON people_person")
INDEXES = [
    # Substring search of three or more characters: name LIKE '%张伟明%'.
    ("person_name_trgm", "USING gin (name gin_trgm_ops)"),
    ("person_work_unit_trgm", "USING gin (work_unit gin_trgm_ops)"),
    # Substring search of one or two characters.
    ("person_short_grams", "USING gin (person_short_grams(name, work_unit))"),
    # ID-number prefix: the database collation is C.UTF-8, not C, so LIKE 'abc%' needs
    # the pattern operator class (name_pinyin and name_initials have theirs from db_index).
    ("person_id_number_prefix", "(id_number varchar_pattern_ops)"),
    # The list in name order, with the region for the scope check, read from the index.
    ("person_live_name", f"(name_pinyin, id, region_id) {LIVE}"),
    # The list filtered by category (and a region), in name order.
    ("person_live_category_name", f"(category, name_pinyin, id, region_id) {LIVE}"),
    # The other sorts.
    ("person_live_birth_date", f"(birth_date, id) {LIVE}"),
    ("person_live_updated", f"(updated_at, id) {LIVE}"),
    # The archived persons' list (few rows among many).
    ("person_archived_name", "(name_pinyin, id) WHERE archived_at IS NOT NULL"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(SHORT_GRAMS_FUNCTION)
    for name, definition in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON people_person {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _definition in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS person_short_grams(text, text)")
    # pg_trgm stays: other objects may use it, and it is harmless.


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_mobile_input_length"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
