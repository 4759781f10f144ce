"""The API's rate limit per client address (settings.REST_FRAMEWORK, DEFAULT_THROTTLE_CLASSES)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class AddressRateThrottle(SimpleRateThrottle):
    """Requests per client address, counted in Django's cache (Redis in production). The rate
    is read on every request (settings.API_RATE_LIMIT, e.g. "120/minute")."""

    scope = "api"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
