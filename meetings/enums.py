from django.db import models


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", "全体会议"
    SPECIAL = "special", "专题会议"
    LIAISON = "liaison", "联络员会议"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "筹备中"
    HELD = "held", "已召开"
    MINUTES_ISSUED = "minutes_issued", "纪要已印发"


class AttendanceStatus(models.TextChoices):
    PENDING = "pending", "未登记"
    ATTENDED = "attended", "出席"
    EXCUSED = "excused", "请假"
    ABSENT = "absent", "缺席"


class ActionStatus(models.TextChoices):
    OPEN = "open", "未启动"
    IN_PROGRESS = "in_progress", "办理中"
    DONE = "done", "已办结"
    CANCELLED = "cancelled", "已撤销"


# Statuses in which an action item no longer needs anybody's work.
CLOSED_ACTION_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.CANCELLED})
OPEN_ACTION_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})

# The conference rule (DOMAIN.md): the plenary meets once or twice a year.
PLENARIES_PER_YEAR = (1, 2)
# Minutes are due within this many days after a meeting is held.
MINUTES_DUE_DAYS = 14

FOLLOW_UP_AGENDA_TITLE = "上次会议议定事项落实情况"
