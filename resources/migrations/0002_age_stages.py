from django.db import migrations

from resources.taxonomy import AGE_STAGES


def create_age_stages(apps, schema_editor):
    AgeStage = apps.get_model("resources", "AgeStage")
    for order, (slug, name, description) in enumerate(AGE_STAGES):
        AgeStage.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]

    operations = [migrations.RunPython(create_age_stages, migrations.RunPython.noop)]
