"""Login lockout (django-axes): the lockout page and the editors' view that lifts a lockout.

Axes counts failed logins per username and per client address (AXES_LOCKOUT_PARAMETERS); once
either reaches AXES_FAILURE_LIMIT, logins for it are refused with a 429 and the Chinese page
security/lockout.html until AXES_COOLOFF_TIME has passed or an editor unlocks it under
设置 → 登录锁定."""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied

UNLOCK_PERMISSION = "axes.delete_accessattempt"


def can_unlock(user):
    return bool(user and user.is_active and user.has_perm(UNLOCK_PERMISSION))


def _active_attempts():
    attempts = AccessAttempt.objects.all()
    cooloff = settings.AXES_COOLOFF_TIME
    if cooloff:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cooloff)
    return attempts


def locked_out():
    """(usernames, addresses): each a list of dicts with the failures and the last attempt, for
    those that reached the limit within the cool-off time."""
    limit = settings.AXES_FAILURE_LIMIT
    attempts = _active_attempts()
    usernames = (
        attempts.exclude(username__isnull=True)
        .exclude(username="")
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=limit)
        .order_by("-last")
    )
    addresses = (
        attempts.exclude(ip_address__isnull=True)
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=limit)
        .order_by("-last")
    )
    return list(usernames), list(addresses)


def lockout_index(request):
    if not can_unlock(request.user):
        return permission_denied(request)
    usernames, addresses = locked_out()
    # One table per kind of lock, drawn by the same markup; ``field`` is the unlock form's field.
    tables = [
        ("被锁定的账号", "账号", "username", usernames, "没有被锁定的账号。"),
        ("被锁定的网络地址", "地址", "ip_address", addresses, "没有被锁定的地址。"),
    ]
    return TemplateResponse(
        request,
        "security/lockouts.html",
        {
            "tables": [
                {
                    "heading": heading,
                    "column": column,
                    "field": field,
                    "rows": [{**row, "value": row[field]} for row in rows],
                    "empty": empty,
                }
                for heading, column, field, rows, empty in tables
            ],
            "limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )


@require_POST
def lockout_unlock(request):
    if not can_unlock(request.user):
        return permission_denied(request)
    username = request.POST.get("username", "").strip()
    address = request.POST.get("ip_address", "").strip()
    if username:
        reset(username=username)
        messages.success(request, f"账号“{username}”的登录锁定已解除。")
    elif address:
        reset(ip=address)
        messages.success(request, f"地址 {address} 的登录锁定已解除。")
    else:
        messages.error(request, "请选择要解除锁定的账号或地址。")
    return redirect("security_lockouts")


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the Chinese lockout page, status 429."""
    cooloff = settings.AXES_COOLOFF_TIME
    return TemplateResponse(
        request,
        "security/lockout.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
        },
        status=429,
    ).render()
