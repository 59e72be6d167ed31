"""The joint conference: meetings, who was invited and came, the agenda, the minutes, and
the items agreed at a meeting followed until they are done."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.enums import (
    CLOSED_ACTION_STATUSES,
    MINUTES_DUE_DAYS,
    ActionStatus,
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
)
from meetings.validators import attachment_extension, format_document_number
from units.models import MemberUnit, Region


def conference_name(region: Region) -> str:
    """Return the full name of the joint conference a region runs."""
    return _("%(region)s新的社会阶层人士统战工作联席会议") % {"region": region.name}


class Meeting(models.Model):
    """One meeting of a region's joint conference (plenary, special-topic or liaison)."""

    region = models.ForeignKey(
        Region,
        verbose_name=gettext_lazy("联席会议"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField(gettext_lazy("会议类型"), max_length=10, choices=MeetingKind.choices)
    number = models.PositiveSmallIntegerField(
        gettext_lazy("次数"), help_text=gettext_lazy("当年同类会议的第几次，留空自动编号。")
    )
    title = models.CharField(gettext_lazy("会议名称"), max_length=200)
    date = models.DateField(gettext_lazy("会议日期"))
    start_time = models.TimeField(gettext_lazy("开始时间"))
    place = models.CharField(gettext_lazy("会议地点"), max_length=100)
    convener = models.CharField(gettext_lazy("召集人"), max_length=100)
    status = models.CharField(
        gettext_lazy("状态"),
        max_length=20,
        choices=MeetingStatus.choices,
        default=MeetingStatus.PLANNED,
    )
    invited_units = models.ManyToManyField(
        MemberUnit,
        verbose_name=gettext_lazy("参会单位"),
        through="Attendance",
        related_name="meetings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(gettext_lazy("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(gettext_lazy("更新时间"), auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("联席会议")
        verbose_name_plural = gettext_lazy("联席会议")
        ordering = ["-date", "-start_time", "-id"]
        constraints = [
            models.UniqueConstraint(
                models.F("region"),
                models.F("kind"),
                ExtractYear("date"),
                models.F("number"),
                name="meeting_unique_number_per_year",
                violation_error_message=gettext_lazy("本联席会议当年已有相同次数的同类会议。"),
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="meeting_number_positive"
            ),
        ]
        indexes = [models.Index(fields=["region", "date"], name="meeting_region_date_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    @property
    def short_name(self) -> str:
        """Return e.g. "2026年第1次全体会议"."""
        return _("%(year)s年第%(number)s次%(kind)s") % {
            "year": self.date.year,
            "number": self.number,
            "kind": self.get_kind_display(),
        }

    @property
    def conference_name(self) -> str:
        return conference_name(self.region)

    @property
    def minutes_due_date(self) -> datetime.date:
        return self.date + datetime.timedelta(days=MINUTES_DUE_DAYS)

    def minutes_overdue(self, today: datetime.date | None = None) -> bool:
        """Return whether the meeting was held more than 14 days ago without minutes."""
        today = today or timezone.localdate()
        return self.status == MeetingStatus.HELD and today > self.minutes_due_date

    @property
    def is_minutes_overdue(self) -> bool:
        return self.minutes_overdue()


class Attendance(models.Model):
    """A unit invited to a meeting, and whether and by whom it attended."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=gettext_lazy("会议"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    unit = models.ForeignKey(
        MemberUnit,
        verbose_name=gettext_lazy("单位"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    status = models.CharField(
        gettext_lazy("出席情况"),
        max_length=10,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PENDING,
    )
    delegate_name = models.CharField(gettext_lazy("参会人员"), max_length=30, blank=True)
    delegate_post = models.CharField(gettext_lazy("职务"), max_length=60, blank=True)

    class Meta:
        verbose_name = gettext_lazy("参会单位")
        verbose_name_plural = gettext_lazy("参会单位")
        ordering = ["meeting", "unit__order", "unit__id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "unit"], name="attendance_unique_unit"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_status_display()}"

    def clean(self):
        if self.status == AttendanceStatus.ATTENDED and not self.delegate_name.strip():
            raise ValidationError({"delegate_name": _("出席的单位请填写参会人员姓名。")})


class AgendaItem(models.Model):
    """One item of a meeting's agenda, in order."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=gettext_lazy("会议"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    order = models.PositiveSmallIntegerField(gettext_lazy("序号"))
    title = models.CharField(gettext_lazy("议题"), max_length=200)
    presenter = models.CharField(gettext_lazy("汇报单位或汇报人"), max_length=100, blank=True)
    is_follow_up = models.BooleanField(
        gettext_lazy("议定事项落实情况"),
        default=False,
        help_text=gettext_lazy("听取以往会议议定事项的落实情况。"),
    )

    class Meta:
        verbose_name = gettext_lazy("议程")
        verbose_name_plural = gettext_lazy("议程")
        ordering = ["meeting", "order", "id"]

    def __str__(self):
        return f"{self.order}. {self.title}"


class Minutes(models.Model):
    """The minutes (会议纪要) issued after a meeting, under a document number."""

    meeting = models.OneToOneField(
        Meeting, verbose_name=gettext_lazy("会议"), on_delete=models.PROTECT, related_name="minutes"
    )
    # The meeting's conference, kept here so that the database can hold the number unique.
    region = models.ForeignKey(
        Region, verbose_name=gettext_lazy("联席会议"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(gettext_lazy("文号年份"))
    serial = models.PositiveIntegerField(gettext_lazy("文号序号"))
    text = models.TextField(gettext_lazy("纪要正文"))
    issued_on = models.DateField(gettext_lazy("印发日期"))
    distribution = models.TextField(gettext_lazy("抄送"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("印发人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(gettext_lazy("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("会议纪要")
        verbose_name_plural = gettext_lazy("会议纪要")
        ordering = ["-year", "-serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "serial"],
                name="minutes_unique_number",
                violation_error_message=gettext_lazy("该文号已被本联席会议的其他会议纪要使用。"),
            ),
            models.CheckConstraint(
                condition=models.Q(serial__gte=1), name="minutes_serial_positive"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.meeting}"

    def get_absolute_url(self):
        return reverse("meetings:minutes", args=[self.meeting_id])

    @property
    def number(self) -> str:
        return format_document_number(self.year, self.serial)

    def clean(self):
        errors = {}
        if self.meeting_id and self.region_id != self.meeting.region_id:
            errors["region"] = _("会议纪要须属于会议所在的联席会议。")
        if self.meeting_id and self.issued_on and self.issued_on < self.meeting.date:
            errors["issued_on"] = _("印发日期不能早于会议日期。")
        if self.issued_on and self.year and self.year != self.issued_on.year:
            errors["year"] = _("文号年份应与印发日期的年份一致。")
        if errors:
            raise ValidationError(errors)


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        """Return the items still to be carried out (not done, not cancelled)."""
        return self.exclude(status__in=CLOSED_ACTION_STATUSES)

    def overdue(self, today: datetime.date | None = None):
        """Return the open items whose due date has passed."""
        return self.open().filter(due_date__lt=today or timezone.localdate())


class ActionItem(models.Model):
    """An item agreed at a meeting (议定事项): a lead unit carries it out by a due date."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=gettext_lazy("会议"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    order = models.PositiveSmallIntegerField(gettext_lazy("序号"))
    text = models.TextField(gettext_lazy("议定事项"))
    lead_unit = models.ForeignKey(
        MemberUnit,
        verbose_name=gettext_lazy("牵头单位"),
        on_delete=models.PROTECT,
        related_name="lead_action_items",
    )
    co_units = models.ManyToManyField(
        MemberUnit,
        verbose_name=gettext_lazy("配合单位"),
        blank=True,
        related_name="co_action_items",
    )
    due_date = models.DateField(gettext_lazy("完成时限"))
    status = models.CharField(
        gettext_lazy("办理状态"),
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.OPEN,
    )
    cancel_reason = models.TextField(gettext_lazy("撤销原因"), blank=True)
    closed_on = models.DateField(gettext_lazy("办结（撤销）日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(gettext_lazy("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(gettext_lazy("更新时间"), auto_now=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("议定事项")
        verbose_name_plural = gettext_lazy("议定事项")
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=ActionStatus.CANCELLED) | ~models.Q(cancel_reason=""),
                name="actionitem_cancel_needs_reason",
                violation_error_message=gettext_lazy("撤销议定事项须说明原因。"),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="action_status_due_idx")]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return reverse("meetings:action_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.meeting_id and self.due_date and self.due_date < self.meeting.date:
            errors["due_date"] = _("完成时限不能早于会议日期。")
        if self.status == ActionStatus.CANCELLED and not self.cancel_reason.strip():
            errors["cancel_reason"] = _("撤销议定事项须说明原因。")
        if errors:
            raise ValidationError(errors)

    def overdue(self, today: datetime.date | None = None) -> bool:
        """Return whether the item is past its due date and still open."""
        today = today or timezone.localdate()
        return self.status not in CLOSED_ACTION_STATUSES and self.due_date < today

    @property
    def is_overdue(self) -> bool:
        return self.overdue()

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_ACTION_STATUSES


def attachment_upload_to(instance, filename: str) -> str:
    """Store attachments under a generated name; the original name is kept in the row."""
    extension = attachment_extension(filename)
    return f"meetings/actions/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class ActionUpdate(models.Model):
    """One entry in an action item's timeline: a progress report or a change of status."""

    action = models.ForeignKey(
        ActionItem,
        verbose_name=gettext_lazy("议定事项"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    unit = models.ForeignKey(
        MemberUnit,
        verbose_name=gettext_lazy("报送单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    new_status = models.CharField(
        gettext_lazy("变更后的状态"),
        max_length=20,
        choices=ActionStatus.choices,
        blank=True,
        help_text=gettext_lazy("留空表示进展报送；有值表示状态变更。"),
    )
    text = models.TextField(gettext_lazy("内容"))
    reported_on = models.DateField(gettext_lazy("日期"))
    attachment = models.FileField(gettext_lazy("附件"), upload_to=attachment_upload_to, blank=True)
    attachment_name = models.CharField(gettext_lazy("附件原名"), max_length=200, blank=True)
    attachment_size = models.PositiveIntegerField(gettext_lazy("附件大小"), null=True, blank=True)
    created_at = models.DateTimeField(gettext_lazy("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("办理进展")
        verbose_name_plural = gettext_lazy("办理进展")
        ordering = ["action", "reported_on", "created_at", "id"]

    def __str__(self):
        return f"{self.reported_on:%Y-%m-%d} {self.text[:40]}"

    @property
    def is_status_change(self) -> bool:
        return bool(self.new_status)
