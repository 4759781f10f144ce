from django.apps import AppConfig
from django.db.models.signals import post_migrate

from .districts import DISTRICTS


class BasesConfig(AppConfig):
    name = "bases"
    verbose_name = "实践基地与实践点位"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search.facets import register

        # Every receiver of the app lives in bases.signals; importing it connects them.
        from . import signals

        post_migrate.connect(signals.grant_permissions_after_migrate, sender=self)

        # The search page's district filter (bases and practice sites declare it).
        register("district", "区县", lambda: list(DISTRICTS), order=40)
