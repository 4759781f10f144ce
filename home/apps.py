from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "首页与全站设置"

    def ready(self):
        from . import cache_signals

        cache_signals.connect()
