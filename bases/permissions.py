"""The bases app's own permissions (beyond Wagtail's page permissions), held by city editors
(granted after every migrate: bases.access.grant_editor_permissions). Imports nothing of the
app, so models, admin panels and views can all use it."""

MANAGE_PERMISSION = "bases.manage_bases"


def can_manage_bases(user):
    """City editors: name bases, record terms and revocations, import, see the reports."""
    return bool(user and user.is_active and user.has_perm(MANAGE_PERMISSION))


SITES_PERMISSION = "bases.manage_sites"


def can_manage_sites(user):
    """City editors: the open-day report, the bulk import and the categories of practice sites."""
    return bool(user and user.is_active and user.has_perm(SITES_PERMISSION))
