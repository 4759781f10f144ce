"""The bases panel on the admin dashboard: four short lists with counts and links to the report."""

from wagtail.admin.ui.components import Component

from .attention import Category, attention_items
from .views import report_url

ITEMS_SHOWN = 5


class BasesDashboardPanel(Component):
    name = "bases_attention"
    template_name = "bases/admin/dashboard_panel.html"
    order = 150  # above Wagtail's own review and recent-edits panels

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        groups = attention_items(self.request.user)
        context["groups"] = [
            {
                "key": key,
                "label": Category.LABELS[key],
                "count": len(items),
                "items": items[:ITEMS_SHOWN],
                "more": max(len(items) - ITEMS_SHOWN, 0),
                "url": report_url(key),
            }
            for key, items in groups.items()
        ]
        context["report_url"] = report_url()
        return context
