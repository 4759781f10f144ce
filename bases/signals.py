"""Every receiver of the bases app, connected once by BasesConfig.ready():

- review is set up whoever creates the pages (the demo loader, an editor in the admin, the
  import, a test factory): /bases/ gets the review workflow, and each base's district reviewers
  may publish it on approval; the district's reviewers get an e-mail when a change is submitted;
- the map's cache version changes whenever what the map shows changes (bases.sites.cache);
- after every migrate, city editors get the bases' and practice sites' permissions
  (bases.access.grant_editor_permissions), with or without demo content.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from wagtail.models import Page
from wagtail.signals import task_submitted

from .access import ensure_review_setup, grant_editor_permissions, sync_review_permission
from .models import (
    BaseIndexPage,
    BaseTerm,
    DistrictReviewGroup,
    DistrictReviewTask,
    InnovationBasePage,
    OpenDay,
    PracticeSiteIndexPage,
    PracticeSitePage,
    RevocationRequest,
    SiteCategory,
    district_of_page,
)
from .sites.cache import bump_map_cache

# Everything the map and its cached GeoJSON / iCal show.
MAP_MODELS = (
    PracticeSitePage,
    OpenDay,
    SiteCategory,
    PracticeSiteIndexPage,
    InnovationBasePage,
    BaseTerm,
    RevocationRequest,
)


def grant_permissions_after_migrate(sender, using="default", **kwargs):
    """Connected to post_migrate for this app (BasesConfig.ready)."""
    grant_editor_permissions(using=using)


def refresh_map_cache(sender, **kwargs):
    bump_map_cache()


# One connection per model (a receiver for every sender would keep Django from deleting any
# model's rows in bulk).
for model in MAP_MODELS:
    for signal in (post_save, post_delete):
        signal.connect(refresh_map_cache, sender=model, dispatch_uid=f"map-cache-{signal}-{model.__name__}")


@receiver(post_save, sender=BaseIndexPage)
def assign_review_workflow(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_review_setup(instance)


@receiver(post_save, sender=InnovationBasePage)
def keep_review_permission_in_its_district(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_review_permission(instance)


@receiver(task_submitted)
def tell_the_district_reviewers(sender, instance, user=None, **kwargs):
    """A change was submitted: e-mail the reviewers of the base's district (and nobody else)."""
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
