"""Admin-wide adjustments for the site's Chinese-speaking editors."""

from wagtail import hooks

# Wagtail's help menu links to its English editor guide and release notes on wagtail.org.
ENGLISH_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("construct_help_menu")
def keep_local_help_only(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(ENGLISH_HELP_ITEMS)]
