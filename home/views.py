"""Site-wide views that are not pages: the sitemap for people (``/sitemap/``)."""

from django.template.response import TemplateResponse
from wagtail.models import Page, Site


def site_map(request):
    """Every live, public section of the site with its pages, as a page for people (the XML
    sitemap at /sitemap.xml is for search engines). Two queries whatever the size."""
    site = Site.find_for_request(request)
    root = site.root_page if site else None
    sections = []
    if root is not None:
        pages = list(
            Page.objects.descendant_of(root)
            .live()
            .public()
            .filter(depth__lte=root.depth + 2)
            .order_by("path")
        )
        by_parent = {}
        for page in pages:
            if page.depth == root.depth + 1:
                sections.append({"page": page, "children": []})
                by_parent[page.path] = sections[-1]["children"]
            else:
                parent = by_parent.get(page.path[: -Page.steplen])
                if parent is not None:
                    parent.append(page)
    return TemplateResponse(
        request, "home/site_map.html", {"root": root, "sections": sections, "meta_title": "网站地图"}
    )
