from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import demo as accounts_demo
from roster_site.commands import TranslatedCommand
from units import demo as units_demo


class Command(TranslatedCommand):
    help = gettext_lazy("载入示范市演示数据（可重复运行，不会重复添加）。仅限开发环境。")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                _("演示数据只能在开发环境（DJANGO_DEBUG=True）中载入，生产环境禁止运行。")
            )
        with transaction.atomic():
            built = units_demo.build()
            accounts = accounts_demo.build(built["units"])
            for extend in _extensions():
                extend(built)
        self.stdout.write(
            self.style.SUCCESS(_("演示数据已就绪：示范市，4个区，成员单位与演示账号。"))
        )
        self.stdout.write(
            _("演示账号（密码均为 %(password)s）：") % {"password": settings.DEMO_PASSWORD}
        )
        listed = {username for username, _full_name, _role in accounts}
        for username, full_name, role in accounts:
            self.stdout.write(f"  {username:<22} {full_name}  {role}")
        # Accounts the other apps' demo builders added (e.g. district liaisons).
        for user in get_user_model().objects.exclude(username__in=listed).order_by("username"):
            unit = _("（%(unit)s）") % {"unit": user.unit} if user.unit_id else ""
            self.stdout.write(f"  {user.username:<22} {user}  {user.get_role_display()}{unit}")


def _extensions():
    """Return the demo builders of the other apps, in dependency order."""
    from importlib import import_module

    builders = []
    for module_name in ("people.demo", "talent_pool.demo", "meetings.demo"):
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        builders.append(module.build)
    return builders
