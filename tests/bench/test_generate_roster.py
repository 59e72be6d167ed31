"""manage.py generate_roster: many valid fictional persons, fast, and never twice."""

import io

import pytest
from django.core.management import CommandError, call_command

from people.models import Person
from people.validators import parse_resident_id
from talent_pool.models import PoolEntry
from units.models import Region


def generate(**options) -> str:
    out = io.StringIO()
    call_command("generate_roster", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_generate_roster_adds_valid_distinct_persons_with_pinyin(personas):
    message = generate(persons=300)
    persons = list(Person.objects.all())
    assert len(persons) == 300
    assert "已添加 300 名人员" in message
    assert len({p.id_number for p in persons}) == 300
    for person in persons:
        parsed = parse_resident_id(person.id_number)
        assert (parsed.birth_date, parsed.sex) == (person.birth_date, person.sex)
        assert person.name_pinyin and person.name_initials
        assert person.region.level in ("county", "township")
        assert person.subtype.category == person.category


def test_generate_roster_repeated_runs_add_new_persons(personas):
    generate(persons=120)
    generate(persons=80)
    assert Person.objects.count() == 200
    assert Person.objects.values("id_number").distinct().count() == 200


def test_generate_roster_skips_id_numbers_already_there(personas):
    generate(persons=50)
    generate(persons=70, start=0)
    assert Person.objects.count() == 70


def test_generate_roster_adds_pool_entries_in_proportion(personas):
    generate(persons=1000)
    entries = PoolEntry.objects.all()
    assert entries.count() == 5
    pools = {entry.region.level for entry in entries}
    assert pools <= {"city", "county"}


def test_generate_roster_adds_recommendations_in_proportion(personas):
    from talent_pool.models import Recommendation

    generate(persons=2000)
    recommendations = list(Recommendation.objects.select_related("person", "unit"))
    assert len(recommendations) == 2
    for recommendation in recommendations:
        assert recommendation.person.id_number == recommendation.id_number
        assert recommendation.state != "accepted"
        assert not recommendation.unit.is_lead


def test_generate_roster_without_regions_says_what_to_do(db):
    assert not Region.objects.exists()
    with pytest.raises(CommandError, match="load_demo"):
        generate(persons=10)


def test_generate_roster_rebuilds_the_same_indexes_after_a_large_load(personas, monkeypatch):
    from django.db import connection

    from people.management.commands import generate_roster

    if connection.vendor != "postgresql":
        pytest.skip("the index rebuild is PostgreSQL's (runs in CI's PostgreSQL pass)")

    def indexes():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'people_person'"
            )
            return set(cursor.fetchall())

    before = indexes()
    monkeypatch.setattr(generate_roster, "REBUILD_INDEXES_FROM", 10)
    generate(persons=50)
    assert Person.objects.count() == 50
    assert indexes() == before
    assert {"person_short_grams", "person_name_trgm"} <= {name for name, _ in before}
