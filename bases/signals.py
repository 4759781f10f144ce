"""Keeps review set up whoever creates the pages (the demo loader, an editor in the admin, the
import, a test factory): /bases/ gets the review workflow, and each base's district reviewers
may publish it on approval."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import task_submitted

from .models import BaseIndexPage, InnovationBasePage


@receiver(post_save, sender=BaseIndexPage)
def assign_review_workflow(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .access import ensure_review_setup

        ensure_review_setup(instance)


@receiver(post_save, sender=InnovationBasePage)
def keep_review_permission_in_its_district(sender, instance, raw=False, **kwargs):
    if not raw:
        from .access import sync_review_permission

        sync_review_permission(instance)


@receiver(task_submitted)
def tell_the_district_reviewers(sender, instance, user=None, **kwargs):
    """A change was submitted: e-mail the reviewers of the base's district (and nobody else)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail
    from django.urls import reverse
    from wagtail.models import Page

    from .models import DistrictReviewGroup, DistrictReviewTask, district_of_page

    if not isinstance(instance.task.specific, DistrictReviewTask):
        return
    page = instance.workflow_state.content_object
    if not isinstance(page, Page):
        return
    review_group = DistrictReviewGroup.objects.filter(district=district_of_page(page)).first()
    if review_group is None:
        return
    recipients = (
        get_user_model()
        .objects.filter(groups=review_group.group, is_active=True)
        .exclude(email="")
        .exclude(pk=getattr(user, "pk", None))
        .values_list("email", flat=True)
    )
    if not recipients:
        return
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_pages:edit", args=[page.pk])
    who = user.get_username() if user else "基地账号"
    send_mail(
        f"【待审核】{page.get_admin_display_title()}",
        f"{who} 提交了“{page.get_admin_display_title()}”的修改，请审核（通过或退回修改）：\n{url}\n",
        None,
        list(recipients),
    )
