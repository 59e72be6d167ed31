from django.core.management.base import BaseCommand, CommandError

from people import tallies


class Command(BaseCommand):
    help = "核对或重建人员构成计数（工作台的统计数字，由数据库触发器随人员变更维护）。"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只核对，不一致时退出码为 1。")

    def handle(self, *args, check=False, **options):
        if check:
            wrong = tallies.differences()
            if wrong:
                for (region_id, trait, value), (kept, counted) in sorted(wrong.items())[:20]:
                    self.stderr.write(
                        f"区划 #{region_id} {trait}={value!r}：计数 {kept}，实有 {counted}"
                    )
                raise CommandError(
                    f"人员构成计数与实际人数不一致（{len(wrong)} 项），"
                    "请运行 recount_person_tallies 重建。"
                )
            self.stdout.write("人员构成计数与实际人数一致。")
            return
        rows = tallies.recount()
        self.stdout.write(f"已按在册人员重建人员构成计数（{rows} 行）。")
