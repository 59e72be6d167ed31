"""Writes to the pool itself: entries, quotas, evaluations and the annual review."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import AuditAction
from accounts.services import audit
from people.models import Person
from talent_pool.enums import (
    DEFAULT_CRITERIA,
    POOL_LEVELS,
    DecisionKind,
    EntryStatus,
    ReviewStatus,
    Tier,
)
from talent_pool.models import (
    AnnualReview,
    Criterion,
    Evaluation,
    EvaluationScore,
    PoolEntry,
    Quota,
    Recommendation,
    ReviewDecision,
    ReviewMember,
)
from talent_pool.permissions import can_edit_pool_region, can_evaluate_recommendation
from talent_pool.selectors import active_count, quota_for


class OverTarget(Exception):
    """Adding one more person would take a pool beyond its target; ask first."""

    def __init__(self, *, region, tier: str, active: int, target: int):
        self.region, self.tier, self.active, self.target = region, tier, active, target
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _(
            "%(region)s人才库的%(tier)s已有%(active)s人，"
            "达到或超过目标人数%(target)s人。确认仍要入库吗？"
        ) % {
            "region": self.region.name,
            "tier": Tier(self.tier).label,
            "active": self.active,
            "target": self.target,
        }


def other_tier(tier: str) -> str:
    return Tier.RESERVE if tier == Tier.REPRESENTATIVE else Tier.REPRESENTATIVE


def check_target(region, tier, confirmed: bool) -> None:
    active = active_count(region, tier)
    _minimum, target = quota_for(region, tier)
    if active + 1 > target and not confirmed:
        raise OverTarget(region=region, tier=tier, active=active, target=target)


def _require_pool_editor(by, region) -> None:
    if not can_edit_pool_region(by, region):
        raise PermissionDenied


@transaction.atomic
def add_pool_entry(
    *,
    person: Person,
    region,
    tier: str,
    by,
    reason: str = "",
    confirm_over_target: bool = False,
    request=None,
) -> PoolEntry:
    """Put a roster person directly into a region's pool (staff, without a recommendation)."""
    _require_pool_editor(by, region)
    if region.level not in POOL_LEVELS:
        raise ValidationError({"region": _("只有市级和区（县）级设人才库。")})
    person = Person.objects.select_for_update().get(pk=person.pk)
    entry = PoolEntry(person=person, region=region, tier=tier, added_reason=reason.strip())
    entry.full_clean()
    check_target(region, tier, confirm_over_target)
    entry.save()
    audit(AuditAction.CREATE, request=request, user=by, obj=entry, detail={"tier": tier})
    return entry


