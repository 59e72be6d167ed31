"""The person tallies (people.tallies): the table, its triggers, and the first count."""

import django.db.models.deletion
from django.db import migrations, models

from people import tallies


def install(apps, schema_editor):
    tallies.install_triggers(schema_editor)
    tallies.fill(schema_editor.connection)


def remove(apps, schema_editor):
    tallies.remove_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_postgres_roster_indexes"),
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("trait", models.CharField(max_length=12, verbose_name="统计项")),
                ("value", models.CharField(max_length=40, verbose_name="取值")),
                ("n", models.IntegerField(default=0, verbose_name="人数")),
                (
                    "region",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="units.region",
                        verbose_name="所在区划",
                    ),
                ),
            ],
            options={
                "verbose_name": "人员构成计数",
                "verbose_name_plural": "人员构成计数",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("trait", "region", "value"), name="person_tally_unique_key"
                    )
                ],
            },
        ),
        migrations.RunPython(install, remove, elidable=False),
    ]
