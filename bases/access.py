"""Who may do what with the bases: the groups, permissions and review workflow, created on demand.

- Each base has its own group "基地：<name>" with add/change (never publish) on its own page,
  so it can edit its profile and write its yearly reports, and nothing else; uploads go to its
  own collection.
- "区县审核员：<区县>" (one group per district) approve or return changes of that district's
  bases in the workflow "基地内容审核" (a DistrictReviewTask: only reviewers of the base's
  district may act). Wagtail publishes an approved change as the approver, so each district
  group holds "publish" on its own district's bases (kept in sync when a base is saved),
  and nothing else on pages. They also file revocation requests.
- City editors (Wagtail's "Editors" and "Moderators" groups, and superusers) hold
  ``bases.manage_bases``: terms, revocation decisions, import and the reports.

Everything here is idempotent; the demo loader and the account commands call it, and a
BaseIndexPage gets the workflow as soon as it is created (bases.signals).
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .districts import district_name
from .models import BaseAccount, BaseIndexPage, DistrictReviewGroup, DistrictReviewTask, InnovationBasePage

REVIEWER_GROUP_PREFIX = "区县审核员："
EDITOR_GROUPS = ("Editors", "Moderators")
BASE_GROUP_PREFIX = "基地："
WORKFLOW_NAME = "基地内容审核"
TASK_NAME = "区县审核"
BASES_COLLECTION = "创新实践基地"
REVOCATION_COLLECTION = "撤销申请材料"


def _perm(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant(group, *perms):
    group.permissions.add(*[_perm(*perm.split(".")) for perm in perms])


def _child_collection(parent, name):
    existing = parent.get_children().filter(name=name).first()
    return existing or parent.add_child(name=name)


def bases_collection():
    return _child_collection(Collection.get_first_root_node(), BASES_COLLECTION)


def _grant_collection(group, collection, perms):
    for perm in perms:
        app_label, codename = perm.split(".")
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_perm(app_label, codename)
        )


# What city editors (Wagtail's Editors and Moderators groups) may do with bases and practice
# sites beyond page permissions. Granted after every migrate (bases.signals), so a production
# install without demo content has them too.
EDITOR_PERMISSIONS = (
    "manage_bases",
    "add_baseterm",
    "change_baseterm",
    "delete_baseterm",
    "view_baseterm",
    "add_revocationrequest",
    "change_revocationrequest",
    "view_revocationrequest",
    "decide_revocationrequest",
    "manage_sites",
    "add_sitecategory",
    "change_sitecategory",
    "delete_sitecategory",
    "view_sitecategory",
)


def grant_editor_permissions(using="default"):
    """Give the city editors' groups (where they exist) the bases' permissions; idempotent."""
    permissions = Permission.objects.using(using).filter(
        content_type__app_label="bases", codename__in=EDITOR_PERMISSIONS
    )
    for group in Group.objects.using(using).filter(name__in=EDITOR_GROUPS):
        group.permissions.add(*permissions)


@transaction.atomic
def ensure_review_setup(index_page=None):
    """The review task and workflow; assigns the workflow to the bases index (given, or found).
    Returns the workflow."""
    task = DistrictReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = DistrictReviewTask.objects.create(name=TASK_NAME)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    index_page = index_page or BaseIndexPage.objects.first()
    if index_page is not None:
        WorkflowPage.objects.get_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def ensure_district_group(district):
    """The reviewers' group of one district, with what reviewing needs and nothing more."""
    review_group = DistrictReviewGroup.objects.filter(district=district).select_related("group").first()
    if review_group is None:
        group, _ = Group.objects.get_or_create(name=f"{REVIEWER_GROUP_PREFIX}{district_name(district)}")
        review_group = DistrictReviewGroup.objects.create(district=district, group=group)
    group = review_group.group
    _grant(
        group,
        "wagtailadmin.access_admin",
        "bases.add_revocationrequest",
        "bases.view_revocationrequest",
    )
    # The written request (书面报告) goes into a collection the public cannot read.
    revocation_collection = _child_collection(bases_collection(), REVOCATION_COLLECTION)
    _grant_collection(
        group, revocation_collection, ["wagtaildocs.add_document", "wagtaildocs.choose_document"]
    )
    for base in InnovationBasePage.objects.filter(district=district):
        sync_review_permission(base)
    return review_group


def sync_review_permission(base):
    """Only the reviewers of the base's current district may publish it (on approval)."""
    publish = _perm("wagtailcore", "publish_page")
    GroupPagePermission.objects.filter(
        page=base.page_ptr, permission=publish, group__review_district__isnull=False
    ).exclude(group__review_district__district=base.district).delete()
    review_group = DistrictReviewGroup.objects.filter(district=base.district).first()
    if review_group is not None:
        GroupPagePermission.objects.get_or_create(
            group_id=review_group.group_id, page=base.page_ptr, permission=publish
        )


def base_group_name(base):
    return f"{BASE_GROUP_PREFIX}{base.title}"[:150]


@transaction.atomic
def ensure_base_group(base):
    """The base's own group and upload collection, with exactly the permissions it needs."""
    ensure_review_setup()
    account = BaseAccount.objects.filter(base=base).select_related("group", "collection").first()
    if account is None:
        group, _ = Group.objects.get_or_create(name=base_group_name(base))
        collection = _child_collection(bases_collection(), base.title)
        account = BaseAccount.objects.create(base=base, group=group, collection=collection)
    group = account.group
    _grant(group, "wagtailadmin.access_admin")
    for permission_type in ("add", "change"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=base.page_ptr, permission=_perm("wagtailcore", f"{permission_type}_page")
        )
    _grant_collection(
        group,
        account.collection,
        [
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.choose_image",
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.choose_document",
        ],
    )
    return account


def find_base(name_or_slug):
    """A base by its exact name or slug."""
    return (
        InnovationBasePage.objects.filter(title=name_or_slug).first()
        or InnovationBasePage.objects.filter(slug=name_or_slug).first()
    )


def ensure_user(username, email="", password=None):
    """(user, password or None): a new user gets ``password`` or a random one; an existing
    user keeps theirs (None is returned) unless a password is given."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=email or "")
        password = password or secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        return user, password
    if email and user.email != email:
        user.email = email
        user.save(update_fields=["email"])
    if password:
        user.set_password(password)
        user.save(update_fields=["password"])
        return user, password
    return user, None


class AccountError(ValueError):
    """An account cannot be created as asked; the message (Chinese) says why."""


@transaction.atomic
def create_base_account(base, username, email="", password=None):
    """The base's group and a user in it. An existing user is only reused when it already
    belongs to this base: anyone else (another base's account, a reviewer, an editor) is
    never silently given this base's permissions."""
    existing = get_user_model().objects.filter(username=username).first()
    own = BaseAccount.objects.filter(base=base).values_list("group_id", flat=True).first()
    if existing is not None and not existing.groups.filter(pk=own).exists():
        other_bases = list(
            BaseAccount.objects.filter(group__in=existing.groups.all()).values_list("base__title", flat=True)
        )
        owner = f"基地“{'、'.join(other_bases)}”的账号" if other_bases else "其他人的账号"
        raise AccountError(
            f"用户名“{username}”已是{owner}，不会把它加入基地“{base.title}”的账号组：请换一个用户名。"
        )
    account = ensure_base_group(base)
    user, password = ensure_user(username, email, password)
    user.groups.add(account.group)
    return user, account, password


@transaction.atomic
def create_reviewer_account(username, districts, email="", password=None):
    user, password = ensure_user(username, email, password)
    for district in districts:
        user.groups.add(ensure_district_group(district).group)
    return user, password
