from django.db import migrations

from people.enums import DEFAULT_SUBTYPES


def add_subtypes(apps, schema_editor):
    SubType = apps.get_model("people", "SubType")
    for category, names in DEFAULT_SUBTYPES.items():
        for order, name in enumerate(names, start=1):
            SubType.objects.get_or_create(
                category=category.value, name=name, defaults={"order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(add_subtypes, migrations.RunPython.noop)]
