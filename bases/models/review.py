"""Review by district: the reviewer groups of each district and the workflow task that lets only
the reviewers of a base's own district (and city editors who may publish) approve its changes."""

from django.db import models
from django.db.models.functions import Substr
from wagtail.models import Page, Task, TaskState

from ..districts import DISTRICT_CHOICES
from .bases import InnovationBasePage, can_manage_bases
from .reports import YearlyReportPage


class DistrictReviewGroup(models.Model):
    """The reviewers of one district (区县妇联、教育部门): a Wagtail group "区县审核员：<区县>".

    Its members approve or return changes of that district's bases and reports, may publish
    them (Wagtail publishes on approval as the approver) and file revocation requests. Adding
    a user to the group in 设置 → 用户组 makes them a reviewer of the district."""

    district = models.CharField("区县", max_length=20, choices=DISTRICT_CHOICES, unique=True)
    group = models.OneToOneField(
        "auth.Group", verbose_name="审核员用户组", on_delete=models.CASCADE, related_name="review_district"
    )

    class Meta:
        verbose_name = "区县审核组"
        verbose_name_plural = "区县审核组"

    def __str__(self):
        return self.group.name


def reviewer_districts(user):
    """The districts whose bases ``user`` reviews. Kept on the user object, like Django's own
    permission cache: the review task asks once per listed submission."""
    if not (user and user.is_authenticated):
        return frozenset()
    if not hasattr(user, "_reviewer_districts"):
        user._reviewer_districts = frozenset(
            DistrictReviewGroup.objects.filter(group__user=user).values_list("district", flat=True)
        )
    return user._reviewer_districts


# --- Review task ---------------------------------------------------------------------------------


def district_of_page(page):
    """The district whose reviewers review this page, or None for pages that are not a base's."""
    specific = page.specific_deferred if isinstance(page, Page) else page
    if isinstance(specific, InnovationBasePage):
        return specific.district
    if isinstance(specific, YearlyReportPage):
        # A report is a child of its base: one look-up by the parent's tree path.
        parent_path = page.path[: -Page.steplen]
        return InnovationBasePage.objects.filter(path=parent_path).values_list("district", flat=True).first()
    return None


class DistrictReviewTask(Task):
    """A review step where only the reviewers of the base's own district (its
    DistrictReviewGroup) may approve or return a change to a base or a report; city editors
    who may publish (Moderators) and superusers can step in.

    Not a GroupApprovalTask: its reviewers depend on the page, so a fixed list of groups (and
    Wagtail's e-mail to all of them) would be wrong; bases.signals e-mails the district's
    reviewers instead."""

    class Meta:
        verbose_name = "区县审核（按基地所在区县）"
        verbose_name_plural = "区县审核（按基地所在区县）"

    @classmethod
    def get_description(cls):
        return "所选用户组中负责该基地所在区县的审核员（以及市级编辑）可以通过或退回。"

    def user_can_review(self, obj, user):
        if not (user and user.is_active):
            return False
        if user.is_superuser:
            return True
        district = district_of_page(obj) if isinstance(obj, Page) else None
        if district is not None and district in reviewer_districts(user):
            return True
        # City editors who may publish (Wagtail's Moderators) can step in for any district.
        return (
            can_manage_bases(user) and isinstance(obj, Page) and obj.permissions_for_user(user).can_publish()
        )

    def user_can_access_editor(self, obj, user):
        return self.user_can_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_can_review(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_review(obj, user)

    def get_actions(self, obj, user):
        if self.user_can_review(obj, user):
            return [
                ("reject", "退回修改", True),
                ("approve", "通过", False),
                ("approve", "通过并留言", True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if not (user and user.is_active):
            return TaskState.objects.none()
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        return states.filter(revision__object_id__in=reviewable_page_ids(user))


def reviewable_page_ids(user):
    """Ids (as strings, like Revision.object_id) of the bases and reports ``user`` may review."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    bases = InnovationBasePage.objects.filter(district__in=reviewer_districts(user))
    if can_manage_bases(user):
        publishable = PagePermissionPolicy().instances_user_has_permission_for(user, "publish")
        bases = InnovationBasePage.objects.filter(pk__in=publishable.values("pk")) | bases
    # The bases and everything under them (their reports): pages whose path starts with a base's
    # path, in one query per depth of the bases (one: they sit under /bases/), however many.
    ids = []
    for depth in set(bases.order_by().values_list("depth", flat=True)):
        under = Page.objects.annotate(base_path=Substr("path", 1, depth * Page.steplen)).filter(
            depth__gte=depth, base_path__in=bases.filter(depth=depth).values("path")
        )
        ids.extend(str(pk) for pk in under.values_list("pk", flat=True))
    return ids
