from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.backup import BackupError, backup_database
from accounts.enums import AuditAction
from accounts.services import audit
from roster_site.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy("备份整个数据库（PostgreSQL 使用 pg_dump -Fc；SQLite 使用在线备份）。")

    def add_arguments(self, parser):
        parser.add_argument("--output", help=_("备份文件路径；默认 var/backups/ 下按时间命名。"))

    def handle(self, *args, output=None, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = (
            Path(output)
            if output
            else settings.BASE_DIR / "var" / "backups" / f"tongxin-{stamp}.backup"
        )
        try:
            backup_database(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        audit(AuditAction.BACKUP, username="manage.py", detail={"file": str(target)})
        self.stdout.write(self.style.SUCCESS(_("已备份到 %(file)s") % {"file": target}))
