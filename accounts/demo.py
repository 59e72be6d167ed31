"""Demo accounts, one per role (fictional people)."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission

from accounts.enums import Role
from accounts.models import User

# (username, full name, unit key in units.demo.build()["units"], role, can_reveal)
ACCOUNTS = [
    ("city_staff", "陈思远", "市委统战部", Role.STAFF, True),
    ("minghu_staff", "王雨桐", "明湖区委统战部", Role.STAFF, False),
    ("qingshan_staff", "李嘉禾", "青山区委统战部", Role.STAFF, False),
    ("linjiang_staff", "赵启航", "临江区委统战部", Role.STAFF, False),
    ("yunxi_staff", "孙若溪", "云溪区委统战部", Role.STAFF, False),
    ("sifa_liaison", "周立诚", "市司法局", Role.UNIT_LIAISON, False),
    ("xuanchuan_liaison", "林晓岚", "市委宣传部", Role.UNIT_LIAISON, False),
    ("leader", "郑文博", "市委统战部", Role.LEADER, False),
    ("auditor", "吴慎之", None, Role.AUDITOR, False),
    ("sysadmin", "钱维安", None, Role.SYSADMIN, False),
    ("secadmin", "冯守正", None, Role.SECADMIN, False),
]

LIAISON_PHONES = {"sifa_liaison": "0599-88001101", "xuanchuan_liaison": "0599-88001102"}

SYSADMIN_GROUP = "系统管理员"
# Accounts, units and configuration (sub-types, evaluation standards): no personal data.
SYSADMIN_MODELS = ["user", "region", "memberunit", "subtype", "criterion"]


def _sysadmin_group():
    group, _ = Group.objects.get_or_create(name=SYSADMIN_GROUP)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["accounts", "units", "people", "talent_pool"],
            content_type__model__in=SYSADMIN_MODELS,
        )
    )
    return group


def build(units: dict) -> list[tuple[str, str, str]]:
    """Create the demo accounts (password from DEMO_PASSWORD on creation)."""
    created = []
    group = _sysadmin_group()
    for username, full_name, unit_key, role, can_reveal in ACCOUNTS:
        unit = units[unit_key] if unit_key else None
        user, was_created = User.objects.update_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "unit": unit,
                "role": role,
                "can_reveal": can_reveal,
                "is_staff": role in (Role.SYSADMIN, Role.SECADMIN),
                "is_active": True,
                # Demo accounts share a known password; they exist only in the demo.
                "must_change_password": False,
            },
        )
        if was_created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if role in (Role.SYSADMIN, Role.SECADMIN):
            user.groups.add(group)
        if role == Role.UNIT_LIAISON and unit is not None:
            unit.liaison_name = full_name
            unit.liaison_phone = LIAISON_PHONES[username]
            unit.save(update_fields=["liaison_name", "liaison_phone"])
        created.append((username, full_name, user.get_role_display()))
    return created
