"""Reads of the talent pool: what a user may see of pools, recommendations and reviews."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.enums import Role
from accounts.permissions import Cap, has_cap
from accounts.selectors import region_scope
from people.models import Person
from people.validators import normalize_id_number
from talent_pool.enums import (
    CONTACT_OVERDUE_DAYS,
    DEFAULT_QUOTAS,
    POOL_LEVELS,
    EntryStatus,
    RecommendationState,
    ReviewStatus,
    Tier,
)
from talent_pool.models import (
    AnnualReview,
    Association,
    ContactAssignment,
    CouncilPost,
    Evaluation,
    Membership,
    PoliticalArrangement,
    PoolEntry,
    Quota,
    Recommendation,
    ReviewMember,
    TrainingCourse,
    TrainingParticipant,
)
from talent_pool.permissions import can_edit_pool_region
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
        return str(Tier(self.tier).label)

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
    """Return what the person page shows of the talent pool and the team records.

    Only what the user may see: pool entries, recommendations and contact assignments go
    through their ``..._visible_to`` selectors; arrangements, training and associations
    are shown to the roles that read the pool. Seven queries whatever the counts.
    """
    reader = _team_reader(user)
    # The registration form lists the training of the last five years, this one included.
    five_years_ago = datetime.date(timezone.localdate().year - 4, 1, 1)
    context = {
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
        "team_contacts": list(
            assignments_with_last_contact(user).filter(person=person).order_by("leader_id")
        ),
        "team_reader": reader,
        "team_can_edit": reader and can_edit_pool_region(user, person.region),
        "team_overdue_days": contact_overdue_days(),
    }
    if not reader:
        return context | {
            "team_arrangements": [],
            "team_trainings": [],
            "team_memberships": [],
            "team_council_posts": [],
        }
    return context | {
        "team_arrangements": list(
            PoliticalArrangement.objects.filter(person=person).order_by(
                "kind", "-start_date", "-id"
            )
        ),
        "team_trainings": list(
            TrainingParticipant.objects.filter(
                person=person, course__start_date__gte=five_years_ago
            )
            .select_related("course")
            .order_by("-course__start_date", "-id")
        ),
        "team_memberships": list(
            Membership.objects.filter(person=person)
            .select_related("association")
            .order_by("-joined_on", "-id")
        ),
        "team_council_posts": list(
            CouncilPost.objects.filter(person=person)
            .select_related("association")
            .order_by("-term", "-id")
        ),
    }


# --------------------------------------------------------------------------------------
# The team records: political arrangements, training, key contacts, associations.


def _team_reader(user) -> bool:
    return user.role in POOL_VIEWERS and has_cap(user, Cap.VIEW_POOL)


def arrangements_visible_to(user):
    """Return the political arrangements the user may see.

    - staff and leaders: those of live persons in their region subtree;
    - liaisons, auditors, sysadmins: none.
    """
    if not _team_reader(user):
        return PoliticalArrangement.objects.none()
    return PoliticalArrangement.objects.filter(
        person__region__in=region_scope(user), person__archived_at__isnull=True
    )


def courses_visible_to(user):
    """Return the training courses of the regions in the user's subtree (staff, leaders)."""
    if not _team_reader(user):
        return TrainingCourse.objects.none()
    return TrainingCourse.objects.filter(region__in=region_scope(user))


def courses_with_counts(user):
    return (
        courses_visible_to(user)
        .select_related("region")
        .annotate(person_times=Count("participants"))
        .order_by("-start_date", "-id")
    )


def person_times_by_year(user) -> list[tuple[int, int, int]]:
    """Return (year, courses, person-times) of the visible courses, newest year first."""
    rows = (
        courses_visible_to(user)
        .annotate(year=ExtractYear("start_date"))
        .values("year")
        .annotate(courses=Count("id", distinct=True), person_times=Count("participants"))
        .order_by("-year")
    )
    return [(row["year"], row["courses"], row["person_times"]) for row in rows]


def contact_overdue_days() -> int:
    return int(getattr(settings, "CONTACT_OVERDUE_DAYS", CONTACT_OVERDUE_DAYS))


def assignments_visible_to(user):
    """Return the contact assignments the user may see.

    - leaders: their own assignments only;
    - staff: every assignment of a person in their region subtree (and their own);
    - liaisons, auditors, sysadmins: none.
    """
    if user.role == Role.LEADER and has_cap(user, Cap.VIEW_POOL):
        return ContactAssignment.objects.filter(leader=user)
    if user.role == Role.STAFF and has_cap(user, Cap.VIEW_POOL):
        return ContactAssignment.objects.filter(
            Q(person__region__in=region_scope(user)) | Q(leader=user)
        )
    return ContactAssignment.objects.none()


def assignments_with_last_contact(user):
    """Return the visible active assignments with the last contact date and an overdue flag."""
    limit = timezone.localdate() - datetime.timedelta(days=contact_overdue_days())
    return (
        assignments_visible_to(user)
        .filter(is_active=True, person__archived_at__isnull=True)
        .select_related("leader", "person", "person__subtype", "person__region")
        .annotate(last_contact=Max("logs__date"))
        .annotate(
            overdue=Case(
                When(
                    Q(last_contact__lt=limit) | Q(last_contact__isnull=True, assigned_on__lt=limit),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def get_assignment_for_user(user, pk) -> ContactAssignment:
    """Return the assignment with pk if the user may see it; 404 otherwise."""
    queryset = assignments_visible_to(user).select_related("leader", "person", "person__region")
    return get_object_or_404(queryset, pk=pk)


def associations_visible_to(user):
    """Return the associations (新联会) of the regions in the user's subtree (staff, leaders)."""
    if not _team_reader(user):
        return Association.objects.none()
    return Association.objects.filter(region__in=region_scope(user))


def associations_with_counts(user):
    return (
        associations_visible_to(user)
        .select_related("region")
        .annotate(member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True)))
        .order_by("region__path", "name")
    )


def choice_order(field: str, choices) -> Case:
    """Return an expression ordering rows by the position of field's value in choices."""
    return Case(
        *[When(**{field: value}, then=Value(index)) for index, value in enumerate(choices.values)],
        default=Value(len(choices.values)),
    )


def person_team_history(user, person) -> list[dict]:
    """Return the changes of the person's team records, for the person page's history.

    Political arrangements, training, association memberships and council posts, to the
    roles that read them (as ``person_team_context``); one query each, whatever the rows.
    """
    if not _team_reader(user):
        return []
    sources = [
        (PoliticalArrangement, (), lambda r: str(r.instance)),
        (TrainingParticipant, ("course",), lambda r: str(r.course or "")),
        (Membership, ("association",), lambda r: str(r.association or "")),
        (
            CouncilPost,
            ("association",),
            lambda r: f"{r.association or ''}{r.term}{r.get_role_display()}",
        ),
    ]
    entries = []
    for model, related, summary in sources:
        records = model.history.filter(person_id=person.pk).select_related("history_user", *related)
        for record in records:
            entries.append(
                {
                    "date": record.history_date,
                    "user": record.history_user,
                    "type": record.get_history_type_display(),
                    "section": model._meta.verbose_name,
                    "changes": [],
                    "summary": summary(record),
                    "reason": record.history_change_reason,
                }
            )
    return entries
