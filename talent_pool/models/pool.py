import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from people.enums import Category
from people.models import Person
from talent_pool.enums import (
    DecisionKind,
    EntryStatus,
    RecommendationState,
    ReviewStatus,
    Tier,
)


class Criterion(models.Model):
    """One standard a representative is evaluated on, with its weight and scale (data)."""

    name = models.CharField(gettext_lazy("评价标准"), max_length=50, unique=True)
    description = models.CharField(gettext_lazy("说明"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(gettext_lazy("权重"), default=25)
    scale_max = models.PositiveSmallIntegerField(gettext_lazy("满分"), default=10)
    order = models.PositiveSmallIntegerField(gettext_lazy("排序"), default=0)
    is_active = models.BooleanField(gettext_lazy("启用"), default=True)

    history = HistoricalRecords(verbose_name=gettext_lazy("评价标准变更历史"))

    class Meta:
        verbose_name = gettext_lazy("评价标准")
        verbose_name_plural = gettext_lazy("评价标准")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(scale_max__gt=0), name="criterion_scale_positive"),
        ]

    def __str__(self):
        return self.name


class Recommendation(models.Model):
    """A member unit's recommendation of a person for a region's talent pool.

    The person is either already on the roster (``person``) or new: then ``person_data``
    holds the registration-form fields the unit entered, validated like the roster's form,
    and accepting creates the roster person from them. ``set_recommendation_state`` in
    ``talent_pool.services`` owns every change of ``state``.
    """

    unit = models.ForeignKey(
        "units.MemberUnit",
        verbose_name=gettext_lazy("推荐单位"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    region = models.ForeignKey(
        "units.Region",
        verbose_name=gettext_lazy("推荐列入（人才库）"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        gettext_lazy("状态"),
        max_length=12,
        choices=RecommendationState.choices,
        default=RecommendationState.DRAFT,
    )
    person = models.ForeignKey(
        Person,
        verbose_name=gettext_lazy("人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    is_new_person = models.BooleanField(gettext_lazy("新录入人员"), default=False)
    person_data = models.JSONField(gettext_lazy("人员登记信息"), default=dict, blank=True)
    # Copied from the person or the entered data, for the lists, filters and the
    # duplicate warning.
    name = models.CharField(gettext_lazy("姓名"), max_length=30)
    id_number = models.CharField(gettext_lazy("证件号码"), max_length=30, db_index=True)
    category = models.CharField(
        gettext_lazy("新的社会阶层类别"), max_length=20, choices=Category.choices
    )
    subtype = models.ForeignKey(
        "people.SubType",
        verbose_name=gettext_lazy("细分类型"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_tier = models.CharField(gettext_lazy("推荐类别"), max_length=20, choices=Tier.choices)
    reasons = models.TextField(gettext_lazy("推荐理由"), max_length=1000)
    political_performance = models.TextField(
        gettext_lazy("主要政治表现"), max_length=600, blank=True
    )
    achievements = models.TextField(gettext_lazy("主要成就和社会影响"), max_length=900, blank=True)
    standards = models.ManyToManyField(
        Criterion, verbose_name=gettext_lazy("符合的标准"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("填报人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(gettext_lazy("填报时间"), auto_now_add=True)
    updated_at = models.DateTimeField(gettext_lazy("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(gettext_lazy("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(gettext_lazy("审核完成时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = gettext_lazy("推荐")
        verbose_name_plural = gettext_lazy("推荐")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_new_person=True) | Q(person__isnull=False),
                name="recommendation_has_person",
                violation_error_message=gettext_lazy(
                    "请选择名册中的人员，或填写新人员的登记信息。"
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state=RecommendationState.ACCEPTED) | Q(person__isnull=False),
                name="recommendation_accepted_has_person",
                violation_error_message=gettext_lazy("已入库的推荐必须对应名册中的人员。"),
            ),
            models.CheckConstraint(condition=~Q(name=""), name="recommendation_name_required"),
        ]
        indexes = [
            models.Index(fields=["region", "state", "submitted_at"], name="rec_queue_idx"),
            models.Index(fields=["unit", "state"], name="rec_unit_state_idx"),
        ]

    def __str__(self):
        return _("%(name)s（%(unit)s推荐）") % {"name": self.name, "unit": self.unit}

    def get_absolute_url(self):
        return reverse("talent_pool:recommendation_detail", args=[self.pk])

    def new_person(self) -> Person:
        """Return an unsaved roster person built from the entered registration data."""
        return person_from_data(self.person_data)

    @property
    def masked_id_number(self) -> str:
        from people.masking import mask_id_number

        return mask_id_number(self.id_number)

    @property
    def waiting_days(self) -> int | None:
        if self.submitted_at is None:
            return None
        return (timezone.now() - self.submitted_at).days


# The registration-form fields a recommendation carries for a new person: every editable
# one-value field of Person except the photo (repeating sections are added by staff later).
NEW_PERSON_FIELDS = [
    field.name
    for field in Person._meta.concrete_fields
    if field.editable and not field.primary_key and field.name != "photo"
]


def person_to_data(person: Person) -> dict:
    """Return a person's registration fields as JSON-ready values."""
    data = {}
    for name in NEW_PERSON_FIELDS:
        field = Person._meta.get_field(name)
        value = field.value_from_object(person)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = value
    return data


def person_from_data(data: dict) -> Person:
    """Return an unsaved person from ``person_to_data`` values (not yet validated)."""
    kwargs = {}
    for name in NEW_PERSON_FIELDS:
        if name not in data:
            continue
        field = Person._meta.get_field(name)
        kwargs[field.attname] = field.to_python(data[name])
    return Person(**kwargs)


class RecommendationEvent(models.Model):
    """One change of a recommendation's state: who, when, why."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=gettext_lazy("推荐"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    from_state = models.CharField(
        gettext_lazy("原状态"), max_length=12, choices=RecommendationState.choices, blank=True
    )
    to_state = models.CharField(
        gettext_lazy("新状态"), max_length=12, choices=RecommendationState.choices
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("操作人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(gettext_lazy("时间"), default=timezone.now)
    comment = models.TextField(gettext_lazy("意见"), max_length=1000, blank=True)

    class Meta:
        verbose_name = gettext_lazy("推荐处理记录")
        verbose_name_plural = gettext_lazy("推荐处理记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class PoolEntry(models.Model):
    """A person's place in a region's talent pool (a county's pool or the city's)."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=gettext_lazy("人员"),
        on_delete=models.PROTECT,
        related_name="pool_entries",
    )
    region = models.ForeignKey(
        "units.Region",
        verbose_name=gettext_lazy("人才库（区划）"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    tier = models.CharField(gettext_lazy("类别"), max_length=20, choices=Tier.choices)
    status = models.CharField(
        gettext_lazy("状态"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.ACTIVE
    )
    added_on = models.DateField(gettext_lazy("入库日期"), default=timezone.localdate)
    added_reason = models.CharField(gettext_lazy("入库说明"), max_length=200, blank=True)
    removed_on = models.DateField(gettext_lazy("出库日期"), null=True, blank=True)
    removal_reason = models.CharField(gettext_lazy("出库原因"), max_length=200, blank=True)
    recommended_by = models.ForeignKey(
        "units.MemberUnit",
        verbose_name=gettext_lazy("推荐单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recommendation = models.OneToOneField(
        Recommendation,
        verbose_name=gettext_lazy("来源推荐"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pool_entry",
    )
    last_reviewed_year = models.PositiveSmallIntegerField(
        gettext_lazy("最近年度复核"), null=True, blank=True
    )

    history = HistoricalRecords(verbose_name=gettext_lazy("人才库变更历史"))

    class Meta:
        verbose_name = gettext_lazy("人才库成员")
        verbose_name_plural = gettext_lazy("人才库成员")
        ordering = ["region__path", "tier", "-added_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "region"],
                condition=Q(status="active"),
                name="poolentry_once_per_pool",
                violation_error_message=gettext_lazy("该人员已在此人才库中。"),
            ),
            models.CheckConstraint(
                condition=Q(status="active") | ~Q(removal_reason=""),
                name="poolentry_removal_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["region", "status", "tier"], name="pool_region_status_idx")]

    def __str__(self):
        return f"{self.person} · {self.get_tier_display()}"

    def get_absolute_url(self):
        return reverse("talent_pool:entry_detail", args=[self.pk])

    def clean(self):
        if self.person_id and self.person.archived_at is not None and self.status == "active":
            raise ValidationError({"person": _("已归档的人员不能列入人才库。")})
        if self.status == EntryStatus.REMOVED and not self.removal_reason.strip():
            raise ValidationError({"removal_reason": _("出库须填写原因。")})
        if self.removed_on and self.added_on and self.removed_on < self.added_on:
            raise ValidationError({"removed_on": _("出库日期不能早于入库日期。")})


class Quota(models.Model):
    """How many persons a region's pool should hold in one tier."""

    region = models.ForeignKey(
        "units.Region",
        verbose_name=gettext_lazy("人才库（区划）"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    tier = models.CharField(gettext_lazy("类别"), max_length=20, choices=Tier.choices)
    minimum = models.PositiveIntegerField(gettext_lazy("最低人数"))
    target = models.PositiveIntegerField(gettext_lazy("目标人数"))

    history = HistoricalRecords(verbose_name=gettext_lazy("名额变更历史"))

    class Meta:
        verbose_name = gettext_lazy("人才库名额")
        verbose_name_plural = gettext_lazy("人才库名额")
        ordering = ["region__path", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["region", "tier"], name="quota_once_per_tier"),
            models.CheckConstraint(
                condition=Q(target__gte=models.F("minimum")), name="quota_target_not_below_min"
            ),
        ]

    def __str__(self):
        return f"{self.region} {self.get_tier_display()} {self.minimum}/{self.target}"

    def clean(self):
        if self.minimum is not None and self.target is not None and self.target < self.minimum:
            raise ValidationError({"target": _("目标人数不能少于最低人数。")})


class Evaluation(models.Model):
    """A staff member's scored evaluation of a pool entry or of a recommendation."""

    pool_entry = models.ForeignKey(
        PoolEntry,
        verbose_name=gettext_lazy("人才库成员"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=gettext_lazy("推荐"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("评价人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    evaluated_on = models.DateField(gettext_lazy("评价日期"), default=timezone.localdate)
    total = models.DecimalField(gettext_lazy("加权总分"), max_digits=5, decimal_places=2)
    political_performance = models.TextField(
        gettext_lazy("主要政治表现"), max_length=600, blank=True
    )
    achievements = models.TextField(gettext_lazy("主要成就和社会影响"), max_length=900, blank=True)
    created_at = models.DateTimeField(gettext_lazy("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("综合评价")
        verbose_name_plural = gettext_lazy("综合评价")
        ordering = ["-evaluated_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(pool_entry__isnull=False) & Q(recommendation__isnull=True))
                | (Q(pool_entry__isnull=True) & Q(recommendation__isnull=False)),
                name="evaluation_one_target",
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0) & Q(total__lte=100), name="evaluation_total_range"
            ),
        ]

    def __str__(self):
        return _("%(total)s分（%(date)s）") % {
            "total": self.total,
            "date": self.evaluated_on.strftime("%Y-%m-%d"),
        }


class EvaluationScore(models.Model):
    """One criterion's score in an evaluation, with the weight and scale used then."""

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=gettext_lazy("评价"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=gettext_lazy("评价标准"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(gettext_lazy("得分"), max_digits=5, decimal_places=1)
    weight = models.PositiveSmallIntegerField(gettext_lazy("权重"))
    scale_max = models.PositiveSmallIntegerField(gettext_lazy("满分"))

    class Meta:
        verbose_name = gettext_lazy("评分")
        verbose_name_plural = gettext_lazy("评分")
        ordering = ["criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="evaluationscore_once_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=models.F("scale_max")),
                name="evaluationscore_within_scale",
            ),
        ]

    def __str__(self):
        return _("%(criterion)s：%(score)s") % {"criterion": self.criterion, "score": self.score}

    def clean(self):
        if self.score is not None and not (Decimal(0) <= self.score <= self.scale_max):
            raise ValidationError(
                {"score": _("评分应在0到%(max)s之间。") % {"max": self.scale_max}}
            )


class AnnualReview(models.Model):
    """The yearly refresh of one region's pool: a decision for every active entry."""

    region = models.ForeignKey(
        "units.Region",
        verbose_name=gettext_lazy("人才库（区划）"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(gettext_lazy("年度"))
    status = models.CharField(
        gettext_lazy("状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("发起人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(gettext_lazy("发起时间"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("完成人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(gettext_lazy("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("年度复核")
        verbose_name_plural = gettext_lazy("年度复核")
        ordering = ["region__path", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="review_once_per_year"),
        ]

    def __str__(self):
        return _("%(region)s%(year)s年度复核") % {"region": self.region, "year": self.year}

    @property
    def is_open(self) -> bool:
        return self.status == ReviewStatus.OPEN


class ReviewDecision(models.Model):
    """What the annual review decided for one pool entry."""

    review = models.ForeignKey(
        AnnualReview,
        verbose_name=gettext_lazy("年度复核"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    entry = models.ForeignKey(
        PoolEntry,
        verbose_name=gettext_lazy("人才库成员"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    decision = models.CharField(gettext_lazy("决定"), max_length=12, choices=DecisionKind.choices)
    reason = models.CharField(gettext_lazy("理由"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("决定人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(gettext_lazy("决定时间"), default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("复核决定")
        verbose_name_plural = gettext_lazy("复核决定")
        ordering = ["review", "entry"]
        constraints = [
            models.UniqueConstraint(fields=["review", "entry"], name="decision_once_per_entry"),
            models.CheckConstraint(
                condition=~Q(decision=DecisionKind.REMOVE) | ~Q(reason=""),
                name="decision_removal_has_reason",
            ),
        ]

    def __str__(self):
        return _("%(entry)s：%(decision)s") % {
            "entry": self.entry,
            "decision": self.get_decision_display(),
        }

    def clean(self):
        if self.decision == DecisionKind.REMOVE and not self.reason.strip():
            raise ValidationError({"reason": _("出库须填写原因。")})


class ReviewMember(models.Model):
    """A person in a region's pool as it stood when that year's review was closed."""

    review = models.ForeignKey(
        AnnualReview,
        verbose_name=gettext_lazy("年度复核"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    person = models.ForeignKey(
        Person, verbose_name=gettext_lazy("人员"), on_delete=models.PROTECT, related_name="+"
    )
    entry = models.ForeignKey(
        PoolEntry,
        verbose_name=gettext_lazy("人才库成员"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    tier = models.CharField(gettext_lazy("类别"), max_length=20, choices=Tier.choices)

    class Meta:
        verbose_name = gettext_lazy("年度在库名单")
        verbose_name_plural = gettext_lazy("年度在库名单")
        ordering = ["review", "tier", "person__name_pinyin", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "person"], name="reviewmember_once"),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_tier_display()}"
