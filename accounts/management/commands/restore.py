from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.backup import BackupError, restore_database
from accounts.enums import AuditAction
from accounts.services import audit
from roster_site.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy("用备份文件恢复整个数据库（会覆盖当前数据）。")

    def add_arguments(self, parser):
        parser.add_argument("backup_file", help=_("backup 命令生成的备份文件"))
        parser.add_argument("--yes", action="store_true", help=_("不再确认，直接恢复。"))

    def handle(self, *args, backup_file, yes=False, **options):
        source = Path(backup_file)
        if not yes:
            answer = input(
                _("将用 %(file)s 覆盖当前数据库的全部数据，确认请输入 yes：") % {"file": source}
            )
            if answer.strip().lower() != "yes":
                raise CommandError(_("已取消，数据库未改变。"))
        try:
            restore_database(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        audit(AuditAction.RESTORE_BACKUP, username="manage.py", detail={"file": str(source)})
        self.stdout.write(self.style.SUCCESS(_("已从 %(file)s 恢复数据库。") % {"file": source}))
