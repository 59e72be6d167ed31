from django.db import models


class Role(models.TextChoices):
    STAFF = "staff", "统战部工作人员"
    UNIT_LIAISON = "unit_liaison", "成员单位联络员"
    LEADER = "leader", "领导"
    AUDITOR = "auditor", "审计员"
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"


# The three administrative roles of 三员分立: each is a role of its own, so one account
# can never hold two of them, and none of them sees personal data.
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})


class AuditAction(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED_OUT = "locked_out", "账号锁定"
    LOGOUT = "logout", "退出"
    EXPORT = "export", "导出"
    IMPORT = "import", "导入"
    REVEAL = "reveal", "查看完整敏感信息"
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    ARCHIVE = "archive", "归档"
    RESTORE = "restore", "恢复"
    TRANSITION = "transition", "状态变更"
    PERMISSION_CHANGE = "permission_change", "权限变更"
    PASSWORD_CHANGE = "password_change", "修改密码"
    PURGE = "purge", "清理过期数据"
    BACKUP = "backup", "备份"
    RESTORE_BACKUP = "restore_backup", "恢复备份"


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"
    DENIED = "denied", "拒绝"
