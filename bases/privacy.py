"""Who may read what: the files (documents, images, audio and video) and the pages an account
may see and choose, in one place for the file views, the choosers, the admin API and the
forms' checks.

The rules:

- Files in the "创新实践基地" collection tree (each base's upload folder and the reviewers'
  "撤销申请材料") are private until a published, public page shows them; files elsewhere are the
  city editors' uploads and public as Wagtail makes them (collection view restrictions apply).
- A base account sees and chooses the files of its own folder and the pages of its own subtree.
- A district reviewer sees the revocation files it uploaded or that belong to a request about a
  base of its districts, and the pages of its districts' bases.
- City editors (``bases.manage_bases``) and superusers see everything.
"""

from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, ReferenceIndex
from wagtail.permissions import policy_registry

from .access import BASES_COLLECTION, REVOCATION_COLLECTION
from .models import BaseAccount, InnovationBasePage, RevocationRequest, can_manage_bases, reviewer_districts


def is_unrestricted(user):
    return bool(user and user.is_active and (user.is_superuser or can_manage_bases(user)))


# --- Collections ----------------------------------------------------------------------------------


def private_collections():
    """The "创新实践基地" collection and every collection under it (a queryset)."""
    root = Collection.objects.filter(name=BASES_COLLECTION, depth=2).first()
    if root is None:
        return Collection.objects.none()
    return Collection.objects.descendant_of(root, inclusive=True)


def revocation_collections():
    return Collection.objects.filter(name=REVOCATION_COLLECTION, path__in=_paths_under_bases())


def _paths_under_bases():
    return private_collections().values("path")


def in_private_collection(obj):
    return private_collections().filter(pk=obj.collection_id).exists()


# --- Public or not ---------------------------------------------------------------------------------


def shown_on_public_page(obj):
    """True when a published, public page shows ``obj`` (its live content references it).

    Wagtail's reference index is built from the page rows, which hold the published content of
    live pages (drafts live in revisions)."""
    from django.contrib.contenttypes.models import ContentType

    page_ids = (
        ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    ids = [int(pk) for pk in page_ids if pk.isdigit()]
    return bool(ids) and Page.objects.filter(pk__in=ids).live().public().exists()


def passes_collection_restrictions(obj, request):
    """Wagtail's collection view restrictions (password, login, groups) on ``obj``'s collection."""
    collection = obj.collection
    return all(restriction.accept_request(request) for restriction in collection.get_view_restrictions())


def file_is_public(obj):
    """Anyone may download ``obj`` (a document, image or media item)."""
    if not in_private_collection(obj):
        return True
    return shown_on_public_page(obj)


# --- What an account may choose and see ----------------------------------------------------------


def choosable_documents(user):
    """Documents ``user`` may choose (and therefore read) in the admin."""
    Document = get_document_model()
    if not (user and user.is_authenticated and user.is_active):
        return Document.objects.none()
    queryset = policy_registry.get_by_type(Document).instances_user_has_any_permission_for(
        user, ["choose", "change"]
    )
    if is_unrestricted(user):
        return queryset
    # The reviewers of every district share the revocation folder: each sees its own uploads and
    # the files of the requests about its districts' bases.
    requests = RevocationRequest.objects.filter(base__district__in=reviewer_districts(user))
    own_district_files = Q(pk__in=requests.values("document")) | Q(
        pk__in=requests.values("decision_document")
    )
    return queryset.filter(
        ~Q(collection__in=revocation_collections()) | Q(uploaded_by_user=user) | own_district_files
    )


def choosable_images(user):
    Image = get_image_model()
    if not (user and user.is_authenticated and user.is_active):
        return Image.objects.none()
    policy = policy_registry.get_by_type(Image)
    return policy.instances_user_has_any_permission_for(user, ["choose", "change"])


def choosable_media(user):
    from wagtailmedia.models import get_media_model
    from wagtailmedia.permissions import permission_policy

    if not (user and user.is_authenticated and user.is_active):
        return get_media_model().objects.none()
    return permission_policy.instances_user_has_any_permission_for(user, ["choose", "change"])


def user_may_see_file(user, obj):
    """An account may read a private file it may choose (uploads of its own base, its districts'
    revocation files; editors every file)."""
    from wagtailmedia.models import get_media_model

    if isinstance(obj, get_document_model()):
        queryset = choosable_documents(user)
    elif isinstance(obj, get_image_model()):
        queryset = choosable_images(user)
    elif isinstance(obj, get_media_model()):
        queryset = choosable_media(user)
    else:
        return False
    return queryset.filter(pk=obj.pk).exists()


def may_read_file(request, obj):
    if user_may_see_file(request.user, obj):
        return True
    return file_is_public(obj) and passes_collection_restrictions(obj, request)


# --- Pages ---------------------------------------------------------------------------------------


def scoped_base_ids(user):
    """None for accounts that see every page; otherwise the ids of the bases whose subtree the
    account may see (its own base, or its districts' bases)."""
    if is_unrestricted(user):
        return None
    own = set(BaseAccount.objects.filter(group__user=user).values_list("base_id", flat=True))
    districts = reviewer_districts(user)
    if not own and not districts:
        return None  # not a base or reviewer account: Wagtail's own permissions apply
    if districts:
        own |= set(InnovationBasePage.objects.filter(district__in=districts).values_list("pk", flat=True))
    return own


def visible_pages_filter(user):
    """A Q on Page for the pages ``user`` may see in choosers and lists (None: no restriction):
    the subtrees of its bases and their ancestors (the way down to them)."""
    base_ids = scoped_base_ids(user)
    if base_ids is None:
        return None
    condition = Q(pk__in=[])
    for base in Page.objects.filter(pk__in=base_ids).only("path", "depth"):
        condition |= Q(path__startswith=base.path)
        ancestor_paths = [base.path[: i * Page.steplen] for i in range(1, base.depth)]
        condition |= Q(path__in=ancestor_paths)
    return condition


def visible_pages(user, queryset=None):
    queryset = Page.objects.all() if queryset is None else queryset
    condition = visible_pages_filter(user)
    return queryset if condition is None else queryset.filter(condition)


# --- Revocation requests -------------------------------------------------------------------------


def visible_revocation_requests(user, queryset=None):
    """City editors see every request; a district reviewer those about its districts' bases;
    nobody else any (a base account never sees requests, not even about itself)."""
    queryset = RevocationRequest.objects.all() if queryset is None else queryset
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    if is_unrestricted(user) or user.has_perm(RevocationRequest.decide_permission):
        return queryset
    return queryset.filter(base__district__in=reviewer_districts(user))
