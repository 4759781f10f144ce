"""Deployment checks of our own (run by `manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Keys that are published (the sample environment, the dev and test settings) or plainly
# placeholders: a site using one signs its sessions and password-reset links with a key anyone
# can read.
PLACEHOLDER_MARKERS = ("change-me", "changeme", "insecure", "not-for-production", "placeholder", "example")


def is_placeholder_secret_key(key):
    lowered = (key or "").lower()
    return not lowered or any(marker in lowered for marker in PLACEHOLDER_MARKERS)


@register(Tags.security, deploy=True)
def check_secret_key_is_not_a_placeholder(app_configs, **kwargs):
    if is_placeholder_secret_key(settings.SECRET_KEY):
        return [
            Error(
                "SECRET_KEY 是示例或开发用的占位值，不能用于正式站点。",
                hint='请设置随机生成的密钥：python -c "import secrets; print(secrets.token_urlsafe(50))"',
                id="security.E001",
            )
        ]
    return []
