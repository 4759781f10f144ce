"""Every admin hook of the bases app: the two menus ("创新实践基地": bases, yearly reports, terms,
revocation requests, the report and the import; "实践点位": sites, categories, the open-day report
and the import, from bases.sites.admin), the dashboard panels by role, and the guards that keep
a base account inside its own base."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden
from django.utils.functional import cached_property
from rest_framework.authentication import SessionAuthentication
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.snippets.views.chooser import ChooseResultsView as SnippetChooseResultsView
from wagtail.snippets.views.chooser import ChooseView as SnippetChooseView
from wagtail.snippets.views.chooser import (
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import DeleteView as SnippetDeleteView
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import HistoryView as SnippetHistoryView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import InspectView as SnippetInspectView
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.snippets.views.snippets import UsageView as SnippetUsageView

from .admin.dashboards import dashboard_panels
from .admin.views import BasesImportView, BasesReportView
from .admin.viewsets import PermissionViewSet
from .models import (
    MANAGE_PERMISSION,
    BaseTerm,
    InnovationBasePage,
    RevocationRequest,
    YearlyReportPage,
    can_manage_bases,
)
from .privacy import (
    choosable_documents,
    choosable_images,
    choosable_media,
    file_is_public,
    scoped_base_ids,
    user_may_see_file,
    visible_pages,
    visible_revocation_requests,
)
from .renewal import RenewBasesBulkAction
from .sites.admin import PracticeSitesMenu


class BasesReportViewSet(PermissionViewSet):
    name = "bases_report"
    url_prefix = "bases/report"
    menu_label = "基地工作提醒"
    menu_icon = "warning"
    permission = MANAGE_PERMISSION
    view_class = BasesReportView


class BasesImportViewSet(PermissionViewSet):
    name = "bases_import"
    url_prefix = "bases/import"
    menu_label = "批量导入基地"
    menu_icon = "upload"
    permission = MANAGE_PERMISSION
    view_class = BasesImportView


class BaseListing(PageListingViewSet):
    """Every base the user may edit, with district, kind and status."""

    model = InnovationBasePage
    name = "base_pages"
    menu_label = "基地资料"
    icon = "home"
    columns = [
        *PageIndexView.base_columns,
        Column("district_label", label="区县", width="10%"),
        Column("kind_label", label="类型", accessor="get_kind_display", width="10%"),
        Column("status_label", label="有效状态", width="10%"),
    ]


class YearlyReportListing(PageListingViewSet):
    """Yearly reports the user may edit, with the year, due date and review state in Chinese."""

    model = YearlyReportPage
    name = "yearly_reports"
    menu_label = "年度工作报告"
    icon = "doc-full"
    columns = [
        *PageIndexView.base_columns,
        Column("year", label="年度", width="8%"),
        Column("due_date", label="截止日期", width="12%"),
        Column("report_state_label", label="报告状态", width="12%"),
    ]


class BaseTermViewSet(SnippetViewSet):
    model = BaseTerm
    menu_label = "命名与有效期"
    icon = "date"
    list_display = ["base", "batch_year", "start_date", "end_date", "document_title"]
    list_filter = ["batch_year"]

    @cached_property
    def add_view_class(self):
        view_class = super().add_view_class

        class TermCreateView(view_class):
            def get_initial_form_instance(self):
                # ?base=<id> from the profile editor's "添加有效期" link
                instance = super().get_initial_form_instance()
                base_id = self.request.GET.get("base", "")
                if base_id.isdigit() and InnovationBasePage.objects.filter(pk=base_id).exists():
                    instance.base_id = int(base_id)
                return instance

        return TermCreateView


class RevocationScopeMixin:
    """Every view of one revocation request: only a request the account may see (403 otherwise)."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not visible_revocation_requests(self.request.user).filter(pk=obj.pk).exists():
            raise PermissionDenied
        return obj


