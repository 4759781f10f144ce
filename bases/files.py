"""Uploaded files under MEDIA_URL (local storage): each one served only to whom may read it.

Nothing in MEDIA_ROOT is served as a folder. A path is served only when it is the file of a
known image (original or rendition) or audio/video item, and the privacy rules of
bases.privacy allow it: public files with public caching headers, private files only to the
accounts that may see them (never cached by shared caches). Documents are never served here:
they go through Wagtail's document view (/documents/<id>/<name>, WAGTAILDOCS_SERVE_METHOD =
"serve_view"), which applies the same rules (bases.wagtail_hooks)."""

from django.conf import settings
from django.http import Http404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.static import serve
from wagtail.images import get_image_model

from .privacy import file_is_public, may_read_file


def _owner_of(path):
    """The image or media item whose file (or rendition, or thumbnail) is at ``path``."""
    from wagtailmedia.models import get_media_model

    Image = get_image_model()
    folder = path.split("/", 1)[0]
    if folder == "original_images":
        return Image.objects.filter(file=path).select_related("collection").first()
    if folder == "images":
        rendition = (
            Image.get_rendition_model().objects.filter(file=path).select_related("image__collection").first()
        )
        return rendition.image if rendition else None
    Media = get_media_model()
    if folder == "media":
        return Media.objects.filter(file=path).select_related("collection").first()
    if folder == "media_thumbnails":
        return Media.objects.filter(thumbnail=path).select_related("collection").first()
    return None


def serve_media(request, path):
    owner = _owner_of(path)
    if owner is None:
        raise Http404
    public = file_is_public(owner) and not owner.collection.get_view_restrictions().exists()
    if not public and not may_read_file(request, owner):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if public:
        patch_cache_control(response, public=True, max_age=settings.MEDIA_CACHE_SECONDS)
    else:
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
    return response
