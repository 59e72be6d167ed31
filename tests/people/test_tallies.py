"""The person tallies follow every way a person is written (people.tallies).

Each test writes persons one way and then checks the tallies twice: against a fresh count
by people.tallies' own SQL (``differences()``), and against plain ORM counts of the live
persons, so that a mistake shared by the triggers and that SQL cannot pass unseen. Both CI
passes run these, SQLite (row triggers) and PostgreSQL (statement triggers).
"""

import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from people import tallies
from people.importing.rows import apply_import, plan_import
from people.models import Person, PersonTally, SubType
from people.services import archive_person, restore_person
from tests.people.factories import make_person
from tests.people.test_import_flow import row, xlsx

pytestmark = pytest.mark.django_db


def orm_counts() -> dict:
    """Return the tallies' numbers counted with the ORM from the live persons."""
    live = Person.objects.filter(archived_at__isnull=True)
    counts = {}

    def add(trait, rows, value):
        for r in rows:
            if r["n"]:
                key = (r["region_id"], trait, value(r))
                counts[key] = counts.get(key, 0) + r["n"]

    by = live.values
    add(
        "subtype",
        by("region_id", "category", "subtype_id").annotate(n=Count("*")),
        lambda r: f"{r['category']}:{r['subtype_id']}",
    )
    add("sex", by("region_id", "sex").annotate(n=Count("*")), lambda r: r["sex"])
    add(
        "education",
        by("region_id", "highest_education").annotate(n=Count("*")),
        lambda r: r["highest_education"],
    )
    add(
        "affiliation",
        by("region_id", "affiliation").exclude(affiliation="").annotate(n=Count("*")),
        lambda r: r["affiliation"],
    )
    second = live.exclude(affiliation_2="").exclude(affiliation_2=F("affiliation"))
    add(
        "affiliation",
        second.values("region_id", "affiliation_2").annotate(n=Count("*")),
        lambda r: r["affiliation_2"],
    )
    add(
        "birth",
        by("region_id", "birth_date").annotate(n=Count("*")),
        lambda r: r["birth_date"].isoformat() if r["birth_date"] else "",
    )
    add(
        "birth_month",
        by("region_id", "birth_date").annotate(n=Count("*")),
        lambda r: r["birth_date"].isoformat()[:7] if r["birth_date"] else "",
    )
    return counts


def assert_tallies_right():
    assert tallies.differences() == {}
    assert dict(tallies.stored_counts()) == orm_counts()


def test_creating_persons_counts_them_under_every_trait(personas):
    a = make_person(personas.district_a, sex="1", birth_date=datetime.date(1980, 1, 2))
    make_person(personas.district_a, name="李娜", sex="2", subtype_name="注册会计师")
    make_person(personas.district_b, affiliation="03", affiliation_2="13")
    assert_tallies_right()
    kept = tallies.stored_counts()
    region = personas.district_a.pk
    assert kept[(region, "sex", "1")] == 1
    assert kept[(region, "sex", "2")] == 1
    assert kept[(region, "birth", "1980-01-02")] == 1
    assert kept[(region, "birth_month", "1980-01")] == 1
    assert kept[(region, "subtype", f"{a.category}:{a.subtype_id}")] == 1
    # Both affiliations of the third person are counted, once each.
    assert kept[(personas.district_b.pk, "affiliation", "03")] == 1
    assert kept[(personas.district_b.pk, "affiliation", "13")] == 1


def test_changing_each_counted_field_moves_the_person(personas):
    person = make_person(personas.district_a)
    changes = [
        {"sex": "2"},
        {"birth_date": None},
        {"birth_date": datetime.date(1999, 12, 31)},
        {"affiliation": "01", "affiliation_2": "03"},
        {"affiliation_2": ""},
        {"highest_education": "14"},
        {"region": personas.district_b},
        {"region": personas.street_a1},
    ]
    for change in changes:
        for name, value in change.items():
            setattr(person, name, value)
        person.save()
        assert_tallies_right()
    kept = tallies.stored_counts()
    assert kept[(personas.street_a1.pk, "birth", "1999-12-31")] == 1
    assert kept[(personas.street_a1.pk, "education", "14")] == 1
    assert sum(n for (r, t, _), n in kept.items() if t == "sex") == 1


def test_changing_an_uncounted_field_writes_no_tally(personas):
    person = make_person(personas.district_a)
    before = list(PersonTally.objects.order_by("pk").values_list("pk", "n"))
    person.work_unit = "另一家律师事务所"
    person.save()
    assert list(PersonTally.objects.order_by("pk").values_list("pk", "n")) == before


