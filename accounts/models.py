from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import ADMIN_ROLES, AuditAction, AuditOutcome, Role

ROLES_WITH_UNIT = {Role.STAFF, Role.UNIT_LIAISON, Role.LEADER}


class User(AbstractUser):
    """An account: belongs to a unit (whose region is the account's scope) and has one role."""

    full_name = models.CharField(gettext_lazy("姓名"), max_length=30, blank=True)
    unit = models.ForeignKey(
        "units.MemberUnit",
        verbose_name=gettext_lazy("所在单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(
        gettext_lazy("角色"), max_length=20, choices=Role.choices, default=Role.STAFF
    )
    phone = models.CharField(gettext_lazy("联系电话"), max_length=30, blank=True)
    can_reveal = models.BooleanField(
        gettext_lazy("可查看完整证件号码和手机号码"),
        default=False,
        help_text=gettext_lazy("仅对统战部工作人员有效；每次查看都记入审计日志。"),
    )
    must_change_password = models.BooleanField(
        gettext_lazy("下次登录须修改密码"),
        default=True,
        help_text=gettext_lazy("新建或重置密码的账号首次登录时必须修改密码。"),
    )
    password_changed_at = models.DateTimeField(gettext_lazy("密码修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("用户")
        verbose_name_plural = gettext_lazy("用户")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    def clean(self):
        super().clean()
        if self.role in ROLES_WITH_UNIT and self.unit_id is None:
            raise ValidationError({"unit": _("该角色的账号必须指定所在单位。")})
        if self.can_reveal and self.role != Role.STAFF:
            raise ValidationError(
                {"can_reveal": _("只有统战部工作人员可以被授予查看完整信息的权限。")}
            )
        if self.role in ADMIN_ROLES and self.is_superuser:
            raise ValidationError(
                {
                    "is_superuser": (
                        _("系统管理员、安全管理员和审计员不能同时拥有超级用户权限（三员分立）。")
                    )
                }
            )

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def password_expired(self, max_age_days: int) -> bool:
        """Return whether the password is older than max_age_days (0: never expires)."""
        if not max_age_days or self.password_changed_at is None:
            return False
        return (timezone.now() - self.password_changed_at).days >= max_age_days

    def get_full_name(self):
        return self.full_name or self.username

    def get_short_name(self):
        return self.full_name or self.username


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError(_("审计记录不可修改。"))

    def delete(self):
        raise PermissionError(_("审计记录不可删除。"))


class AuditEvent(models.Model):
    """One security-relevant event. Append-only: rows are never changed or deleted."""

    time = models.DateTimeField(gettext_lazy("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User,
        verbose_name=gettext_lazy("用户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    username = models.CharField(gettext_lazy("用户名"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(gettext_lazy("IP地址"), null=True, blank=True)
    action = models.CharField(
        gettext_lazy("操作"), max_length=30, choices=AuditAction.choices, db_index=True
    )
    object_type = models.CharField(gettext_lazy("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(gettext_lazy("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(gettext_lazy("对象"), max_length=200, blank=True)
    outcome = models.CharField(
        gettext_lazy("结果"),
        max_length=10,
        choices=AuditOutcome.choices,
        default=AuditOutcome.SUCCESS,
    )
    detail = models.JSONField(gettext_lazy("详情"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("审计记录")
        verbose_name_plural = gettext_lazy("审计记录")
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError(_("审计记录不可修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(_("审计记录不可删除。"))
