import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from accounts.services import audit


def aged(days):
    event = audit(AuditAction.LOGIN, username=f"aged{days}")
    # The model refuses updates; set the age the way a database tool would.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET time = %s WHERE id = %s",
            [timezone.now() - datetime.timedelta(days=days), event.pk],
        )
    return event


@pytest.mark.django_db
def test_purge_refuses_retention_shorter_than_183_days():
    aged(10)
    with pytest.raises(CommandError, match="183"):
        call_command("purge_audit", "--older-than-days", "182")
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db
def test_purge_deletes_only_rows_older_than_the_limit_and_records_itself():
    aged(400)
    aged(200)
    aged(100)
    call_command("purge_audit", "--older-than-days", "183", stdout=StringIO())
    assert set(AuditEvent.objects.values_list("username", flat=True)) == {"aged100", "manage.py"}
    purge = AuditEvent.objects.get(action=AuditAction.PURGE)
    assert purge.detail["rows"] == 2


@pytest.mark.django_db
def test_purge_never_touches_rows_younger_than_183_days():
    aged(182)
    call_command("purge_audit", "--older-than-days", "183", stdout=StringIO())
    assert AuditEvent.objects.filter(username="aged182").exists()


def test_archived_person_purge_is_audited_and_removes_history(personas):
    from people.models import Person
    from tests.people.factories import make_person

    person = make_person(personas.district_a)
    Person.objects.filter(pk=person.pk).update(
        archived_at=timezone.now() - datetime.timedelta(days=800)
    )
    recent = make_person(personas.district_a, name="李娜")
    Person.objects.filter(pk=recent.pk).update(archived_at=timezone.now())
    with pytest.raises(CommandError):
        call_command("purge_archived_persons", "--archived-days", "30")
    call_command("purge_archived_persons", "--archived-days", "730", stdout=StringIO())
    assert list(Person.objects.values_list("name", flat=True)) == ["李娜"]
    assert not Person.history.filter(id=person.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.PURGE)
    assert event.detail["id"] == person.pk
