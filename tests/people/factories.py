"""Small builders of persons for the roster tests."""

import datetime
import itertools

from people.demo import fictional_id_number
from people.enums import Category, Sex
from people.models import Person, SubType

_sequence = itertools.count(1)


def id_for(birth_date=datetime.date(1985, 3, 7), sex=Sex.MALE, address="339902") -> str:
    return fictional_id_number(address, birth_date, next(_sequence) % 499, sex)


def make_person(region, *, name="张伟", subtype_name="律师", **fields) -> Person:
    subtype = SubType.objects.get(name=subtype_name)
    sex = fields.pop("sex", Sex.MALE)
    birth_date = fields.pop("birth_date", datetime.date(1985, 3, 7))
    person = Person(
        name=name,
        sex=sex,
        birth_date=birth_date,
        id_number=fields.pop("id_number", None) or id_for(birth_date, sex, region.code[:6]),
        category=subtype.category if subtype else Category.INTERMEDIARY,
        subtype=subtype,
        region=region,
        **fields,
    )
    person.full_clean()
    person.save()
    return person
