"""Template helpers shared by every public page: share/SEO metadata and the 示例 badge."""

from urllib.parse import urljoin

from django import template
from django.conf import settings
from wagtail.models import Site

from home.fragments import cached_data
from home.models import SiteSettings

register = template.Library()

SHARE_IMAGE_SPEC = "fill-1200x630-c70"


@register.inclusion_tag("includes/meta.html", takes_context=True)
def page_meta(context, title=None):
    """<title>, description, canonical URL and OpenGraph tags for the current page.

    Falls back from the Promote tab (seo_title, search_description) to the title and
    summary, and from the page cover to the site's default share image, so a link shared in
    WeChat always shows a title, a description and a picture."""
    request = context.get("request")
    page = context.get("page")
    site_name = settings.WAGTAIL_SITE_NAME
    title = title or context.get("meta_title")
    description = context.get("meta_description", "")
    image = None
    canonical = None
    if page is not None and hasattr(page, "get_meta_description"):
        title = title or page.seo_title or page.title
        description = description or page.get_meta_description()
        image = page.get_share_image()
        canonical = page.get_full_url(request)
    elif page is not None:
        title = title or page.seo_title or page.title
        description = description or page.search_description
        canonical = page.get_full_url(request)
    if request is not None and canonical is None:
        canonical = request.build_absolute_uri(request.path)
    if image is None and request is not None:
        image = SiteSettings.for_request(request).default_share_image
    image_url = None
    if image is not None:
        # Absolute, on the same host as the canonical URL (media on S3 is absolute already).
        image_url = urljoin(canonical or "", image.get_rendition(SHARE_IMAGE_SPEC).url)
    is_home = page is not None and page.depth == 2
    full_title = site_name if (not title or is_home) else f"{title} | {site_name}"
    return {
        "full_title": full_title,
        "og_title": title or site_name,
        "description": " ".join((description or "").split())[:200],
        "canonical": canonical,
        "image_url": image_url,
        "site_name": site_name,
        "og_type": "website" if is_home or page is None else "article",
    }


@register.simple_tag
def site_name():
    return settings.WAGTAIL_SITE_NAME


@register.simple_tag
def filter_groups(filterset):
    """The fields of a FilterSet's form as (legend, fields) groups, in the form's order: one group
    per field (its label as legend), except the fields a FilterSet groups under one legend in
    its ``field_groups`` ({legend: (name, ...)}: several yes/no flags), each shown with its own
    label; the group stands where its first field is."""
    declared = getattr(filterset, "field_groups", {})
    grouped = {name: legend for legend, names in declared.items() for name in names}
    groups, seen = [], {}
    for field in filterset.form:
        legend = grouped.get(field.name)
        if legend is None:
            groups.append((field.label, [field]))
        elif legend in seen:
            seen[legend].append(field)
        else:
            seen[legend] = [field]
            groups.append((legend, seen[legend]))
    return groups


@register.inclusion_tag("includes/filter_chips.html", takes_context=True)
def filter_chips(context, filterset):
    """One removable chip per filter value in effect: its label, and the URL of the same list
    without that value (and back to page 1). Only values the filter offers become chips."""
    request = context["request"]
    chips = []
    for name, field in filterset.form.fields.items():
        wanted = request.GET.getlist(name)
        if not wanted:
            continue
        labels = {str(value): str(label) for value, label in getattr(field, "choices", [])}
        for value in wanted:
            if value not in labels:
                continue
            params = request.GET.copy()
            params.setlist(name, [v for v in wanted if v != value])
            params.pop("page", None)
            query = params.urlencode()
            chips.append(
                {
                    "label": f"{field.label}：{labels[value]}",
                    "remove_url": f"{request.path}?{query}" if query else request.path,
                }
            )
    return {"chips": chips, "clear_url": request.path}


def _site_root(request):
    site = Site.find_for_request(request) if request is not None else None
    return site.root_page if site else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The site's sections from the page tree (live, public, "在菜单中显示" ticked), so renaming
    a section or its slug keeps the navigation right. Two queries, kept under the content
    generation (home.fragments.cached_data): a change of any page shows on the next request."""
    request = context.get("request")
    path = request.path if request is not None else ""
    items = [
        {"url": url, "label": label, "current": bool(url) and path.startswith(url)}
        for url, label in cached_data(request, "main-menu", lambda: _menu_sections(request))
    ]
    return {"items": items, "request": request}


def _menu_sections(request):
    root = _site_root(request)
    if root is None:
        return []
    return [
        (section.get_url(request), getattr(section.specific_class, "menu_label", None) or section.title)
        for section in root.get_children().live().public().in_menu()
    ]


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, parent=None):
    """首页 › section › … from the page tree: the ancestors of the current page, or, on a view
    that belongs to a page (a sign-up form), ``parent`` and its ancestors."""
    request = context.get("request")
    page = parent or context.get("page")
    root = _site_root(request)
    crumbs = []
    if page is not None and root is not None:
        ancestors = page.get_ancestors(inclusive=parent is not None)
        for ancestor in ancestors.filter(depth__gte=root.depth).live():
            title = "首页" if ancestor.pk == root.pk else ancestor.title
            crumbs.append({"url": ancestor.get_url(request), "title": title})
    return {"crumbs": crumbs}


@register.simple_tag(takes_context=True)
def section_url(context, model_label):
    """URL of the site's live page of this type (e.g. "resources.CourseIndexPage"), or "".
    Kept under the content generation (home.fragments.cached_data)."""
    request = context.get("request")
    return cached_data(request, f"section-url:{model_label}", lambda: _section_url(request, model_label))


def _section_url(request, model_label):
    from django.apps import apps

    root = _site_root(request)
    if root is None:
        return ""
    model = apps.get_model(model_label)
    # Shallowest first; ordering by depth (not by path) lets the database start from the
    # section's own small table instead of walking every page in tree order.
    section = model.objects.live().descendant_of(root).order_by("depth", "path").first()
    return section.get_url(request) if section else ""
