import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.forms import PERSON_FIELDS
from talent_pool.enums import EntryStatus, Tier
from talent_pool.models import (
    NEW_PERSON_FIELDS,
    EvaluationScore,
    PoolEntry,
    Quota,
    person_from_data,
    person_to_data,
)
from tests.talent_pool.builders import make_entry, make_person, make_recommendation


def test_new_person_fields_are_the_roster_forms_fields_without_the_photo():
    assert [name for name in PERSON_FIELDS if name != "photo"] == NEW_PERSON_FIELDS


def test_person_data_round_trips(personas):
    person = make_person(personas.district_a, name="往返", birth_date=datetime.date(1985, 3, 7))
    copy = person_from_data(person_to_data(person))
    assert copy.pk is None
    for name in NEW_PERSON_FIELDS:
        field = person._meta.get_field(name)
        assert getattr(copy, field.attname) == getattr(person, field.attname), name


def test_entry_for_an_archived_person_is_invalid(personas):
    from people.services import archive_person

    person = make_person(personas.district_a)
    archive_person(person=person, by=personas.staff_a)
    with pytest.raises(ValidationError) as exc:
        PoolEntry(person=person, region=personas.district_a, tier=Tier.RESERVE).full_clean()
    assert exc.value.message_dict["person"] == ["已归档的人员不能列入人才库。"]


def test_one_active_entry_per_pool_in_the_database(personas):
    person = make_person(personas.district_a)
    make_entry(person, personas.district_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        PoolEntry.objects.create(person=person, region=personas.district_a, tier=Tier.RESERVE)


def test_removed_entry_without_reason_is_refused_by_the_database(personas):
    person = make_person(personas.district_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        PoolEntry.objects.create(
            person=person, region=personas.district_a, tier=Tier.RESERVE, status=EntryStatus.REMOVED
        )


def test_quota_target_below_minimum_is_refused(personas):
    with pytest.raises(ValidationError):
        Quota(region=personas.district_a, tier=Tier.RESERVE, minimum=5, target=4).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Quota.objects.create(region=personas.district_a, tier=Tier.RESERVE, minimum=5, target=4)


def test_score_outside_scale_is_refused_by_the_database(personas):
    from talent_pool.models import Criterion, Evaluation

    entry = make_entry(make_person(personas.district_a), personas.district_a)
    evaluation = Evaluation.objects.create(pool_entry=entry, evaluator=personas.staff_a, total=50)
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationScore.objects.create(
            evaluation=evaluation,
            criterion=Criterion.objects.first(),
            score=11,
            weight=25,
            scale_max=10,
        )


def test_evaluation_needs_exactly_one_target(personas):
    from talent_pool.models import Evaluation

    entry = make_entry(make_person(personas.district_a), personas.district_a)
    rec = make_recommendation(personas.unit_x, personas.district_a, by=personas.liaison_x)
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(
            pool_entry=entry, recommendation=rec, evaluator=personas.staff_a, total=1
        )


def test_four_standards_ship_as_data(db):
    from talent_pool.models import Criterion

    assert list(Criterion.objects.values_list("name", "weight", "scale_max")) == [
        ("政治素质", 25, 10),
        ("社会贡献", 25, 10),
        ("参政议政能力", 25, 10),
        ("群体影响力", 25, 10),
    ]
