from django.apps import AppConfig


class BasesConfig(AppConfig):
    name = "bases"
    verbose_name = "实践基地与实践点位"
