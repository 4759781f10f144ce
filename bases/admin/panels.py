"""Panels of the page editors that show more than a field: a base's terms and status, a map to
pick a site's location, a site's open days this semester. Used by the models' panel lists, so
they import no model."""

import json

from django.utils import timezone
from wagtail.admin.panels import Panel

from ..permissions import can_manage_bases
from ..sites import semester as semesters
from ..sites.map import admin_map_config


class TermsPanel(Panel):
    """Shows, inside the profile editor, the terms and status that only city editors change."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "bases/admin/terms_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context.update(
                page=page,
                terms=list(page.terms.all()) if page.pk else [],
                status=page.status_info() if page.pk else None,
                can_manage=can_manage_bases(self.request.user),
            )
            return context


class LocationPickerPanel(Panel):
    """A map in the editor: clicking it fills in latitude and longitude (GCJ-02, as the fields
    expect) and sets the precision to exact. Its background is the district boundaries served by
    the site (or the configured tiles), so it works without any other host."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "bases/sites/admin/location_picker.html"

        class Media:
            css = {"all": ["vendor/leaflet/leaflet.css"]}
            js = ["vendor/leaflet/leaflet.js", "vendor/gcoord/gcoord.global.prod.js", "js/map.js"]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            form = self.form

            def field_id(name):
                return form[name].id_for_label if name in form.fields else ""

            context["picker_json"] = json.dumps(
                {
                    "latitude": field_id("latitude"),
                    "longitude": field_id("longitude"),
                    "precision": field_id("location_precision"),
                    **admin_map_config(),
                }
            )
            return context


class OpenDaySummaryPanel(Panel):
    """How many open days the site has this semester, against the target of 4."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "bases/sites/admin/open_day_summary.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            semester = semesters.counting_semester(timezone.now())
            page = self.instance
            count = page.semester_open_day_count(semester) if page.pk else 0
            context.update(
                semester=semester,
                count=count,
                target=semesters.TARGET_OPEN_DAYS,
                missing=max(semesters.TARGET_OPEN_DAYS - count, 0),
            )
            return context
