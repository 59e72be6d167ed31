"""Reads of the talent pool: what a user may see of pools, recommendations and reviews."""

from dataclasses import dataclass

from django.db.models import Count, DecimalField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts.enums import Role
from accounts.permissions import Cap, has_cap
from accounts.selectors import region_scope
from people.models import Person
from people.validators import normalize_id_number
from talent_pool.enums import (
    DEFAULT_QUOTAS,
    POOL_LEVELS,
    EntryStatus,
    RecommendationState,
    ReviewStatus,
    Tier,
)
from talent_pool.models import (
    AnnualReview,
    Evaluation,
    PoolEntry,
    Quota,
    Recommendation,
    ReviewMember,
)
from units.models import Region

POOL_VIEWERS = {Role.STAFF, Role.LEADER}


def pool_regions_visible_to(user):
    """Return the regions with a pool (the city, the counties) in the user's scope."""
    if not has_cap(user, Cap.VIEW_POOL):
        return Region.objects.none()
    return region_scope(user).filter(level__in=POOL_LEVELS).order_by("path")


def pool_entries_visible_to(user):
    """Return the pool entries the user may see.

    - staff and leaders: entries of the pools in their region subtree (city staff: the
      city's pool and every district's; district staff: their district's);
    - liaisons, auditors, sysadmins: none (liaisons see only their recommendations).
    """
    if user.role not in POOL_VIEWERS or not has_cap(user, Cap.VIEW_POOL):
        return PoolEntry.objects.none()
    return PoolEntry.objects.filter(region__in=region_scope(user))


def latest_score():
    """Return an expression: the newest evaluation total of an entry, else of its source."""
    own = Evaluation.objects.filter(pool_entry=OuterRef("pk")).order_by("-evaluated_on", "-id")
    source = Evaluation.objects.filter(recommendation=OuterRef("recommendation_id")).order_by(
        "-evaluated_on", "-id"
    )
    return Coalesce(
        Subquery(own.values("total")[:1]),
        Subquery(source.values("total")[:1]),
        output_field=DecimalField(max_digits=5, decimal_places=2),
    )


def pool_list_queryset(user):
    """Return the visible entries with what the list and the export show."""
    return (
        pool_entries_visible_to(user)
        .select_related("person", "person__subtype", "region", "recommended_by")
        .annotate(score=latest_score())
    )


def get_entry_for_user(user, pk) -> PoolEntry:
    """Return the pool entry with pk if the user may see it; 404 otherwise."""
    queryset = pool_entries_visible_to(user).select_related(
        "person", "person__subtype", "region", "recommended_by", "recommendation"
    )
    return get_object_or_404(queryset, pk=pk)


def recommendations_visible_to(user):
    """Return the recommendations the user may see.

    - liaisons: every recommendation of their own unit (drafts included);
    - staff: recommendations for the pools in their region subtree, once submitted
      (a unit's drafts are its own);
    - leaders, auditors, sysadmins: none.
    """
    if user.role == Role.UNIT_LIAISON and has_cap(user, Cap.SUBMIT_RECOMMENDATION):
        if user.unit_id is None:
            return Recommendation.objects.none()
        return Recommendation.objects.filter(unit_id=user.unit_id)
    if user.role == Role.STAFF and has_cap(user, Cap.REVIEW_RECOMMENDATION):
        return Recommendation.objects.filter(region__in=region_scope(user)).exclude(
            state=RecommendationState.DRAFT
        )
    return Recommendation.objects.none()


def get_recommendation_for_user(user, pk) -> Recommendation:
    """Return the recommendation with pk if the user may see it; 404 otherwise."""
    queryset = recommendations_visible_to(user).select_related(
        "unit", "region", "person", "person__subtype", "subtype", "created_by", "decided_by"
    )
    return get_object_or_404(queryset, pk=pk)


def recommendation_queue(user):
    """Return the visible recommendations, the longest-waiting submitted ones first."""
    return (
        recommendations_visible_to(user)
        .select_related("unit", "region", "subtype")
        .order_by("submitted_at", "created_at", "id")
    )


def persons_recommended_by_unit(unit_id):
    """Return the live persons a unit has recommended before (a liaison may pick them)."""
    return Person.objects.live().filter(recommendations__unit_id=unit_id).distinct()


def find_person_by_id_number(user, raw) -> Person | None:
    """Return the live person in the user's region scope holding exactly this number."""
    number = normalize_id_number(raw)
    if not number:
        return None
    return (
        Person.objects.live()
        .filter(region__in=region_scope(user), id_number=number)
        .select_related("subtype", "region")
        .first()
    )


def pending_recommendations_for(id_number: str, *, exclude_pk=None):
    """Return the recommendations of this ID number that still wait for a decision."""
    queryset = Recommendation.objects.filter(
        id_number=normalize_id_number(id_number),
        state__in=[
            RecommendationState.DRAFT,
            RecommendationState.SUBMITTED,
            RecommendationState.RETURNED,
        ],
    ).select_related("unit")
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset


@dataclass
class QuotaRow:
    region: Region
    tier: str
    minimum: int
    target: int
    active: int
    waiting: int
    is_default: bool

    @property
    def tier_label(self) -> str:
        return Tier(self.tier).label

    @property
    def shortfall(self) -> int:
        return max(self.minimum - self.active, 0)

    @property
    def below_minimum(self) -> bool:
        return self.active < self.minimum

    @property
    def above_target(self) -> bool:
        return self.active > self.target


