"""Writes to recommendations: saving a unit's draft and the one function that changes a
recommendation's state (accepting puts the person on the roster and into the pool).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import AuditAction, Role
from accounts.permissions import Cap, has_cap
from accounts.services import audit
from people.models import Person
from people.services import create_person, update_person
from people.validators import normalize_id_number
from talent_pool.enums import POOL_LEVELS, EntryStatus, RecommendationState, Tier
from talent_pool.models import PoolEntry, Recommendation, RecommendationEvent, person_to_data
from talent_pool.permissions import (
    ACTOR_FOR_TARGET,
    EDITABLE_STATES,
    TRANSITIONS,
    is_recommending_unit,
    may_act,
)
from talent_pool.services.pool import check_target

State = RecommendationState


def _person_errors(exc: ValidationError, prefix: str = "") -> ValidationError:
    """Return the person's validation errors as messages naming each field."""
    messages = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            if field == "__all__":
                messages.extend(f"{prefix}{error}" for error in errors)
                continue
            label = Person._meta.get_field(field).verbose_name
            messages.extend(
                prefix + _("%(field)s：%(error)s") % {"field": label, "error": error}
                for error in errors
            )
    else:
        messages.extend(f"{prefix}{error}" for error in exc.messages)
    return ValidationError(messages)


def _live_clash(person: Person) -> Person | None:
    return (
        Person.objects.live()
        .filter(document_type=person.document_type, id_number=normalize_id_number(person.id_number))
        .exclude(pk=person.pk)
        .first()
    )


def _roster_clash_message(clash: Person) -> str:
    return _(
        "该证件号码已属于名册中的人员（%(name)s），不能重复录入；"
        "请改为“推荐名册中已有人员”，按证件号码选择该人员。"
    ) % {"name": clash.name}


def _check_pool_region(region, unit) -> None:
    if region.level not in POOL_LEVELS:
        raise ValidationError({"region": _("只能推荐列入市级或区（县）级人才库。")})
    if not region.path.startswith(unit.region.path):
        raise ValidationError({"region": _("只能推荐列入本单位所在区划及其下级的人才库。")})


def _fill_from_person(recommendation: Recommendation, person: Person) -> None:
    recommendation.name = person.name
    recommendation.id_number = person.id_number
    recommendation.category = person.category
    recommendation.subtype_id = person.subtype_id


def _validated_new_person(recommendation: Recommendation) -> Person:
    """Return the new person of a recommendation, checked with the roster's rules."""
    person = recommendation.new_person()
    try:
        # The roster's unique number is checked below, with a message fit for a liaison.
        person.full_clean(validate_constraints=False)
    except ValidationError as exc:
        raise _person_errors(exc, _("人员信息：")) from exc
    clash = _live_clash(person)
    if clash is not None:
        raise ValidationError({"id_number": _roster_clash_message(clash)})
    if not person.region.path.startswith(recommendation.unit.region.path):
        raise ValidationError(_("人员信息：所在区划须在推荐单位所在区划范围内。"))
    return person


@transaction.atomic
def save_recommendation(
    *, recommendation: Recommendation, standards=(), by, request=None
) -> Recommendation:
    """Save a unit's recommendation as a draft (new, or edited while draft or returned).

    The unit is always the liaison's own unit, whatever the submitted data said. For a new
    person ``person_data`` is validated with the roster's rules and stored normalised.
    """
    creating = recommendation.pk is None
    if creating:
        if not (
            has_cap(by, Cap.SUBMIT_RECOMMENDATION)
            and by.role == Role.UNIT_LIAISON
            and by.unit_id is not None
        ):
            raise PermissionDenied
        recommendation.unit = by.unit
        recommendation.created_by = by
        recommendation.state = State.DRAFT
    else:
        current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if not is_recommending_unit(by, current):
            raise PermissionDenied
        if current.state not in EDITABLE_STATES:
            raise ValidationError(_("该推荐已提交或已审核，不能再修改。"))
        # The unit and the state never change by editing.
        recommendation.unit_id = current.unit_id
        recommendation.state = current.state
        recommendation.created_by_id = current.created_by_id
    _check_pool_region(recommendation.region, recommendation.unit)

    if recommendation.is_new_person:
        recommendation.person = None
        person = _validated_new_person(recommendation)
        recommendation.person_data = person_to_data(person)
        _fill_from_person(recommendation, person)
    else:
        if recommendation.person_id is None:
            raise ValidationError({"person": _("请选择名册中的人员。")})
        person = recommendation.person
        if person.archived_at is not None:
            raise ValidationError({"person": _("该人员已归档，不能推荐。")})
        recommendation.person_data = {}
        _fill_from_person(recommendation, person)

    recommendation.full_clean()
    recommendation.save()
    recommendation.standards.set(standards)
    audit(
        AuditAction.CREATE if creating else AuditAction.UPDATE,
        request=request,
        user=by,
        obj=recommendation,
        detail={"state": recommendation.state, "new_person": recommendation.is_new_person},
    )
    return recommendation


