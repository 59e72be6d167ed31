from datetime import timedelta

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from accounts.services import audit
from roster_site.commands import TranslatedCommand

# Audit records are kept at least six months (MLPS); the command refuses anything shorter.
MINIMUM_RETENTION_DAYS = 183


class Command(TranslatedCommand):
    help = gettext_lazy("删除超过保存期限的审计记录（保存期限不少于183天）。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=365,
            help=_("删除早于多少天的记录（至少183）。"),
        )

    def handle(self, *args, older_than_days, **options):
        if older_than_days < MINIMUM_RETENTION_DAYS:
            raise CommandError(
                _("审计记录至少保存%(minimum)s天，不能删除%(days)s天内的记录。")
                % {"minimum": MINIMUM_RETENTION_DAYS, "days": older_than_days}
            )
        cutoff = timezone.now() - timedelta(days=older_than_days)
        with transaction.atomic():
            old = AuditEvent.objects.filter(time__lt=cutoff)
            # The queryset's delete() refuses on purpose; this is the one sanctioned path.
            count = old._raw_delete(old.db)
            audit(
                AuditAction.PURGE,
                username="manage.py",
                detail={"what": "audit_log", "before": cutoff.isoformat(), "rows": count},
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("已删除 %(count)s 条早于 %(date)s 的审计记录。")
                % {"count": count, "date": cutoff.strftime("%Y-%m-%d")}
            )
        )
