"""The foundation every public page type builds on; it imports no domain app.

- ``BasePage``: the abstract page with a listing summary, a cover image, the 示例 flag and
  cache headers.
- ``CARD_IMAGE_SPEC``: the one size of a cover on a list card. Templates use it through the
  ``{% card_image %}`` tag (``home/templatetags/cards.py``) and lists prefetch exactly this
  rendition, so changing it here cannot make a list query once per card.
- ``ListingQuerySetMixin``: ``with_listing_data()``, everything a list card shows in a fixed
  number of queries. Page types name their extra joins in ``listing_select_related`` and
  ``listing_prefetch_related``. ``card_image_prefetch()`` is the same cover prefetch for other
  querysets (the API).
- ``available_child_slug()``: the slug of a page created from a title (the importers).
- ``by_path()``: a class attribute naming a class by its dotted path (a page's admin form, its
  list's filter set), so the module defining that class imports the models, not the reverse.
"""

import functools

from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.utils.cache import patch_cache_control
from django.utils.functional import classproperty
from django.utils.module_loading import import_string
from django.utils.text import slugify
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.coreutils import find_available_slug
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from search.chinese import fold, pinyin_tokens

# Every card on a list page shows the cover at this size; lists prefetch this rendition.
CARD_IMAGE_SPEC = "fill-640x360-c70"


def available_child_slug(parent, title, fallback):
    """A slug for a new child page of ``parent`` made from ``title`` (Chinese kept), free among
    its siblings (``-1``, ``-2`` … added by Wagtail's ``find_available_slug``); ``fallback`` when
    the title gives no slug at all."""
    return find_available_slug(parent, slugify(title, allow_unicode=True)[:200] or fallback)


def by_path(dotted_path):
    """A class attribute that names a class by ``dotted_path`` and imports it when first read
    (by then every app is loaded). Wagtail reads ``base_form_class`` as a class, not a string;
    naming it this way lets ``bases/forms.py`` import the models at its top while the models
    import no form, the way a foreign key names a model as ``"app.Model"``. Also used for a
    list page's ``filterset_class``, whose filters query the models."""
    return classproperty(lambda cls: import_string(dotted_path))


def card_image_prefetch(relation="cover_image"):
    """Prefetch of ``relation`` (an image foreign key) with its rendition at ``CARD_IMAGE_SPEC``."""
    return Prefetch(relation, queryset=get_image_model().objects.prefetch_renditions(CARD_IMAGE_SPEC))


class ListingQuerySetMixin:
    """Mix into a ``PageQuerySet`` subclass: ``with_listing_data()`` joins and prefetches what a
    list card shows (cover rendition at ``CARD_IMAGE_SPEC`` plus the model's own
    ``listing_select_related`` / ``listing_prefetch_related``), so a list of any length costs
    the same number of queries."""

    def with_listing_data(self):
        queryset = self
        select = self.model.listing_select_related
        if select:  # select_related() with no names would follow every foreign key
            queryset = queryset.select_related(*select)
        return queryset.prefetch_related(
            card_image_prefetch(),
            *self.model.listing_prefetch_related,
        )


@functools.lru_cache(maxsize=4096)
def _label_pinyin(label):
    # Labels (districts, age stages, kinds, topics) repeat across thousands of pages.
    return tuple(pinyin_tokens(label))


def _keywords(labels):
    pinyin = [token for label in labels for token in _label_pinyin(label)]
    return fold(" ".join([*labels, *pinyin]))


class BasePage(Page):
    """What every public page shares: a listing summary and cover image (used on cards,
    in search results and in share cards), the 示例 flag for demo content, and cache headers.

    SEO title and meta description come from Wagtail's own ``seo_title`` and
    ``search_description`` (the Promote tab); when those are empty, the title and summary
    are used, so every page always has a description and a share card."""

    summary = models.TextField(
        "简介",
        max_length=300,
        blank=True,
        help_text="一两句话，显示在列表卡片、搜索结果和微信分享卡片上（300 字以内）。",
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="封面图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="列表和分享卡片用的图片，建议横图 16:9。",
    )
    is_example = models.BooleanField(
        "示例内容",
        default=False,
        help_text="勾选后页面上会标注“示例”，用于演示或尚未核实的内容。",
    )

    # What a list card needs besides the cover (see ListingQuerySetMixin).
    listing_select_related = ()
    listing_prefetch_related = ()

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        # Parents who type pinyin (no Chinese input method at hand) still find the title.
        index.SearchField("title_pinyin"),
        # The labels a card shows (course kind, district, age stages, topics), as text and
        # as pinyin, so that searching the words on a card finds the page.
        index.SearchField("search_keywords"),
    ]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("is_example")], heading="内容标注"),
    ]

    class Meta:
        abstract = True

    @classmethod
    def get_indexed_objects(cls):
        """What update_index reads of every page, joined and prefetched: the card's joins and
        every ParentalManyToManyField (search_labels and RelatedFields read them; modelsearch
        prefetches other relations itself but not these), so indexing costs a fixed number of
        queries per chunk rather than several per page."""
        queryset = super().get_indexed_objects()
        if cls.listing_select_related:
            queryset = queryset.select_related(*cls.listing_select_related)
        parental = [f.name for f in cls._meta.get_fields() if isinstance(f, ParentalManyToManyField)]
        return queryset.prefetch_related(*parental) if parental else queryset

    def _memo(self, name, key, compute):
        # Indexers read each field once per index column (title, body, autocomplete): compute
        # once per instance, again only when the input changed.
        memo = self.__dict__.setdefault("_search_memo", {})
        if name not in memo or memo[name][0] != key:
            memo[name] = (key, compute())
        return memo[name][1]

    def title_pinyin(self):
        """Fuzzy pinyin syllable pairs and initials of the title (see search/chinese.py)."""
        return self._memo("title_pinyin", self.title, lambda: " ".join(pinyin_tokens(self.title)))

    def search_labels(self):
        """Words a visitor sees on this page's card and may search for; page types add theirs."""
        labels = [str(label) for label in self.card_badges if label]
        for relation in ("age_stages", "tags"):
            manager = getattr(self, relation, None)
            if manager is not None and self.pk:
                # In id order: the database returns a relation's rows in any order (PostgreSQL
                # did), and the keywords must be the same however the page was read.
                labels += [str(item.name) for item in sorted(manager.all(), key=lambda item: item.pk)]
        district = getattr(self, "district_label", None)
        if district:
            labels.append(str(district))
        return list(dict.fromkeys(labels))

    def search_keywords(self):
        labels = tuple(self.search_labels())
        return self._memo("search_keywords", labels, lambda: _keywords(labels))

    @property
    def search_result_label(self):
        """The type label on search results (课程, 微课 ...)."""
        return self._meta.verbose_name

    @property
    def card_badges(self):
        """Short labels on list cards; page types override this."""
        return [self._meta.verbose_name]

    def get_meta_description(self):
        return self.search_description or self.summary or ""

    def get_share_image(self):
        return self.cover_image

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds and request.user.is_anonymous and getattr(response, "status_code", 200) == 200:
            patch_cache_control(response, public=True, max_age=seconds)
        return response