def test_queryset_updates_and_bulk_writes_are_counted(personas):
    for i in range(6):
        make_person(personas.district_a, name=f"批量{i}", birth_date=datetime.date(1970 + i, 5, 5))
    Person.objects.filter(name__in=["批量0", "批量1"]).update(sex="2", highest_education="20")
    assert_tallies_right()
    Person.objects.filter(name="批量2").update(region=personas.district_b)
    assert_tallies_right()
    lawyer = SubType.objects.get(name="律师")
    made = Person.objects.bulk_create(
        [
            Person(
                name=f"新增{i}",
                sex="1",
                id_number=f"BULK{i:04d}",
                document_type="other",
                category=lawyer.category,
                subtype=lawyer,
                region=personas.district_b,
            )
            for i in range(3)
        ]
    )
    assert_tallies_right()
    Person.objects.bulk_update(
        [setattr(p, "affiliation", "02") or p for p in made], ["affiliation"]
    )
    assert_tallies_right()


def test_archiving_and_restoring_take_the_person_out_and_back(personas):
    person = make_person(personas.district_a)
    other = make_person(personas.district_a, name="王芳", sex="2")
    archive_person(person=person, by=personas.city_staff)
    assert_tallies_right()
    assert tallies.stored_counts()[(personas.district_a.pk, "sex", "1")] == 0
    # A change to an archived person does not count it.
    person.refresh_from_db()
    person.sex = "2"
    person.save()
    assert_tallies_right()
    restore_person(person=person, by=personas.city_staff)
    assert_tallies_right()
    assert tallies.stored_counts()[(personas.district_a.pk, "sex", "2")] == 2
    Person.objects.filter(pk=other.pk).update(archived_at=timezone.now())
    assert_tallies_right()


def test_deleting_persons_and_the_purge_take_them_off(personas):
    keep = make_person(personas.district_a)
    gone = make_person(personas.district_a, name="赵强")
    Person.objects.filter(pk=gone.pk).delete()
    assert_tallies_right()
    archive_person(person=keep, by=personas.city_staff)
    Person.objects.filter(pk=keep.pk).update(archived_at=timezone.now() - datetime.timedelta(400))
    call_command("purge_archived_persons", archived_days=365, verbosity=0)
    assert not Person.objects.exists()
    assert_tallies_right()
    assert sum(tallies.stored_counts().values()) == 0


def test_a_failed_write_leaves_the_tallies_as_they_were(personas):
    person = make_person(personas.district_a)
    before = tallies.stored_counts()
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(sex="2")
        clash = Person.objects.get(pk=person.pk)
        clash.pk = None
        clash.save()  # the same live ID number: refused by the database
    assert tallies.stored_counts() == before
    assert_tallies_right()


def test_an_excel_import_counts_its_new_and_changed_rows(personas, tmp_path):
    make_person(personas.district_a, name="旧人", id_number=row("旧人", 1)[1])
    content = xlsx(
        [row("旧人", 1, 手机号码="13900009999"), *[row(f"导入{i}", 10 + i) for i in range(5)]]
    )
    path = Path(tmp_path) / "人员.xlsx"
    path.write_bytes(content)
    plan = plan_import(path, user=personas.city_staff)
    apply_import(plan, only_valid=False, by=personas.city_staff, sha256="x", filename="人员.xlsx")
    assert Person.objects.count() == 6
    assert_tallies_right()


def test_generate_roster_counts_what_it_adds(personas):
    call_command("generate_roster", persons=300, verbosity=0)
    assert Person.objects.count() >= 300
    assert_tallies_right()


def test_recount_rebuilds_tallies_that_were_damaged(personas):
    for i in range(4):
        make_person(personas.district_a, name=f"重算{i}", sex="12"[i % 2])
    PersonTally.objects.filter(trait="sex").update(n=99)
    PersonTally.objects.create(region=personas.city, trait="sex", value="9", n=5)
    assert tallies.differences()
    tallies.recount()
    assert_tallies_right()


def test_recount_command_checks_and_repairs(personas, capsys):
    make_person(personas.district_a)
    call_command("recount_person_tallies", "--check")
    assert "一致" in capsys.readouterr().out
    PersonTally.objects.filter(trait="sex").update(n=7)
    with pytest.raises(CommandError, match="不一致"):
        call_command("recount_person_tallies", "--check")
    assert "计数 7，实有 1" in capsys.readouterr().err
    call_command("recount_person_tallies")
    assert_tallies_right()


def test_the_orm_cross_check_itself_sees_a_wrong_tally(personas):
    make_person(personas.district_a)
    PersonTally.objects.filter(trait="birth").update(n=2)
    with pytest.raises(AssertionError):
        assert_tallies_right()


def test_an_archived_person_and_a_live_one_with_the_same_number_count_once(personas):
    first = make_person(personas.district_a)
    archive_person(person=first, by=personas.city_staff)
    make_person(personas.district_a, id_number=first.id_number)
    assert Person.objects.filter(archived_at__isnull=True).count() == 1
    assert_tallies_right()
    assert sum(n for (_, t, _), n in tallies.stored_counts().items() if t == "sex") == 1
