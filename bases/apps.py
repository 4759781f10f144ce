from django.apps import AppConfig


class BasesConfig(AppConfig):
    name = "bases"
    verbose_name = "实践基地与实践点位"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search.facets import register

        from . import signals  # noqa: F401
        from .districts import DISTRICTS

        # The search page's district filter (bases and practice sites declare it).
        register("district", "区县", lambda: list(DISTRICTS), order=40)
