"""Response headers: the Content-Security-Policy (django-csp) and the Permissions-Policy.

The public pages run under a strict policy (CONTENT_SECURITY_POLICY in settings: only this
site's own scripts, styles, images, media and fetches; no inline script or style; no plugins;
not framed by other sites). The Wagtail admin still writes some inline styles and scripts, so
its pages (WAGTAILADMIN_PATH) get the additions in CSP_ADMIN_ADDITIONS on top of that policy."""

from csp.middleware import CSPMiddleware
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, extended through its documented hook (get_policy_parts)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(settings.WAGTAILADMIN_PATH):
            additions = dict(settings.CSP_ADMIN_ADDITIONS)
            for directive, sources in (parts.update or {}).items():
                additions[directive] = [*additions.get(directive, []), *sources]
            parts.update = additions
        return parts


class PermissionsPolicyMiddleware:
    """Turns off the browser features the site never uses (camera, microphone, payment ...) and
    keeps location to the site's own pages (the map's 我附近 asks for it)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(
            [f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DISABLED]
            + [f"{feature}=(self)" for feature in settings.PERMISSIONS_POLICY_SELF]
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.value and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.value
        return response
