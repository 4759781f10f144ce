"""A base's history is never deleted with its page.

Terms, revocation requests and yearly reports hang off the base page (CASCADE), so deleting
the page would erase what the city decided and what the base reported. Deleting a base that
has any of these (or a page above such a base, e.g. the bases index) is refused in the admin,
single and bulk, with a message saying to unpublish instead; a base with no history (created by
mistake) can still be deleted. Hooks in home/security/wagtail_hooks.py."""

from django.shortcuts import redirect
from wagtail.admin import messages

from .models import InnovationBasePage, RevocationRequest, YearlyReportPage


def bases_with_history(page):
    """The bases at or under ``page`` that have terms, yearly reports or revocation requests."""
    bases = InnovationBasePage.objects.filter(path__startswith=page.path)
    with_terms = bases.filter(terms__isnull=False)
    with_requests = bases.filter(pk__in=RevocationRequest.objects.values("base_id"))
    report_paths = YearlyReportPage.objects.filter(path__startswith=page.path).values_list("path", flat=True)
    parent_paths = {path[: -InnovationBasePage.steplen] for path in report_paths}
    with_reports = bases.filter(path__in=parent_paths)
    return list((with_terms | with_requests | with_reports).distinct().order_by("path"))


def refusal_message(bases):
    names = "、".join(f"“{base.title}”" for base in bases[:5])
    more = f"等 {len(bases)} 个基地" if len(bases) > 5 else ""
    return (
        f"不能删除：基地{names}{more}有命名与有效期、年度工作报告或撤销申请记录，删除会抹去这些历史。"
        "如果不再公开，请改为“取消发布”。"
    )


def refuse_deleting_history(request, page):
    """before_delete_page: a redirect with the reason, or None to let Wagtail go on."""
    bases = bases_with_history(page)
    if not bases:
        return None
    messages.error(request, refusal_message(bases))
    return redirect("wagtailadmin_explore", page.get_parent().pk)


def refuse_bulk_deleting_history(request, action_type, objects, action_class_instance):
    """before_bulk_action: the same for the bulk delete of pages."""
    if action_type != "delete":
        return None
    bases = []
    for page in objects:
        if hasattr(page, "path"):
            bases.extend(base for base in bases_with_history(page) if base not in bases)
    if not bases:
        return None
    messages.error(request, refusal_message(bases))
    return redirect(request.GET.get("next") or "wagtailadmin_explore_root")
