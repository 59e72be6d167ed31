"""Writes to the roster: create, update (with optimistic locking), archive, restore, reveal."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import AuditAction
from accounts.services import audit
from people.enums import Education
from people.models import Person

# Lower rank = higher education (GB/T 4658 codes sort that way).
EDUCATION_RANK = {code: rank for rank, code in enumerate(Education.values)}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


class EditConflict(Exception):
    """Somebody else saved the person after the form was opened."""

    def __init__(self, *, current: Person, theirs: list[FieldChange], by: str, at):
        super().__init__("edit conflict")
        self.current = current
        self.theirs = theirs
        self.by = by
        self.at = at


def _display(person, field_name) -> str:
    field = Person._meta.get_field(field_name)
    value = getattr(person, field_name, None)
    if field.is_relation:
        value = getattr(person, field_name, None)
    elif field.choices:
        value = dict(field.flatchoices).get(value, value)
    if value in (None, ""):
        return _("（空）")
    if field_name == "id_number":
        return _("（已修改）")
    return str(value)


def diff_persons(old, new, field_names) -> list[FieldChange]:
    """Return the changes between two versions of a person in the given fields."""
    changes = []
    for name in field_names:
        field = Person._meta.get_field(name)
        attname = field.attname
        if getattr(old, attname, None) != getattr(new, attname, None):
            changes.append(
                FieldChange(str(field.verbose_name), _display(old, name), _display(new, name))
            )
    return changes


def _highest_education(person: Person) -> str:
    codes = [e.education for e in person.educations.all() if e.education]
    highest = [e.education for e in person.educations.all() if e.is_highest and e.education]
    pool = highest or codes
    if not pool:
        # No education rows (e.g. imported from Excel with only 最高学历): keep what is there.
        return person.highest_education
    return min(pool, key=lambda code: EDUCATION_RANK.get(code, 99))


def _save_children(person: Person, formsets) -> None:
    for formset in formsets:
        formset.instance = person
        formset.save()
    highest = _highest_education(person)
    if highest != person.highest_education:
        Person.objects.filter(pk=person.pk).update(highest_education=highest)
        person.highest_education = highest


def _raise_duplicate(exc: IntegrityError):
    if "person_unique_live_document" in str(exc) or "UNIQUE" in str(exc).upper():
        raise ValidationError(
            {"id_number": _("该证件号码已登记在名册中（在册人员），不能重复录入。")}
        ) from exc
    raise exc


@transaction.atomic
def create_person(*, person: Person, formsets=(), by, request=None) -> Person:
    """Save a new person (already validated by its form) with its repeating sections."""
    person.full_clean()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        _raise_duplicate(exc)
    _save_children(person, formsets)
    audit(AuditAction.CREATE, request=request, user=by, obj=person)
    return person


@transaction.atomic
def update_person(
    *, person: Person, expected_version: int, changed_fields, formsets=(), by, request=None
) -> Person:
    """Save an edited person unless somebody else saved it since expected_version.

    Raise EditConflict with the other user's changes; nothing is written then.
    """
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != expected_version:
        seen = person.history.filter(version=expected_version).order_by("history_id").last()
        latest = current.history.select_related("history_user").order_by("-history_id").first()
        editable = [f.name for f in Person._meta.concrete_fields if f.editable]
        theirs = diff_persons(seen, current, editable) if seen else []
        raise EditConflict(
            current=current,
            theirs=theirs,
            by=str(latest.history_user) if latest and latest.history_user else _("其他用户"),
            at=latest.history_date if latest else current.updated_at,
        )
    person.full_clean()
    person.version = current.version + 1
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        _raise_duplicate(exc)
    _save_children(person, formsets)
    audit(
        AuditAction.UPDATE,
        request=request,
        user=by,
        obj=person,
        detail={"fields": sorted(changed_fields), "version": person.version},
    )
    return person


@transaction.atomic
def archive_person(*, person: Person, by, reason: str = "", request=None) -> Person:
    """Hide a person from lists, search, pickers and exports; the history stays."""
    if person.archived_at is not None:
        raise ValidationError(_("该人员已归档。"))
    person.archived_at = timezone.now()
    person.version += 1
    person._change_reason = reason or _("归档")
    person.save(update_fields=["archived_at", "version", "updated_at"])
    audit(AuditAction.ARCHIVE, request=request, user=by, obj=person, detail={"reason": reason})
    return person


@transaction.atomic
def restore_person(*, person: Person, by, request=None) -> Person:
    """Bring an archived person back, unless a live person now holds the same number."""
    if person.archived_at is None:
        raise ValidationError(_("该人员未归档，无需恢复。"))
    clash = Person.objects.live().filter(
        document_type=person.document_type, id_number=person.id_number
    )
    if clash.exists():
        raise ValidationError(_("名册中已有相同证件号码的在册人员，不能恢复。请先核对重复记录。"))
    person.archived_at = None
    person.version += 1
    person._change_reason = _("恢复")
    person.save(update_fields=["archived_at", "version", "updated_at"])
    audit(AuditAction.RESTORE, request=request, user=by, obj=person)
    return person


def reveal_person_numbers(*, person: Person, by, request=None) -> dict[str, str]:
    """Return the person's full ID and mobile numbers, and record that they were shown."""
    audit(
        AuditAction.REVEAL,
        request=request,
        user=by,
        obj=person,
        detail={"fields": ["id_number", "mobile"]},
    )
    return {"id_number": person.id_number, "mobile": person.mobile}
