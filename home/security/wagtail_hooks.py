from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from bases.deletion import refuse_bulk_deleting_history, refuse_deleting_history

from .lockout import can_unlock, lockout_index, lockout_unlock


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return [
        path("login-lockouts/", lockout_index, name="security_lockouts"),
        path("login-lockouts/unlock/", lockout_unlock, name="security_lockouts_unlock"),
    ]


class LockoutMenuItem(MenuItem):
    def is_shown(self, request):
        return can_unlock(request.user)


@hooks.register("register_settings_menu_item")
def register_lockout_menu_item():
    return LockoutMenuItem("登录锁定", reverse("security_lockouts"), icon_name="lock", order=900)


# A base's history (terms, yearly reports, revocation requests) is never deleted with its page.
hooks.register("before_delete_page", refuse_deleting_history)
hooks.register("before_bulk_action", refuse_bulk_deleting_history)
