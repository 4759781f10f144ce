from django.db import migrations


def grant(apps, schema_editor):
    """Wagtail's Editors and Moderators groups may read the search statistics."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="search", codename="view_searchtermweek")
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial"), ("wagtailcore", "0001_initial"), ("auth", "0001_initial")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
