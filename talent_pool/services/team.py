"""Writes to the team records: political arrangements, training, key contacts and
associations. Staff of the person's (or the record's) region write them; the leader who
keeps a contact logs it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.enums import AuditAction
from accounts.services import audit
from people.models import Person
from talent_pool.models import (
    Association,
    ContactAssignment,
    ContactLog,
    CouncilPost,
    Membership,
    PoliticalArrangement,
    TrainingCourse,
    TrainingParticipant,
)
from talent_pool.permissions import can_edit_pool_region, can_keep_contacts, can_log_contact


def _require_editor(by, region) -> None:
    if not can_edit_pool_region(by, region):
        raise PermissionDenied


def _live(person: Person) -> Person:
    if person.archived_at is not None:
        raise ValidationError({"person": _("该人员已归档，不能再添加记录。")})
    return person


def _save(obj, *, by, request, detail=None):
    creating = obj.pk is None
    obj.full_clean()
    obj.save()
    audit(
        AuditAction.CREATE if creating else AuditAction.UPDATE,
        request=request,
        user=by,
        obj=obj,
        detail=detail or {},
    )
    return obj


@transaction.atomic
def save_arrangement(
    *, arrangement: PoliticalArrangement, by, request=None
) -> PoliticalArrangement:
    """Record or change a person's political arrangement."""
    _require_editor(by, arrangement.person.region)
    _live(arrangement.person)
    if arrangement.pk is None:
        arrangement.created_by = by
    return _save(arrangement, by=by, request=request, detail={"kind": arrangement.kind})


@transaction.atomic
def save_course(*, course: TrainingCourse, by, request=None) -> TrainingCourse:
    """Record or change a training course of a region in the user's scope."""
    _require_editor(by, course.region)
    if course.pk is None:
        course.created_by = by
    return _save(course, by=by, request=request)


@transaction.atomic
def add_participant(
    *, course: TrainingCourse, person: Person, by, request=None
) -> TrainingParticipant:
    """Add a roster person to a course's participants (once)."""
    _require_editor(by, course.region)
    _live(person)
    participant = TrainingParticipant(course=course, person=person, added_by=by)
    try:
        participant.full_clean()
    except ValidationError as exc:
        raise ValidationError(
            [_("%(name)s：%(message)s") % {"name": person.name, "message": m} for m in exc.messages]
        ) from exc
    participant.save()
    audit(AuditAction.CREATE, request=request, user=by, obj=participant)
    return participant


@transaction.atomic
def remove_participant(*, participant: TrainingParticipant, by, request=None) -> None:
    _require_editor(by, participant.course.region)
    audit(AuditAction.DELETE, request=request, user=by, obj=participant)
    participant.delete()


@transaction.atomic
def assign_contact(*, leader, person: Person, by, request=None) -> ContactAssignment:
    """List a person among those a leader keeps contact with."""
    _require_editor(by, person.region)
    _live(person)
    if not can_keep_contacts(leader):
        raise ValidationError({"leader": _("联系领导须为领导或统战部工作人员的账号。")})
    if not person.region.path.startswith(leader.unit.region.path):
        raise ValidationError(
            {
                "leader": _("%(leader)s的工作范围不包括%(name)s所在区划。")
                % {"leader": leader, "name": person.name}
            }
        )
    assignment = ContactAssignment(leader=leader, person=person, assigned_by=by)
    return _save(assignment, by=by, request=request, detail={"leader": leader.pk})


@transaction.atomic
def end_contact(*, assignment: ContactAssignment, by, request=None) -> ContactAssignment:
    _require_editor(by, assignment.person.region)
    assignment.is_active = False
    return _save(assignment, by=by, request=request, detail={"ended": True})


@transaction.atomic
def log_contact(*, log: ContactLog, by, request=None) -> ContactLog:
    """Record a talk, call, forum or visit with a person on the leader's list."""
    if not can_log_contact(by, log.assignment):
        raise PermissionDenied
    log.created_by = by
    return _save(log, by=by, request=request, detail={"form": log.form})


@transaction.atomic
def save_association(*, association: Association, by, request=None) -> Association:
    _require_editor(by, association.region)
    return _save(association, by=by, request=request)


@transaction.atomic
def add_member(
    *, association: Association, person: Person, joined_on, by, request=None
) -> Membership:
    """Record a person as a member of an association (once)."""
    _require_editor(by, association.region)
    _live(person)
    membership = Membership(association=association, person=person, joined_on=joined_on)
    try:
        membership.full_clean()
    except ValidationError as exc:
        raise ValidationError(
            [_("%(name)s：%(message)s") % {"name": person.name, "message": m} for m in exc.messages]
        ) from exc
    membership.save()
    audit(AuditAction.CREATE, request=request, user=by, obj=membership)
    return membership


@transaction.atomic
def add_council_post(*, post: CouncilPost, by, request=None) -> CouncilPost:
    """Give a member a post on the association's council for a term."""
    _require_editor(by, post.association.region)
    return _save(post, by=by, request=request, detail={"role": post.role, "term": post.term})


__all__ = [
    "add_council_post",
    "add_member",
    "add_participant",
    "assign_contact",
    "end_contact",
    "log_contact",
    "remove_participant",
    "save_arrangement",
    "save_association",
    "save_course",
]