def _transition_error(source: str, target: str) -> str:
    if source == State.RETURNED and target in (State.ACCEPTED, State.REJECTED):
        return _("该推荐已退回推荐单位，须由推荐单位修改并重新提交后才能审核。")
    if source == State.ACCEPTED:
        return _("该推荐已审核通过入库，不能再变更。")
    if source == State.REJECTED:
        return _("该推荐已决定不予通过，不能再变更。")
    if source == State.DRAFT:
        return _("该推荐还是草稿，推荐单位提交后才能审核。")
    refusals = {
        State.SUBMITTED: _("该推荐当前状态为“%(state)s”，不能提交。"),
        State.RETURNED: _("该推荐当前状态为“%(state)s”，不能退回。"),
        State.ACCEPTED: _("该推荐当前状态为“%(state)s”，不能审核通过。"),
        State.REJECTED: _("该推荐当前状态为“%(state)s”，不能不予通过。"),
    }
    refusal = refusals.get(target, _("该推荐当前状态为“%(state)s”，不能变更。"))
    return refusal % {"state": State(source).label}


@transaction.atomic
def set_recommendation_state(
    recommendation: Recommendation,
    new_state: str,
    *,
    by,
    comment: str = "",
    tier: str | None = None,
    confirm_over_target: bool = False,
    request=None,
) -> Recommendation:
    """Move a recommendation to new_state: the one place where its state changes.

    Raise PermissionDenied when the user may never make this move (a liaison accepting,
    staff submitting), ValidationError when the move is not possible from the current state
    or its data is wrong, OverTarget when accepting would pass the pool's target and
    ``confirm_over_target`` is not set. Nothing is written in those cases.
    """
    actor = ACTOR_FOR_TARGET.get(new_state)
    if actor is None or not may_act(by, recommendation, actor):
        raise PermissionDenied
    locked = (
        Recommendation.objects.select_for_update()
        .select_related("unit", "unit__region", "region")
        .get(pk=recommendation.pk)
    )
    source = locked.state
    if TRANSITIONS.get((source, new_state)) != actor:
        raise ValidationError(_transition_error(source, new_state))
    comment = (comment or "").strip()
    if new_state == State.RETURNED and not comment:
        raise ValidationError(_("退回时请填写意见，说明需要推荐单位修改的内容。"))
    if new_state == State.REJECTED and not comment:
        raise ValidationError(_("不予通过时请填写理由。"))

    now = timezone.now()
    if new_state == State.SUBMITTED:
        _check_submittable(locked)
        locked.submitted_at = now
    elif new_state == State.ACCEPTED:
        _accept(
            locked,
            by=by,
            tier=tier or locked.requested_tier,
            confirm_over_target=confirm_over_target,
            request=request,
        )
    if new_state in (State.ACCEPTED, State.REJECTED):
        locked.decided_at, locked.decided_by = now, by
    locked.state = new_state
    locked.save()
    RecommendationEvent.objects.create(
        recommendation=locked, from_state=source, to_state=new_state, by=by, at=now, comment=comment
    )
    audit(
        AuditAction.TRANSITION,
        request=request,
        user=by,
        obj=locked,
        detail={"from": source, "to": new_state, "comment": comment},
    )
    return locked


def _check_submittable(recommendation: Recommendation) -> None:
    if recommendation.is_new_person and recommendation.person_id is None:
        _validated_new_person(recommendation)
    elif recommendation.person.archived_at is not None:
        raise ValidationError(_("该人员已归档，不能推荐。"))


def _accept(recommendation, *, by, tier, confirm_over_target, request) -> PoolEntry:
    """Create or update the roster person and put them in the pool, without re-keying."""
    region = recommendation.region
    if tier not in Tier.values:
        raise ValidationError(_("请选择入库类别。"))
    if recommendation.person_id is None:
        person = recommendation.new_person()
        clash = _live_clash(person)
        if clash is not None:
            raise ValidationError(
                _(
                    "名册中已有证件号码相同的人员（%(name)s），不能重复录入。"
                    "请退回推荐单位，改为推荐名册中已有人员。"
                )
                % {"name": clash.name}
            )
        person._change_reason = _("根据%(unit)s的推荐录入") % {"unit": recommendation.unit.name}
        try:
            person = create_person(person=person, by=by, request=request)
        except ValidationError as exc:
            raise _person_errors(exc, _("推荐的人员信息有误：")) from exc
    else:
        person = Person.objects.select_for_update().get(pk=recommendation.person_id)
        if person.archived_at is not None:
            raise ValidationError(_("该人员已归档，不能列入人才库。"))
        changed = [
            name
            for name in ("political_performance", "achievements")
            if getattr(recommendation, name).strip()
            and getattr(recommendation, name) != getattr(person, name)
        ]
        if changed:
            for name in changed:
                setattr(person, name, getattr(recommendation, name))
            person._change_reason = _("根据%(unit)s的推荐更新") % {"unit": recommendation.unit.name}
            update_person(
                person=person,
                expected_version=person.version,
                changed_fields=changed,
                by=by,
                request=request,
            )
    if PoolEntry.objects.filter(person=person, region=region, status=EntryStatus.ACTIVE).exists():
        raise ValidationError(
            _("%(name)s已在%(region)s人才库中，不能重复入库。")
            % {"name": person.name, "region": region.name}
        )
    check_target(region, tier, confirm_over_target)
    entry = PoolEntry(
        person=person,
        region=region,
        tier=tier,
        recommended_by=recommendation.unit,
        recommendation=recommendation,
        added_reason=(_("%(unit)s推荐") % {"unit": recommendation.unit.name})[:200],
    )
    entry.full_clean()
    entry.save()
    recommendation.person = person
    audit(
        AuditAction.CREATE,
        request=request,
        user=by,
        obj=entry,
        detail={"recommendation": recommendation.pk, "tier": tier, "region": region.name},
    )
    return entry
