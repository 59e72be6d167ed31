"""POST data for the person form and its repeating sections."""

from people.forms import CHILD_FORMSETS
from people.models import SubType


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def person_post(region, *, id_number, rows=None, **overrides):
    """Return POST data for creating a person; rows maps a formset prefix to row dicts."""
    data = {
        "name": "李华",
        "sex": "",
        "birth_date": "",
        "ethnicity": "01",
        "nationality": "中国",
        "affiliation": "13",
        "document_type": "resident_id",
        "id_number": id_number,
        "category": "intermediary",
        "subtype": str(SubType.objects.get(name="律师").pk),
        "region": str(region.pk),
        "work_unit": "示范明理律师事务所",
        "position": "合伙人",
    }
    data.update(overrides)
    rows = rows or {}
    for prefix, _, _ in CHILD_FORMSETS:
        prefix_rows = rows.get(prefix, [])
        data.update(management(prefix, len(prefix_rows)))
        for index, row in enumerate(prefix_rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return data


def edit_post(person, **overrides):
    """Return POST data that re-submits a person's edit form unchanged except overrides."""
    from people.forms import PERSON_FIELDS

    data = {}
    for name in PERSON_FIELDS:
        if name == "photo":
            continue
        value = getattr(person, name if name not in ("subtype", "region") else f"{name}_id")
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else str(value)
    data["version"] = str(person.version)
    data.update(overrides)
    for prefix, _, _ in CHILD_FORMSETS:
        related = {
            "educations": person.educations,
            "work": person.work_history,
            "positions": person.social_positions,
            "awards": person.awards,
            "family": person.family_members,
        }[prefix]
        existing = list(related.all())
        data.update(management(prefix, len(existing), len(existing)))
        for index, row in enumerate(existing):
            data[f"{prefix}-{index}-id"] = str(row.pk)
            for field in row._meta.concrete_fields:
                if field.name in ("id", "person", "order"):
                    continue
                value = getattr(row, field.attname)
                if isinstance(value, bool):
                    if value:
                        data[f"{prefix}-{index}-{field.name}"] = "on"
                    continue
                data[f"{prefix}-{index}-{field.name}"] = "" if value is None else str(value)
    return data
