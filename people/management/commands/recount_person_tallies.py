from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from people import tallies
from roster_site.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "核对或重建人员构成计数（工作台的统计数字，由数据库触发器随人员变更维护）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help=_("只核对，不一致时退出码为 1。"))

    def handle(self, *args, check=False, **options):
        if check:
            wrong = tallies.differences()
            if wrong:
                for (region_id, trait, value), (kept, counted) in sorted(wrong.items())[:20]:
                    self.stderr.write(
                        _("区划 #%(region)s %(trait)s=%(value)s：计数 %(kept)s，实有 %(counted)s")
                        % {
                            "region": region_id,
                            "trait": trait,
                            "value": repr(value),
                            "kept": kept,
                            "counted": counted,
                        }
                    )
                raise CommandError(
                    ngettext(
                        "人员构成计数与实际人数不一致（%(count)s 项），"
                        "请运行 recount_person_tallies 重建。",
                        "人员构成计数与实际人数不一致（%(count)s 项），"
                        "请运行 recount_person_tallies 重建。",
                        len(wrong),
                    )
                    % {"count": len(wrong)}
                )
            self.stdout.write(_("人员构成计数与实际人数一致。"))
            return
        rows = tallies.recount()
        self.stdout.write(
            ngettext(
                "已按在册人员重建人员构成计数（%(count)s 行）。",
                "已按在册人员重建人员构成计数（%(count)s 行）。",
                rows,
            )
            % {"count": rows}
        )
