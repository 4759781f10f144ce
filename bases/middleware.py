"""Keeps base and reviewer accounts inside their scope on every admin URL that names a page.

Wagtail's admin views show a page's title (its draft title, even) on many screens that any
admin account may open: the page chooser's browse view, move confirmations, workflow previews,
denial messages. Rather than override each of them, any admin URL whose parameters name a page
outside the account's scope (bases.privacy.visible_pages) is refused with the admin's usual
"no permission" answer, before the view runs; so is any URL naming a document, image or
audio/video item the account may not choose (the choosers' "chosen" views, usage pages);
so is the page-types-usage report, which counts and names every page of the site."""

from wagtail.admin.auth import permission_denied
from wagtail.models import Page

from .privacy import choosable_documents, choosable_images, choosable_media, scoped_base_ids, visible_pages

PAGE_PARAMETERS = {"page_id", "page_pk", "page_to_move_id", "parent_page_id", "destination_id"}
HIDDEN_FROM_SCOPED_ACCOUNTS = {
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
}


# Admin URL namespaces of files: the URL parameters that name one, and what the account may see.
FILE_NAMESPACES = (
    ("wagtaildocs", {"pk", "document_id", "doc_id"}, choosable_documents),
    ("wagtailimages", {"pk", "image_id"}, choosable_images),
    ("wagtailmedia", {"pk", "media_id"}, choosable_media),
)


def _hidden_files(match, user):
    """True when the URL names a document, image or media item the account may not choose."""
    for prefix, names, choosable in FILE_NAMESPACES:
        if not any(namespace.startswith(prefix) for namespace in match.namespaces):
            continue
        ids = {int(value) for name, value in match.kwargs.items() if name in names and str(value).isdigit()}
        if ids:
            model = choosable(user).model
            existing = set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
            allowed = set(choosable(user).filter(pk__in=existing).values_list("pk", flat=True))
            return bool(existing - allowed)
    return False


def _page_ids(match):
    for name, value in match.kwargs.items():
        is_page = name in PAGE_PARAMETERS or (name == "pk" and match.route.startswith("admin/pages/"))
        if is_page and str(value).isdigit():
            yield int(value)


class AdminScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        user = getattr(request, "user", None)
        if match is None or not match.route.startswith("admin/") or user is None or not user.is_authenticated:
            return None
        if scoped_base_ids(user) is None:
            return None
        if match.view_name in HIDDEN_FROM_SCOPED_ACCOUNTS:
            return permission_denied(request)
        if _hidden_files(match, user):
            return permission_denied(request)
        page_ids = set(_page_ids(match))
        if page_ids:
            existing = set(Page.objects.filter(pk__in=page_ids).values_list("pk", flat=True))
            visible = set(
                visible_pages(user, Page.objects.filter(pk__in=existing)).values_list("pk", flat=True)
            )
            if existing - visible:
                return permission_denied(request)
        return None
