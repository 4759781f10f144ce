from django.apps import AppConfig


class SignupConfig(AppConfig):
    name = "home.signup"
    label = "signup"
    verbose_name = "活动报名"
    default_auto_field = "django.db.models.BigAutoField"
