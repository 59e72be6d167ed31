"""Records of how representatives are developed and used: political arrangements,
training, the leaders who keep contact with them, and the associations (新联会).
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from talent_pool.enums import (
    ArrangementKind,
    ArrangementStatus,
    ContactForm,
    CouncilRole,
    Level,
)


def _check_period(start, end, errors, *, field="end_date", message=None):
    if start and end and end < start:
        errors[field] = [message or _("结束时间不能早于开始时间。")]


class PoliticalArrangement(models.Model):
    """A political arrangement of a person: 人大代表, 政协委员, 特约人员, posts …"""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=gettext_lazy("人员"),
        on_delete=models.PROTECT,
        related_name="arrangements",
    )
    kind = models.CharField(gettext_lazy("类别"), max_length=20, choices=ArrangementKind.choices)
    level = models.CharField(gettext_lazy("级别"), max_length=10, choices=Level.choices)
    body = models.CharField(gettext_lazy("组织（机构）"), max_length=100)
    term = models.CharField(
        gettext_lazy("届次"), max_length=30, blank=True, help_text=gettext_lazy("如：第十四届")
    )
    post = models.CharField(gettext_lazy("职务"), max_length=100, blank=True)
    sector = models.CharField(
        gettext_lazy("界别"), max_length=50, blank=True, help_text=gettext_lazy("仅政协委员填写")
    )
    start_date = models.DateField(gettext_lazy("开始时间"), null=True, blank=True)
    end_date = models.DateField(gettext_lazy("结束时间"), null=True, blank=True)
    status = models.CharField(
        gettext_lazy("状态"),
        max_length=12,
        choices=ArrangementStatus.choices,
        default=ArrangementStatus.RECOMMENDED,
    )
    note = models.CharField(gettext_lazy("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("录入人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords(verbose_name=gettext_lazy("政治安排变更历史"))

    class Meta:
        verbose_name = gettext_lazy("政治安排")
        verbose_name_plural = gettext_lazy("政治安排")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="arrangement_period_in_order",
            ),
        ]
        indexes = [models.Index(fields=["kind", "level", "status"], name="arrangement_kind_idx")]

    def __str__(self):
        return f"{self.body}{self.get_kind_display()}"

    def clean(self):
        errors = {}
        _check_period(self.start_date, self.end_date, errors)
        if self.sector and self.kind != ArrangementKind.CPPCC:
            errors["sector"] = [_("界别只适用于政协委员。")]
        if self.status == ArrangementStatus.ENDED and not self.end_date:
            errors["end_date"] = [_("已届满/卸任的安排须填写结束时间。")]
        if errors:
            raise ValidationError(errors)


class TrainingCourse(models.Model):
    """A training course (班次) and the region whose department keeps its record."""

    title = models.CharField(gettext_lazy("班次名称"), max_length=100)
    organiser = models.CharField(gettext_lazy("主办单位"), max_length=100)
    school = models.CharField(gettext_lazy("培训院校"), max_length=100, blank=True)
    start_date = models.DateField(gettext_lazy("开始日期"))
    end_date = models.DateField(gettext_lazy("结束日期"))
    level = models.CharField(gettext_lazy("级别"), max_length=10, choices=Level.choices)
    region = models.ForeignKey(
        "units.Region",
        verbose_name=gettext_lazy("所属区划"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("录入人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords(verbose_name=gettext_lazy("培训班变更历史"))

    class Meta:
        verbose_name = gettext_lazy("培训班")
        verbose_name_plural = gettext_lazy("培训班")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="course_period_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("talent_pool:course_detail", args=[self.pk])

    def clean(self):
        errors = {}
        _check_period(
            self.start_date, self.end_date, errors, message=_("结束日期不能早于开始日期。")
        )
        if errors:
            raise ValidationError(errors)


class TrainingParticipant(models.Model):
    """A person who attended a course."""

    course = models.ForeignKey(
        TrainingCourse,
        verbose_name=gettext_lazy("培训班"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=gettext_lazy("学员"),
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("录入人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords(verbose_name=gettext_lazy("培训学员变更历史"))

    class Meta:
        verbose_name = gettext_lazy("培训学员")
        verbose_name_plural = gettext_lazy("培训学员")
        ordering = ["course", "person__name_pinyin", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "person"],
                name="participant_once_per_course",
                violation_error_message=gettext_lazy("该人员已在本培训班学员名单中。"),
            ),
        ]

    def __str__(self):
        return f"{self.course} · {self.person}"


class ContactAssignment(models.Model):
    """A leader (or staff member) keeps contact with a person (列名联系)."""

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("联系领导"),
        on_delete=models.PROTECT,
        related_name="contact_assignments",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=gettext_lazy("联系对象"),
        on_delete=models.PROTECT,
        related_name="contact_assignments",
    )
    assigned_on = models.DateField(gettext_lazy("确定日期"), default=timezone.localdate)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("确定人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(gettext_lazy("联系中"), default=True)
    history = HistoricalRecords(verbose_name=gettext_lazy("列名联系变更历史"))

    class Meta:
        verbose_name = gettext_lazy("列名联系")
        verbose_name_plural = gettext_lazy("列名联系")
        ordering = ["leader", "person__name_pinyin", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "person"],
                condition=Q(is_active=True),
                name="contact_once_per_leader",
                violation_error_message=gettext_lazy("该领导已列名联系此人员。"),
            ),
        ]

    def __str__(self):
        return _("%(leader)s 联系 %(person)s") % {"leader": self.leader, "person": self.person}

    def get_absolute_url(self):
        return reverse("talent_pool:contact_detail", args=[self.pk])


class ContactLog(models.Model):
    """One talk, call, forum or visit with a contact."""

    assignment = models.ForeignKey(
        ContactAssignment,
        verbose_name=gettext_lazy("列名联系"),
        on_delete=models.CASCADE,
        related_name="logs",
    )
    date = models.DateField(gettext_lazy("联系日期"))
    form = models.CharField(gettext_lazy("形式"), max_length=10, choices=ContactForm.choices)
    learned = models.TextField(gettext_lazy("了解的情况"), max_length=1000)
    issues = models.TextField(gettext_lazy("反映的问题"), max_length=1000, blank=True)
    follow_up = models.TextField(gettext_lazy("跟进措施"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(gettext_lazy("记录时间"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=gettext_lazy("联系记录变更历史"))

    class Meta:
        verbose_name = gettext_lazy("联系记录")
        verbose_name_plural = gettext_lazy("联系记录")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_form_display()}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("联系日期不能晚于今天。")})


def charter_path(instance, filename):
    suffix = Path(filename).suffix.lower()
    return f"charters/{uuid.uuid4().hex}{suffix if suffix in ('.pdf', '.docx') else '.pdf'}"


class Association(models.Model):
    """A new-social-stratum association (新联会) of a region."""

    name = models.CharField(gettext_lazy("名称"), max_length=100)
    region = models.ForeignKey(
        "units.Region",
        verbose_name=gettext_lazy("所属区划"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    founded_on = models.DateField(gettext_lazy("成立日期"))
    charter = models.FileField(gettext_lazy("章程"), upload_to=charter_path, blank=True)
    description = models.TextField(gettext_lazy("简介"), max_length=1000, blank=True)

    history = HistoricalRecords(verbose_name=gettext_lazy("新联会变更历史"))

    class Meta:
        verbose_name = gettext_lazy("新联会")
        verbose_name_plural = gettext_lazy("新联会")
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="association_unique_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("talent_pool:association_detail", args=[self.pk])


class Membership(models.Model):
    """A person's membership of an association."""

    association = models.ForeignKey(
        Association,
        verbose_name=gettext_lazy("新联会"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=gettext_lazy("会员"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    joined_on = models.DateField(gettext_lazy("入会日期"))
    left_on = models.DateField(gettext_lazy("退会日期"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=gettext_lazy("会员变更历史"))

    class Meta:
        verbose_name = gettext_lazy("会员")
        verbose_name_plural = gettext_lazy("会员")
        ordering = ["association", "person__name_pinyin", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "person"],
                name="membership_once",
                violation_error_message=gettext_lazy("该人员已是本会会员。"),
            ),
        ]

    def __str__(self):
        return f"{self.association} · {self.person}"

    def clean(self):
        errors = {}
        _check_period(
            self.joined_on,
            self.left_on,
            errors,
            field="left_on",
            message=_("退会日期不能早于入会日期。"),
        )
        if errors:
            raise ValidationError(errors)


class CouncilPost(models.Model):
    """A post on an association's council (会长, 副会长, 秘书长, 理事 …) for a term."""

    association = models.ForeignKey(
        Association,
        verbose_name=gettext_lazy("新联会"),
        on_delete=models.CASCADE,
        related_name="council_posts",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=gettext_lazy("人员"),
        on_delete=models.PROTECT,
        related_name="council_posts",
    )
    role = models.CharField(gettext_lazy("职务"), max_length=20, choices=CouncilRole.choices)
    term = models.CharField(
        gettext_lazy("届次"), max_length=30, help_text=gettext_lazy("如：第一届")
    )
    start_date = models.DateField(gettext_lazy("任职开始"), null=True, blank=True)
    end_date = models.DateField(gettext_lazy("任职结束"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=gettext_lazy("理事会职务变更历史"))

    class Meta:
        verbose_name = gettext_lazy("理事会职务")
        verbose_name_plural = gettext_lazy("理事会职务")
        ordering = ["association", "term", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "person", "term"],
                name="council_post_once_per_term",
                violation_error_message=gettext_lazy("该人员在本届理事会已有职务。"),
            ),
        ]

    def __str__(self):
        return f"{self.association}{self.term}{self.get_role_display()}"

    def clean(self):
        errors = {}
        _check_period(self.start_date, self.end_date, errors)
        if (
            self.association_id
            and self.person_id
            and not Membership.objects.filter(
                association_id=self.association_id, person_id=self.person_id
            ).exists()
        ):
            errors["person"] = [_("该人员不是本会会员，不能担任理事会职务。")]
        if errors:
            raise ValidationError(errors)