@transaction.atomic
def remove_pool_entry(*, entry: PoolEntry, reason: str, by, on=None, request=None) -> PoolEntry:
    """Take a person out of a pool; the reason is required and the entry stays as history."""
    _require_pool_editor(by, entry.region)
    entry = PoolEntry.objects.select_for_update().select_related("person").get(pk=entry.pk)
    if entry.status != EntryStatus.ACTIVE:
        raise ValidationError(_("该人员已出库。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"removal_reason": _("出库须填写原因。")})
    entry.status = EntryStatus.REMOVED
    entry.removal_reason = reason
    entry.removed_on = on or timezone.localdate()
    entry.full_clean()
    entry.save()
    audit(AuditAction.UPDATE, request=request, user=by, obj=entry, detail={"removed": reason})
    return entry


@transaction.atomic
def change_entry_tier(*, entry: PoolEntry, tier: str, by, request=None) -> PoolEntry:
    """Move an active entry to the other tier."""
    _require_pool_editor(by, entry.region)
    entry = PoolEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != EntryStatus.ACTIVE:
        raise ValidationError(_("已出库的人员不能调整类别。"))
    if tier not in Tier.values:
        raise ValidationError({"tier": _("请选择类别。")})
    if tier == entry.tier:
        raise ValidationError({"tier": _("该人员已是%(tier)s。") % {"tier": Tier(tier).label}})
    old = entry.tier
    entry.tier = tier
    entry.full_clean()
    entry.save()
    audit(AuditAction.UPDATE, request=request, user=by, obj=entry, detail={"tier": [old, tier]})
    return entry


@transaction.atomic
def save_quota(*, region, tier: str, minimum: int, target: int, by, request=None) -> Quota:
    """Set a region's quota for one tier."""
    _require_pool_editor(by, region)
    if region.level not in POOL_LEVELS:
        raise ValidationError(_("只有市级和区（县）级设人才库名额。"))
    quota = Quota.objects.filter(region=region, tier=tier).first() or Quota(
        region=region, tier=tier
    )
    old = (quota.minimum, quota.target)
    quota.minimum, quota.target = minimum, target
    quota.full_clean()
    quota.save()
    audit(
        AuditAction.UPDATE,
        request=request,
        user=by,
        obj=quota,
        detail={"tier": tier, "before": list(old), "after": [minimum, target]},
    )
    return quota


HUNDRED = Decimal(100)


def weighted_total(scores: list[tuple[Criterion, Decimal]]) -> Decimal:
    """Return the weighted total on a 0–100 scale."""
    weights = sum(c.weight for c, _ in scores)
    if not weights:
        return Decimal(0)
    total = sum(Decimal(score) / c.scale_max * c.weight for c, score in scores) / weights
    return (total * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def evaluate(
    *,
    by,
    scores: dict,
    political_performance: str = "",
    achievements: str = "",
    pool_entry: PoolEntry | None = None,
    recommendation: Recommendation | None = None,
    evaluated_on=None,
    request=None,
) -> Evaluation:
    """Record a scored evaluation of a pool entry or a recommendation.

    ``scores`` maps each active criterion (or its pk) to a score within its scale.
    """
    if (pool_entry is None) == (recommendation is None):
        raise ValueError("evaluate needs exactly one of pool_entry and recommendation")
    if pool_entry is not None:
        _require_pool_editor(by, pool_entry.region)
    elif not can_evaluate_recommendation(by, recommendation):
        raise PermissionDenied
    by_pk = {getattr(key, "pk", key): value for key, value in scores.items()}
    criteria = list(Criterion.objects.filter(is_active=True))
    errors, rows = {}, []
    for criterion in criteria:
        raw = by_pk.get(criterion.pk)
        try:
            score = Decimal(str(raw))
        except (ArithmeticError, ValueError, TypeError):
            errors[f"score_{criterion.pk}"] = _("请填写“%(name)s”的评分。") % {
                "name": criterion.name
            }
            continue
        if not (score.is_finite() and 0 <= score <= criterion.scale_max):
            errors[f"score_{criterion.pk}"] = _("“%(name)s”的评分应在0到%(max)s之间。") % {
                "name": criterion.name,
                "max": criterion.scale_max,
            }
            continue
        rows.append((criterion, score))
    if not criteria:
        errors["__all__"] = _("尚未设置评价标准，请联系系统管理员。")
    if errors:
        raise ValidationError(errors)
    evaluation = Evaluation(
        pool_entry=pool_entry,
        recommendation=recommendation,
        evaluator=by,
        evaluated_on=evaluated_on or timezone.localdate(),
        total=weighted_total(rows),
        political_performance=political_performance.strip(),
        achievements=achievements.strip(),
    )
    evaluation.full_clean()
    evaluation.save()
    for criterion, score in rows:
        row = EvaluationScore(
            evaluation=evaluation,
            criterion=criterion,
            score=score,
            weight=criterion.weight,
            scale_max=criterion.scale_max,
        )
        row.full_clean()
        row.save()
    audit(
        AuditAction.CREATE,
        request=request,
        user=by,
        obj=evaluation,
        detail={"total": str(evaluation.total)},
    )
    return evaluation


@transaction.atomic
def open_review(*, region, year: int, by, request=None) -> AnnualReview:
    """Open a region's annual review of its pool for a year."""
    _require_pool_editor(by, region)
    if region.level not in POOL_LEVELS:
        raise ValidationError(_("只有市级和区（县）级人才库需要年度复核。"))
    if year > timezone.localdate().year:
        raise ValidationError(_("%(year)s年尚未到来，不能发起该年度复核。") % {"year": year})
    if AnnualReview.objects.filter(region=region, year=year).exists():
        raise ValidationError(
            _("%(region)s%(year)s年度复核已发起，不能重复发起。")
            % {"region": region.name, "year": year}
        )
    unfinished = AnnualReview.objects.filter(region=region, status=ReviewStatus.OPEN).first()
    if unfinished is not None:
        raise ValidationError(
            _("请先完成%(region)s%(year)s年度复核。")
            % {"region": region.name, "year": unfinished.year}
        )
    later = AnnualReview.objects.filter(region=region, year__gt=year).exists()
    if later:
        raise ValidationError(
            _("%(region)s已有%(year)s年以后的年度复核，不能补发起更早的年度。")
            % {"region": region.name, "year": year}
        )
    review = AnnualReview(region=region, year=year, opened_by=by)
    review.full_clean()
    review.save()
    audit(AuditAction.CREATE, request=request, user=by, obj=review, detail={"year": year})
    return review


@transaction.atomic
def record_decisions(
    *, review: AnnualReview, decisions: list[tuple[PoolEntry, str, str]], by, request=None
) -> int:
    """Record decisions (entry, kind, reason) of an open review; all or none are saved."""
    _require_pool_editor(by, review.region)
    review = AnnualReview.objects.select_for_update().get(pk=review.pk)
    if not review.is_open:
        raise ValidationError(_("该年度复核已完成，不能再修改决定。"))
    errors = []
    for entry, kind, reason in decisions:
        if entry.region_id != review.region_id or entry.status != EntryStatus.ACTIVE:
            errors.append(_("%(name)s：不是本人才库的在库人员。") % {"name": entry.person.name})
        elif kind not in DecisionKind.values:
            errors.append(_("%(name)s：请选择决定。") % {"name": entry.person.name})
        elif kind == DecisionKind.REMOVE and not (reason or "").strip():
            errors.append(_("%(name)s：出库须填写原因。") % {"name": entry.person.name})
    if errors:
        raise ValidationError(errors)
    for entry, kind, reason in decisions:
        ReviewDecision.objects.update_or_create(
            review=review,
            entry=entry,
            defaults={
                "decision": kind,
                "reason": (reason or "").strip()[:200],
                "decided_by": by,
                "decided_at": timezone.now(),
            },
        )
    if decisions:
        audit(
            AuditAction.UPDATE,
            request=request,
            user=by,
            obj=review,
            detail={"decisions": len(decisions)},
        )
    return len(decisions)


@transaction.atomic
def close_review(*, review: AnnualReview, by, on=None, request=None) -> AnnualReview:
    """Apply every decision of an open review and record the pool as it then stands."""
    _require_pool_editor(by, review.region)
    review = AnnualReview.objects.select_for_update().select_related("region").get(pk=review.pk)
    if not review.is_open:
        raise ValidationError(_("该年度复核已完成。"))
    entries = list(
        PoolEntry.objects.select_for_update()
        .filter(region_id=review.region_id, status=EntryStatus.ACTIVE)
        .order_by("id")
    )
    decisions = {d.entry_id: d for d in review.decisions.all()}
    undecided = [e for e in entries if e.pk not in decisions]
    if undecided:
        raise ValidationError(
            ngettext(
                "还有%(count)s名在库人员未作决定，不能完成复核。",
                "还有%(count)s名在库人员未作决定，不能完成复核。",
                len(undecided),
            )
            % {"count": len(undecided)}
        )
    on = on or timezone.localdate()
    remaining = []
    for entry in entries:
        decision = decisions[entry.pk]
        entry.last_reviewed_year = review.year
        if decision.decision == DecisionKind.REMOVE:
            entry.status = EntryStatus.REMOVED
            entry.removal_reason = decision.reason
            entry.removed_on = max(on, entry.added_on)
        else:
            if decision.decision == DecisionKind.CHANGE_TIER:
                entry.tier = other_tier(entry.tier)
            remaining.append(entry)
        entry._change_reason = _("%(year)s年度复核：%(decision)s") % {
            "year": review.year,
            "decision": decision.get_decision_display(),
        }
        entry.save()
    ReviewMember.objects.bulk_create(
        ReviewMember(review=review, person_id=e.person_id, entry=e, tier=e.tier) for e in remaining
    )
    review.status = ReviewStatus.CLOSED
    review.closed_by, review.closed_at = by, timezone.now()
    review.save()
    audit(
        AuditAction.TRANSITION,
        request=request,
        user=by,
        obj=review,
        detail={"members": len(remaining), "removed": len(entries) - len(remaining)},
    )
    return review


def ensure_default_criteria() -> None:
    """Create the four shipped standards where they are missing (demo, tests)."""
    for order, (name, description) in enumerate(DEFAULT_CRITERIA):
        Criterion.objects.get_or_create(
            name=name,
            defaults={"description": description, "weight": 25, "scale_max": 10, "order": order},
        )