def default_quota(region, tier) -> tuple[int, int]:
    return DEFAULT_QUOTAS.get((region.level, tier), (0, 0))


def quota_for(region, tier) -> tuple[int, int]:
    """Return (minimum, target) of a region's pool in one tier: the stored or default one."""
    quota = Quota.objects.filter(region=region, tier=tier).first()
    if quota is not None:
        return quota.minimum, quota.target
    return default_quota(region, tier)


def quota_rows(user) -> list[QuotaRow]:
    """Return, per visible pool region and tier, the quota and how full the pool is.

    Four queries whatever the number of regions.
    """
    regions = list(pool_regions_visible_to(user))
    quotas = {
        (q.region_id, q.tier): q for q in Quota.objects.filter(region__in=[r.pk for r in regions])
    }
    active = {
        (row["region"], row["tier"]): row["n"]
        for row in PoolEntry.objects.filter(
            region__in=[r.pk for r in regions], status=EntryStatus.ACTIVE
        )
        .values("region", "tier")
        .annotate(n=Count("id"))
        .order_by()
    }
    waiting = {
        (row["region"], row["requested_tier"]): row["n"]
        for row in Recommendation.objects.filter(
            region__in=[r.pk for r in regions], state=RecommendationState.SUBMITTED
        )
        .values("region", "requested_tier")
        .annotate(n=Count("id"))
        .order_by()
    }
    rows = []
    for region in regions:
        for tier in Tier.values:
            quota = quotas.get((region.pk, tier))
            minimum, target = (
                (quota.minimum, quota.target) if quota else default_quota(region, tier)
            )
            rows.append(
                QuotaRow(
                    region=region,
                    tier=tier,
                    minimum=minimum,
                    target=target,
                    active=active.get((region.pk, tier), 0),
                    waiting=waiting.get((region.pk, tier), 0),
                    is_default=quota is None,
                )
            )
    return rows


def reviews_visible_to(user):
    """Return the annual reviews of the pools the user may see (staff and leaders)."""
    if user.role not in POOL_VIEWERS or not has_cap(user, Cap.VIEW_POOL):
        return AnnualReview.objects.none()
    return AnnualReview.objects.filter(region__in=region_scope(user))


@dataclass
class PoolDifference:
    added: list
    removed: list
    tier_changed: list  # (member, previous tier label)


def review_members(review):
    return list(
        ReviewMember.objects.filter(review=review)
        .select_related("person", "person__subtype")
        .order_by("tier", "person__name_pinyin", "id")
    )


def difference_from_previous(review, members) -> tuple[AnnualReview | None, PoolDifference]:
    """Return the region's previous closed review and how this year's pool differs."""
    previous = (
        AnnualReview.objects.filter(
            region_id=review.region_id, year__lt=review.year, status=ReviewStatus.CLOSED
        )
        .order_by("-year")
        .first()
    )
    if previous is None:
        return None, PoolDifference(added=[], removed=[], tier_changed=[])
    before = {m.person_id: m for m in review_members(previous)}
    now = {m.person_id: m for m in members}
    return previous, PoolDifference(
        added=[m for pid, m in now.items() if pid not in before],
        removed=[m for pid, m in before.items() if pid not in now],
        tier_changed=[
            (m, before[pid].get_tier_display())
            for pid, m in now.items()
            if pid in before and before[pid].tier != m.tier
        ],
    )


def active_entries_for_review(review):
    """Return the active entries of the review's region with this review's decision."""
    return (
        PoolEntry.objects.filter(region_id=review.region_id, status=EntryStatus.ACTIVE)
        .select_related("person", "person__subtype", "recommended_by")
        .order_by("tier", "person__name_pinyin", "id")
    )


def entries_of_person_visible_to(user, person):
    """Return the person's pool entries the user may see."""
    return (
        pool_entries_visible_to(user)
        .filter(person=person)
        .select_related("region")
        .order_by("status", "region__path")
    )


def review_progress(review) -> tuple[int, int]:
    """Return (decided, total) for an open review's active entries."""
    total = PoolEntry.objects.filter(region_id=review.region_id, status=EntryStatus.ACTIVE)
    decided = total.filter(decisions__review=review)
    return decided.count(), total.count()


def active_count(region, tier) -> int:
    return PoolEntry.objects.filter(region=region, tier=tier, status=EntryStatus.ACTIVE).count()


def person_team_context(user, person) -> dict:
    """Return what the person page shows of the talent pool, for this user.

    Only what the user may see: pool entries through ``pool_entries_visible_to`` and
    recommendations through ``recommendations_visible_to``. Two queries.
    """
    return {
        "team_pool_entries": list(
            pool_entries_visible_to(user)
            .filter(person=person)
            .select_related("region", "recommended_by")
            .annotate(score=latest_score())
            .order_by("status", "region__path", "id")
        ),
        "team_recommendations": list(
            recommendations_visible_to(user)
            .filter(person=person)
            .select_related("unit", "region")
            .order_by("-created_at", "-id")
        ),
    }
