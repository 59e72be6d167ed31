from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from units.models import MemberUnit, Region


def counts():
    return (Region.objects.count(), MemberUnit.objects.count(), User.objects.count())


@pytest.mark.django_db
def test_load_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    first = counts()
    call_command("load_demo", stdout=StringIO())
    assert counts() == first
    city = Region.objects.get(name="示范市")
    assert city.children.count() == 4
    assert MemberUnit.objects.filter(region=city).count() == 13
    assert MemberUnit.objects.filter(region=city, is_lead=True).count() == 1
    assert set(User.objects.values_list("role", flat=True)) == {
        "staff",
        "unit_liaison",
        "leader",
        "auditor",
        "sysadmin",
        "secadmin",
    }


@pytest.mark.django_db
def test_demo_password_comes_from_setting(settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "Another#Demo2026"
    call_command("load_demo", stdout=StringIO())
    assert User.objects.get(username="city_staff").check_password("Another#Demo2026")


@pytest.mark.django_db
def test_load_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="开发环境"):
        call_command("load_demo")
    assert counts() == (0, 0, 0)
