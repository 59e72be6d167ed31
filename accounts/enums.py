from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("统战部工作人员")
    UNIT_LIAISON = "unit_liaison", _("成员单位联络员")
    LEADER = "leader", _("领导")
    AUDITOR = "auditor", _("审计员")
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")


# The three administrative roles of 三员分立: each is a role of its own, so one account
# can never hold two of them, and none of them sees personal data.
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})


class AuditAction(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKED_OUT = "locked_out", _("账号锁定")
    LOGOUT = "logout", _("退出")
    EXPORT = "export", _("导出")
    IMPORT = "import", _("导入")
    REVEAL = "reveal", _("查看完整敏感信息")
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    ARCHIVE = "archive", _("归档")
    RESTORE = "restore", _("恢复")
    TRANSITION = "transition", _("状态变更")
    PERMISSION_CHANGE = "permission_change", _("权限变更")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    PURGE = "purge", _("清理过期数据")
    BACKUP = "backup", _("备份")
    RESTORE_BACKUP = "restore_backup", _("恢复备份")


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")
    DENIED = "denied", _("拒绝")
