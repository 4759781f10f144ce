"""The bases in the admin: one "创新实践基地" menu (bases, yearly reports, terms, revocation
requests, the report and the import), the dashboard panel, and the
guards that keep a base account inside its own base."""

from django.http import HttpResponseForbidden
from django.urls import path
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from .access import BASES_COLLECTION
from .dashboards import dashboard_panels
from .models import (
    BaseTerm,
    InnovationBasePage,
    RevocationRequest,
    YearlyReportPage,
    can_manage_bases,
    reviewer_districts,
)
from .renewal import RenewBasesBulkAction  # noqa: F401  (registers the bulk action)
from .views import BasesImportView, BasesReportView, import_template


class ManagersMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_bases(request.user)


class BasesReportViewSet(ViewSet):
    name = "bases_report"
    url_prefix = "bases/report"
    menu_label = "基地工作提醒"
    menu_icon = "warning"
    menu_item_class = ManagersMenuItem

    def get_urlpatterns(self):
        return [path("", BasesReportView.as_view(), name="index")]


class BasesImportViewSet(ViewSet):
    name = "bases_import"
    url_prefix = "bases/import"
    menu_label = "批量导入基地"
    menu_icon = "upload"
    menu_item_class = ManagersMenuItem

    def get_urlpatterns(self):
        return [
            path("", BasesImportView.as_view(), name="index"),
            path("template.csv", import_template, name="template"),
        ]


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


class RevocationIndexView(SnippetIndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("base")
        user = self.request.user
        if can_manage_bases(user) or user.has_perm(RevocationRequest.decide_permission):
            return queryset
        # A district reviewer sees the requests about the bases of their own districts.
        return queryset.filter(base__district__in=reviewer_districts(user))


class RevocationRequestViewSet(SnippetViewSet):
    model = RevocationRequest
    menu_label = "撤销申请"
    icon = "warning"
    index_view_class = RevocationIndexView
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
    if not document_is_public(document) and not _user_may_see(document, request.user):
        return HttpResponseForbidden("这个文件尚未公开。".encode(), content_type="text/plain; charset=utf-8")
    return None


def _user_may_see(document, user):
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    permission_policy = policy_registry.get_by_type(get_document_model())
    return bool(user.is_authenticated) and permission_policy.user_has_any_permission_for_instance(
        user, ["change", "choose"], document
    )


def document_is_public(document):
    from .models import BaseAccount, YearlyReportAttachment

    collection = document.collection
    ancestors = collection.get_ancestors(inclusive=True)
    if not ancestors.filter(name=BASES_COLLECTION, depth=2).exists():
        return True  # uploaded by editors elsewhere: Wagtail's usual rules apply
    if YearlyReportAttachment.objects.filter(document=document, page__live=True).exists():
        return True
    account = BaseAccount.objects.filter(collection=collection).select_related("base").first()
    if account is not None and account.base.live:
        # The page row holds the published content; drafts live in revisions.
        for block in account.base.practices:
            shown = block.value.get("document") if block.block_type == "document" else None
            if shown is not None and shown.pk == document.pk:
                return True
    return False
