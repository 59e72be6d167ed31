from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", _("全体会议")
    SPECIAL = "special", _("专题会议")
    LIAISON = "liaison", _("联络员会议")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    HELD = "held", _("已召开")
    MINUTES_ISSUED = "minutes_issued", _("纪要已印发")


class AttendanceStatus(models.TextChoices):
    PENDING = "pending", _("未登记")
    ATTENDED = "attended", _("出席")
    EXCUSED = "excused", _("请假")
    ABSENT = "absent", _("缺席")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("未启动")
    IN_PROGRESS = "in_progress", _("办理中")
    DONE = "done", _("已办结")
    CANCELLED = "cancelled", _("已撤销")


# Statuses in which an action item no longer needs anybody's work.
CLOSED_ACTION_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.CANCELLED})
OPEN_ACTION_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})

# The conference rule (DOMAIN.md): the plenary meets once or twice a year.
PLENARIES_PER_YEAR = (1, 2)
# Minutes are due within this many days after a meeting is held.
MINUTES_DUE_DAYS = 14

# The title the follow-up agenda item gets. It is stored as the item's title, so it is kept
# a plain str here and translated when the item is created.
FOLLOW_UP_AGENDA_TITLE = gettext_noop("上次会议议定事项落实情况")
