import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.enums import Category, Sex
from people.models import Person, SubType, name_to_pinyin
from tests.people.factories import id_for, make_person


def test_pinyin_and_initials_are_computed_on_save(personas):
    person = make_person(personas.district_a, name="张伟")
    assert (person.name_pinyin, person.name_initials) == ("zhangwei", "zw")
    person.name = "欧阳明月"
    person.save()
    person.refresh_from_db()
    assert (person.name_pinyin, person.name_initials) == ("ouyangmingyue", "oymy")


def test_name_to_pinyin_ignores_non_chinese():
    assert name_to_pinyin("李A华") == ("lihua", "lh")


def test_sex_and_birth_date_are_filled_from_the_id_number(personas):
    number = id_for(datetime.date(1990, 5, 17), Sex.FEMALE)
    person = Person(
        name="王芳",
        id_number=number.lower(),
        category=Category.INTERMEDIARY,
        subtype=SubType.objects.get(name="律师"),
        region=personas.district_a,
    )
    person.full_clean()
    assert person.sex == Sex.FEMALE
    assert person.birth_date == datetime.date(1990, 5, 17)
    assert person.id_number == number


def test_sex_contradicting_the_id_number_is_refused(personas):
    person = Person(
        name="王芳",
        sex=Sex.MALE,
        id_number=id_for(datetime.date(1990, 5, 17), Sex.FEMALE),
        category=Category.INTERMEDIARY,
        subtype=SubType.objects.get(name="律师"),
        region=personas.district_a,
    )
    with pytest.raises(ValidationError) as exc:
        person.full_clean()
    assert "性别与身份证号码不一致" in exc.value.message_dict["sex"][0]


def test_birth_date_contradicting_the_id_number_is_refused(personas):
    person = Person(
        name="王芳",
        birth_date=datetime.date(1990, 5, 18),
        id_number=id_for(datetime.date(1990, 5, 17), Sex.FEMALE),
        category=Category.INTERMEDIARY,
        subtype=SubType.objects.get(name="律师"),
        region=personas.district_a,
    )
    with pytest.raises(ValidationError) as exc:
        person.full_clean()
    assert "出生日期与身份证号码不一致" in exc.value.message_dict["birth_date"][0]


def test_subtype_must_belong_to_category(personas):
    person = Person(
        name="王芳",
        id_number=id_for(),
        category=Category.FREELANCE,
        subtype=SubType.objects.get(name="律师"),
        region=personas.district_a,
    )
    with pytest.raises(ValidationError) as exc:
        person.full_clean()
    assert "细分类型" in exc.value.message_dict["subtype"][0]


def test_live_id_number_is_unique_in_the_database(personas):
    person = make_person(personas.district_a)
    clone = Person(
        name="另一人",
        id_number=person.id_number,
        category=person.category,
        subtype=person.subtype,
        region=personas.district_b,
    )
    with pytest.raises(ValidationError, match="已登记在名册中"):
        clone.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


def test_archived_person_does_not_block_the_same_number(personas):
    person = make_person(personas.district_a)
    Person.objects.filter(pk=person.pk).update(
        archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    clone = make_person(personas.district_a, name="张伟", id_number=person.id_number)
    assert Person.objects.filter(id_number=person.id_number).count() == 2
    assert clone.pk != person.pk


def test_masked_numbers(personas):
    person = make_person(personas.district_a, mobile="13812345678")
    assert person.masked_id_number == person.id_number[:6] + "********" + person.id_number[-4:]
    assert person.masked_mobile == "138****5678"
