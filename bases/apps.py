from django.apps import AppConfig


class BasesConfig(AppConfig):
    name = "bases"
    verbose_name = "实践基地与实践点位"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
