from django.db import migrations

# The four standards for a representative (DOMAIN.md); no published weights exist, so
# they ship equal and on a 0–10 scale, and staff may change them.
CRITERIA = [
    ("政治素质", "政治素质较高，拥护党的领导，立场坚定"),
    ("社会贡献", "在本行业、本领域贡献较大"),
    ("参政议政能力", "参政议政、建言献策能力较强"),
    ("群体影响力", "在所属群体中影响较大，有一定代表性"),
]


def add_criteria(apps, schema_editor):
    Criterion = apps.get_model("talent_pool", "Criterion")
    for order, (name, description) in enumerate(CRITERIA):
        Criterion.objects.get_or_create(
            name=name,
            defaults={"description": description, "weight": 25, "scale_max": 10, "order": order},
        )


def remove_criteria(apps, schema_editor):
    Criterion = apps.get_model("talent_pool", "Criterion")
    Criterion.objects.filter(name__in=[name for name, _ in CRITERIA]).delete()


class Migration(migrations.Migration):
    dependencies = [("talent_pool", "0002_recommendations_quotas_evaluations_reviews")]

    operations = [migrations.RunPython(add_criteria, remove_criteria)]
