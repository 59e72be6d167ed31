from datetime import timedelta

from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import AuditAction
from accounts.services import audit
from people.models import Award, EducationRecord, FamilyMember, Person, SocialPosition, WorkHistory
from roster_site.commands import TranslatedCommand

CHILD_MODELS = (EducationRecord, WorkHistory, SocialPosition, Award, FamilyMember)


class Command(TranslatedCommand):
    help = gettext_lazy("彻底删除归档已超过保存期限的人员（含其变更历史）；每人一条审计记录。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--archived-days", type=int, required=True, help=_("归档满多少天的人员。")
        )
        parser.add_argument("--dry-run", action="store_true", help=_("只列出，不删除。"))

    def handle(self, *args, archived_days, dry_run=False, **options):
        if archived_days < 365:
            raise CommandError(_("归档不满一年的人员不能彻底删除。"))
        cutoff = timezone.now() - timedelta(days=archived_days)
        candidates = Person.objects.filter(archived_at__lt=cutoff).order_by("pk")
        purged = kept = 0
        for person in candidates.iterator():
            if dry_run:
                self.stdout.write(
                    _("将删除：#%(id)s %(name)s") % {"id": person.pk, "name": person.name}
                )
                continue
            try:
                with transaction.atomic():
                    pk, name = person.pk, person.name
                    person.delete()
                    for model in (Person, *CHILD_MODELS):
                        history = model.history.model.objects
                        key = "id" if model is Person else "person_id"
                        history.filter(**{key: pk}).delete()
                    audit(
                        AuditAction.PURGE,
                        username="manage.py",
                        detail={
                            "what": "person",
                            "id": pk,
                            "name": name,
                            "before": cutoff.isoformat(),
                        },
                    )
                purged += 1
            except ProtectedError:
                kept += 1
                self.stdout.write(
                    _("保留：#%(id)s %(name)s（仍被人才库等记录引用）")
                    % {"id": person.pk, "name": person.name}
                )
        self.stdout.write(
            self.style.SUCCESS(
                _("已彻底删除 %(purged)s 人，保留 %(kept)s 人。") % {"purged": purged, "kept": kept}
            )
        )
