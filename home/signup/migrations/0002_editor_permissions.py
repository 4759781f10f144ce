"""City editors (Wagtail's Editors and Moderators groups) manage sign-up windows and see every
sign-up. A base's own account sees its sites' sign-ups through home.signup.access instead."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Editors", "Moderators")
CODENAMES = (
    "add_signupwindow",
    "change_signupwindow",
    "delete_signupwindow",
    "view_signupwindow",
    "view_signup",
)


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; editors need them now.
    config = apps.get_app_config("signup")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="signup", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("signup", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
