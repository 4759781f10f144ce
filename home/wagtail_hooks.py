"""Admin-wide adjustments for the site's Chinese-speaking editors."""

from wagtail import hooks

from bases.models import can_manage_bases

# Wagtail's help menu links to its English editor guide and release notes on wagtail.org.
ENGLISH_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("construct_help_menu")
def keep_local_help_only(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(ENGLISH_HELP_ITEMS)]


# Reports for the people who run the site, not for bases or reviewers: the page-types report
# lists code identifiers (superusers only); the aging-pages report is the city editors'.
REPORTS_FOR_SUPERUSERS = {"page-types-usage"}
REPORTS_FOR_EDITORS = {"aging-pages", "locked-pages"}


@hooks.register("construct_reports_menu")
def reports_by_role(request, menu_items):
    user = request.user
    if user.is_superuser:
        return
    hidden = set(REPORTS_FOR_SUPERUSERS)
    if not can_manage_bases(user):
        hidden |= REPORTS_FOR_EDITORS
    menu_items[:] = [item for item in menu_items if item.name not in hidden]
