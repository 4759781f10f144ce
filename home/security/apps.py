from django.apps import AppConfig
from django.db.models.signals import post_migrate


def grant_unlock_permission(sender, using="default", **kwargs):
    """City editors (Wagtail's Editors and Moderators) may see and lift login lockouts."""
    from django.contrib.auth.models import Group, Permission

    permissions = Permission.objects.using(using).filter(
        content_type__app_label="axes", codename__in=["view_accessattempt", "delete_accessattempt"]
    )
    for group in Group.objects.using(using).filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


class SecurityConfig(AppConfig):
    name = "home.security"
    label = "security"
    verbose_name = "安全与数据"

    def ready(self):
        from . import checks  # noqa: F401

        post_migrate.connect(grant_unlock_permission, sender=self)
