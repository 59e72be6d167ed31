from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from talent_pool.enums import EntryStatus, Tier


class PoolEntry(models.Model):
    """A person's place in a region's talent pool (a county's pool or the city's)."""

    person = models.ForeignKey(
        "people.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="pool_entries"
    )
    region = models.ForeignKey(
        "units.Region", verbose_name="人才库（区划）", on_delete=models.PROTECT, related_name="+"
    )
    tier = models.CharField("类别", max_length=20, choices=Tier.choices)
    status = models.CharField(
        "状态", max_length=10, choices=EntryStatus.choices, default=EntryStatus.ACTIVE
    )
    added_on = models.DateField("入库日期", default=timezone.localdate)
    added_reason = models.CharField("入库说明", max_length=200, blank=True)
    removed_on = models.DateField("出库日期", null=True, blank=True)
    removal_reason = models.CharField("出库原因", max_length=200, blank=True)
    recommended_by = models.ForeignKey(
        "units.MemberUnit",
        verbose_name="推荐单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    last_reviewed_year = models.PositiveSmallIntegerField("最近年度复核", null=True, blank=True)

    history = HistoricalRecords(verbose_name="人才库变更历史")

    class Meta:
        verbose_name = "人才库成员"
        verbose_name_plural = "人才库成员"
        ordering = ["region__path", "tier", "-added_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "region"],
                condition=Q(status="active"),
                name="poolentry_once_per_pool",
            ),
            models.CheckConstraint(
                condition=Q(status="active") | ~Q(removal_reason=""),
                name="poolentry_removal_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["region", "status", "tier"], name="pool_region_status_idx")]

    def __str__(self):
        return f"{self.person} · {self.get_tier_display()}"

    def clean(self):
        if self.person_id and self.person.archived_at is not None and self.status == "active":
            raise ValidationError({"person": "已归档的人员不能列入人才库。"})
        if self.status == EntryStatus.REMOVED and not self.removal_reason.strip():
            raise ValidationError({"removal_reason": "出库须填写原因。"})
