"""Attempts per client address and per mobile number, counted in Django's cache (Redis in
production), in fixed windows of settings.SIGNUP_RATE_WINDOW seconds."""

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    proxies = settings.SIGNUP_NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


def hit(kind, ident, limit):
    """Count one attempt; True while within ``limit``."""
    key = f"signup:rate:{kind}:{ident}"
    window = settings.SIGNUP_RATE_WINDOW
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit
