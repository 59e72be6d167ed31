from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.backup import BackupError, restore_database
from accounts.enums import AuditAction
from accounts.services import audit


class Command(BaseCommand):
    help = "用备份文件恢复整个数据库（会覆盖当前数据）。"

    def add_arguments(self, parser):
        parser.add_argument("backup_file", help="backup 命令生成的备份文件")
        parser.add_argument("--yes", action="store_true", help="不再确认，直接恢复。")

    def handle(self, *args, backup_file, yes=False, **options):
        source = Path(backup_file)
        if not yes:
            answer = input(f"将用 {source} 覆盖当前数据库的全部数据，确认请输入 yes：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消，数据库未改变。")
        try:
            restore_database(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        audit(AuditAction.RESTORE_BACKUP, username="manage.py", detail={"file": str(source)})
        self.stdout.write(self.style.SUCCESS(f"已从 {source} 恢复数据库。"))
