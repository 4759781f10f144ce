"""The sections (courses, micro-lessons, bases, map) are in the main navigation, which now comes
from the page tree ("在菜单中显示"); sites installed before keep their navigation."""

from django.db import migrations

SECTIONS = [
    ("resources", "courseindexpage"),
    ("resources", "microlessonindexpage"),
    ("bases", "baseindexpage"),
    ("bases", "practicesiteindexpage"),
]


def sections_in_menus(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    types = [ct.pk for ct in ContentType.objects.all() if (ct.app_label, ct.model) in SECTIONS]
    Page.objects.filter(content_type_id__in=types).update(show_in_menus=True)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_footer_settings"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(sections_in_menus, migrations.RunPython.noop)]