class RevocationIndexView(SnippetIndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("base")
        return visible_revocation_requests(self.request.user, queryset)


class RevocationChooseScopeMixin:
    def get_object_list(self):
        return visible_revocation_requests(self.request.user, super().get_object_list())


class RevocationChosenView(SnippetChosenView):
    def get_object(self, pk):
        return visible_revocation_requests(self.request.user).get(pk=pk)


class RevocationChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return visible_revocation_requests(self.request.user).filter(pk__in=pks)


class RevocationChooserViewSet(SnippetChooserViewSet):
    choose_view_class = type("RevocationChooseView", (RevocationChooseScopeMixin, SnippetChooseView), {})
    choose_results_view_class = type(
        "RevocationChooseResultsView", (RevocationChooseScopeMixin, SnippetChooseResultsView), {}
    )
    chosen_view_class = RevocationChosenView
    chosen_multiple_view_class = RevocationChosenMultipleView


def _scoped(view_class):
    return type(view_class.__name__, (RevocationScopeMixin, view_class), {})


class RevocationRequestViewSet(SnippetViewSet):
    model = RevocationRequest
    menu_label = "撤销申请"
    icon = "warning"
    index_view_class = RevocationIndexView
    edit_view_class = _scoped(SnippetEditView)
    delete_view_class = _scoped(SnippetDeleteView)
    usage_view_class = _scoped(SnippetUsageView)
    history_view_class = _scoped(SnippetHistoryView)
    inspect_view_class = _scoped(SnippetInspectView)
    chooser_viewset_class = RevocationChooserViewSet
    # A copy would be a second request about the same base under the copier's name.
    copy_view_enabled = False
    list_display = ["base", "status", "created_at", "requested_by", "revoked_on"]
    list_filter = ["status"]


class BasesMenu(ViewSetGroup):
    menu_label = "创新实践基地"
    menu_icon = "home"
    menu_order = 210
    items = (
        BaseListing,
        YearlyReportListing,
        BaseTermViewSet,
        RevocationRequestViewSet,
        BasesReportViewSet,
        BasesImportViewSet,
    )


@hooks.register("register_admin_viewset")
def register_bases_menu():
    return BasesMenu()


@hooks.register("register_admin_viewset")
def register_practice_sites_menu():
    return PracticeSitesMenu()


# After every other app's panels (order): the dashboard shows the panels of the user's role.
hooks.register("construct_homepage_panels", dashboard_panels, order=100)


@hooks.register("before_copy_page")
def only_editors_copy_bases(request, page):
    """A copied base or report would be a second profile or a second report for the year."""
    if page.specific_class in (InnovationBasePage, YearlyReportPage) and not can_manage_bases(request.user):
        return permission_denied(request)
    return None


@hooks.register("before_serve_document")
def keep_unapproved_uploads_private(document, request):
    """Files a base or a reviewer uploads are public only once an approved page shows them."""
    if not file_is_public(document) and not user_may_see_file(request.user, document):
        return HttpResponseForbidden("这个文件尚未公开。".encode(), content_type="text/plain; charset=utf-8")
    return None


# --- Choosers and the admin API list only what the account may choose ---------------------------


@hooks.register("construct_document_chooser_queryset")
def only_choosable_documents(documents, request):
    return documents.filter(pk__in=choosable_documents(request.user).values("pk"))


@hooks.register("construct_image_chooser_queryset")
def only_choosable_images(images, request):
    return images.filter(pk__in=choosable_images(request.user).values("pk"))


@hooks.register("construct_media_chooser_queryset")
def only_choosable_media(media, request):
    return media.filter(pk__in=choosable_media(request.user).values("pk"))


@hooks.register("construct_page_chooser_queryset")
def only_visible_pages_in_chooser(pages, request):
    return visible_pages(request.user, pages)


@hooks.register("construct_explorer_page_queryset")
def only_visible_pages_in_explorer(parent_page, pages, request):
    return visible_pages(request.user, pages)


class DocumentsAdminAPI(DocumentsAdminAPIViewSet):
    authentication_classes = [SessionAuthentication]

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=choosable_documents(self.request.user).values("pk"))


class ImagesAdminAPI(ImagesAdminAPIViewSet):
    authentication_classes = [SessionAuthentication]

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=choosable_images(self.request.user).values("pk"))


@hooks.register("construct_admin_api", order=100)
def scoped_admin_api(router):
    """After Wagtail's own endpoints (order 0): the same names, limited to what the account may choose."""
    router.register_endpoint("documents", DocumentsAdminAPI)
    router.register_endpoint("images", ImagesAdminAPI)


# --- Bulk actions: the confirmation lists only what the account may see ---------------------------


class ScopedBulkActionMixin:
    """Wagtail's confirmation page names every chosen item the account may not act on; for base
    and reviewer accounts, items outside their scope are left out instead (never named)."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        user = self.request.user
        if scoped_base_ids(user) is not None:
            hidden = [obj for obj in extra["items_with_no_access"] if not _visible_in_admin(user, obj)]
            extra["items_with_no_access"] = [
                obj for obj in extra["items_with_no_access"] if obj not in hidden
            ]
        return objects, extra


def _visible_in_admin(user, obj):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    if isinstance(obj, Page):
        return visible_pages(user).filter(pk=obj.pk).exists()
    if isinstance(obj, get_document_model()):
        return choosable_documents(user).filter(pk=obj.pk).exists()
    if isinstance(obj, get_image_model()):
        return choosable_images(user).filter(pk=obj.pk).exists()
    if isinstance(obj, RevocationRequest):
        return visible_revocation_requests(user).filter(pk=obj.pk).exists()
    return False


def _register_scoped_bulk_actions():
    from wagtail.admin.views.pages.bulk_actions import (
        DeleteBulkAction,
        MoveBulkAction,
        PublishBulkAction,
        UnpublishBulkAction,
    )
    from wagtail.documents.views.bulk_actions import add_tags as doc_tags
    from wagtail.documents.views.bulk_actions import add_to_collection as doc_collection
    from wagtail.documents.views.bulk_actions import delete as doc_delete
    from wagtail.images.views.bulk_actions import add_tags as image_tags
    from wagtail.images.views.bulk_actions import add_to_collection as image_collection
    from wagtail.images.views.bulk_actions import delete as image_delete
    from wagtail.snippets.bulk_actions.delete import DeleteBulkAction as SnippetDeleteBulkAction

    for action_class in (
        DeleteBulkAction,
        MoveBulkAction,
        PublishBulkAction,
        UnpublishBulkAction,
        doc_tags.AddTagsBulkAction,
        doc_collection.AddToCollectionBulkAction,
        doc_delete.DeleteBulkAction,
        image_tags.AddTagsBulkAction,
        image_collection.AddToCollectionBulkAction,
        image_delete.DeleteBulkAction,
        SnippetDeleteBulkAction,
        RenewBasesBulkAction,
    ):
        scoped = type(f"Scoped{action_class.__name__}", (ScopedBulkActionMixin, action_class), {})
        # After Wagtail's own registration (order 0), so the registry keeps this one.
        hooks.register("register_bulk_action", scoped, order=100)


_register_scoped_bulk_actions()


@hooks.register("construct_reports_menu")
def hide_page_types_report_from_scoped_accounts(request, menu_items):
    """The page-types-usage report counts and names every page of the site (bases.middleware)."""
    if scoped_base_ids(request.user) is not None:
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]
