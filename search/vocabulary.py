"""The suggestion vocabulary (SearchEntry rows): page titles with their URL, topic names and
the labels a card shows (course kinds, districts, age stages) leading to a search, and the
terms editors approved. Suggestions and pinyin rewriting read it with indexed lookups; no
request converts titles to pinyin.

Rows of a page are written when it is saved (a task, like Wagtail's own index update) and
removed when it is deleted; `manage.py rebuild_search_vocabulary` rebuilds everything."""

import string
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django_tasks import task

from . import chinese
from .facets import searchable_page_models
from .models import ApprovedSearchTerm, SearchEntry

LIMIT = 8


def _entry(kind, text, url, page=None, weight=0):
    folded = chinese.fold(text)[:255]
    return SearchEntry(
        kind=kind,
        text=text[:255],
        folded=folded,
        pinyin=chinese.fuzzy_key(folded)[:255],
        initials=chinese.initials_of(folded)[:64],
        url=url[:500],
        page=page,
        weight=weight,
    )


def search_url(term):
    return reverse("search") + "?" + urlencode({"q": term})


def page_labels(page):
    """The labels a page shows (course kind, district, age stages, topics, category)."""
    labels = list(getattr(page, "search_labels", lambda: [])())
    return [label for label in dict.fromkeys(labels) if label]


def keywords_of(summary, labels):
    """What the coverage ranking reads besides the title: the summary and the labels, the
    labels also as fuzzy pinyin pairs and whole (亲子阅读 -> qinzi ziyue yuedu qinziyuedu), so
    that a pinyin query ranks the pages of a topic by how much of it they match."""
    pinyin = [token for label in labels for token in chinese.pinyin_tokens(label)]
    pinyin += [chinese.fuzzy_key(label) for label in labels]
    return chinese.fold(" ".join([summary, *labels, *dict.fromkeys(p for p in pinyin if p)]))


def _is_searchable(page):
    return getattr(type(page), "show_in_search", False)


def _page_entry(page, url):
    """The vocabulary row of a live, searchable page and the labels it shows."""
    entry = _entry(SearchEntry.Kind.PAGE, page.title, url, page=page, weight=2)
    labels = page_labels(page)
    summary = getattr(page, "summary", "") or page.search_description or ""
    entry.keywords = keywords_of(summary, labels)
    return entry, labels


def sync_page(page):
    """Rewrite the vocabulary rows of one page (and of the labels it shows)."""
    page = page.specific if hasattr(page, "specific") else page
    with transaction.atomic():
        SearchEntry.objects.filter(page_id=page.pk).delete()
        if not (_is_searchable(page) and page.live and page.url):
            return
        entry, labels = _page_entry(page, page.url)
        SearchEntry.objects.bulk_create([entry])
        _ensure_labels(labels)


def _ensure_labels(labels):
    known = set(
        SearchEntry.objects.filter(kind=SearchEntry.Kind.LABEL, text__in=labels).values_list(
            "text", flat=True
        )
    )
    SearchEntry.objects.bulk_create(
        [_entry(SearchEntry.Kind.LABEL, label, search_url(label)) for label in labels if label not in known],
        ignore_conflicts=True,
    )


def sync_topics():
    from taggit.models import Tag

    SearchEntry.objects.filter(kind=SearchEntry.Kind.TOPIC).delete()
    SearchEntry.objects.bulk_create(
        [
            _entry(SearchEntry.Kind.TOPIC, name, search_url(name), weight=1)
            for name in Tag.objects.values_list("name", flat=True)
        ],
        ignore_conflicts=True,
    )


def sync_terms():
    SearchEntry.objects.filter(kind=SearchEntry.Kind.TERM).delete()
    SearchEntry.objects.bulk_create(
        [
            _entry(SearchEntry.Kind.TERM, t, search_url(t), weight=1)
            for t in ApprovedSearchTerm.objects.values_list("term", flat=True)
        ],
        ignore_conflicts=True,
    )


class _SiteRootPaths:
    """Holds Wagtail's site root paths for a whole rebuild: `Page.get_url_parts(request)`
    caches them on the object it is given, so they are read once, not once per page."""


def _label_data(model, queryset):
    """The queryset with what `search_labels` reads joined or prefetched (a few queries per
    chunk of pages instead of several per page)."""
    select = [*getattr(model, "listing_select_related", ())]
    names = {field.name for field in model._meta.get_fields()}
    if "category" in names:
        select.append("category")
    if select:
        queryset = queryset.select_related(*dict.fromkeys(select))
    prefetch = [*getattr(model, "listing_prefetch_related", ())]
    prefetch += [name for name in ("age_stages", "tags") if name in names]
    return queryset.prefetch_related(*dict.fromkeys(prefetch)) if prefetch else queryset


def _url(page, holder, single_site):
    """`page.url` (Page.get_url without a request), with the site root paths read once."""
    parts = page.get_url_parts(request=holder)
    if parts is None or (parts[1] is None and parts[2] is None):
        return None
    _, root_url, page_path = parts
    return page_path if single_site else root_url + page_path


def rebuild(chunk_size=1000):
    """Rebuild every row, set-based: pages are read in chunks with their labels prefetched,
    rows are inserted in batches, each distinct label is converted to pinyin once and the
    label rows are written together at the end. One transaction: a suggestion request sees
    the old vocabulary or the new one, never half of it."""
    from wagtail.models import Site

    holder = _SiteRootPaths()
    single_site = len({root[0] for root in Site.get_site_root_paths()}) == 1
    count, seen, labels, batch = 0, set(), {}, []
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for model in searchable_page_models():
            queryset = _label_data(model, model.objects.live().public().order_by("pk"))
            for page in queryset.iterator(chunk_size=chunk_size):
                if page.pk in seen:
                    continue  # also a page of another searchable model
                seen.add(page.pk)
                if type(page) is not page.specific_class:
                    page = page.specific
                if not _is_searchable(page):
                    continue
                url = _url(page, holder, single_site)
                if not url:
                    continue
                entry, page_labels_ = _page_entry(page, url)
                batch.append(entry)
                labels.update(dict.fromkeys(page_labels_))
                count += 1
                if len(batch) >= chunk_size:
                    SearchEntry.objects.bulk_create(batch)
                    batch = []
        SearchEntry.objects.bulk_create(batch)
        SearchEntry.objects.bulk_create(
            [_entry(SearchEntry.Kind.LABEL, label, search_url(label)) for label in labels],
            ignore_conflicts=True,
        )
        sync_topics()
        sync_terms()
    return count


@task()
def sync_page_task(page_pk):
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_pk).first()
    if page is None:
        SearchEntry.objects.filter(page_id=page_pk).delete()
    else:
        sync_page(page)


@task()
def sync_topics_task():
    sync_topics()


# --- Lookups --------------------------------------------------------------------------------


def _visible(entries):
    """Drop page rows whose page is no longer live and public (the vocabulary may lag)."""
    from wagtail.models import Page

    page_ids = [e.page_id for e in entries if e.page_id]
    visible = set(Page.objects.live().public().filter(pk__in=page_ids).values_list("pk", flat=True))
    return [e for e in entries if not e.page_id or e.page_id in visible]


def suggest(query, limit=LIMIT):
    """Completions: titles, topics and labels starting with or containing the folded query, its
    pinyin (fuzzy, with or without spaces) or its initials. A few indexed queries."""
    folded = chinese.fold(query).strip()
    if not folded:
        return []
    rows = SearchEntry.objects.order_by("-weight", "text")
    found = list(rows.filter(folded__startswith=folded)[: limit * 2])
    if len(found) < limit:
        found += list(rows.filter(folded__contains=folded).exclude(pk__in=[e.pk for e in found])[: limit * 2])
    compact = "".join(folded.split())
    if len(found) < limit and compact != folded:  # 家庭 教育: the words as one
        more = rows.filter(folded__contains=compact).exclude(pk__in=[e.pk for e in found])
        found += list(more[: limit * 2])
    if len(found) < limit and compact.isascii() and compact.isalpha():
        key = chinese.fuzzy_key(compact)
        if key:
            found += list(
                rows.filter(pinyin__startswith=key).exclude(pk__in=[e.pk for e in found])[: limit * 2]
            )
        if len(found) < limit and len(compact) >= 2:
            found += list(
                rows.filter(initials__startswith=compact).exclude(pk__in=[e.pk for e in found])[: limit * 2]
            )
    result, seen = [], set()
    for entry in _visible(found):
        if (entry.text, entry.url) in seen:
            continue
        seen.add((entry.text, entry.url))
        result.append({"title": entry.text, "url": entry.url})
        if len(result) == limit:
            break
    return result


def _edits(word):
    """Spellings one letter away from `word`, in groups from the likeliest slip: a dropped
    letter (qinziyudu), two letters swapped, an extra letter, a wrong letter."""
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    groups = [
        {a + c + b for a, b in splits for c in letters},
        {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1},
        {a + b[1:] for a, b in splits if b},
        {a + c + b[1:] for a, b in splits if b for c in letters},
    ]
    return [sorted(group - {word}) for group in groups]


def _corrections(word, key, limit):
    """Pinyin spellings one letter away from `word` whose fuzzy form is in the vocabulary,
    from the likeliest group of slips that has any (see `_edits`); one query per group."""
    seen = {key}
    for group in _edits(word):
        variants = {}
        for variant in group:
            syllables = chinese.split_pinyin(variant)
            variant_key = chinese.fuzzy_key(variant) if syllables else ""
            if len(variant_key) >= 5 and variant_key not in seen:
                variants.setdefault(variant_key, (len(syllables.split()), variant))
        seen |= set(variants)
        # Fewest syllables first: a slip rarely turns one syllable into two.
        ranked = sorted(variants.items(), key=lambda item: item[1])[:MAX_VARIANTS]
        if not ranked:
            continue
        match = Q()
        for variant_key, _ in ranked:
            match |= Q(pinyin__contains=variant_key)
        found = list(SearchEntry.objects.filter(match).values_list("pinyin", flat=True)[:50])
        corrected = [variant for variant_key, (_, variant) in ranked if any(variant_key in p for p in found)]
        if corrected:
            return [chinese.split_pinyin(variant) for variant in corrected[:limit]]
    return []


def pinyin_rewrites(word, limit=3):
    """What a Latin word may stand for, from the vocabulary: Chinese terms whose pinyin (fuzzy)
    or initials it is (qzyd -> 亲子阅读), or, when its pinyin is in no title, topic or label, a
    spelling one letter away that is (youxiaoxianjei -> you xiao xian jie). Returns Chinese
    terms and pinyin texts."""
    word = chinese.fold(word)
    if not (word.isascii() and word.isalpha()) or len(word) < 2 or len(word) > 40:
        return []
    rows = SearchEntry.objects.order_by("-weight", "text").values_list("folded", flat=True)
    key = chinese.fuzzy_key(word)
    candidates = []
    if key:
        candidates += list(rows.filter(pinyin=key)[:limit])
    if not candidates and len(word) >= 3:
        candidates += list(rows.filter(initials=word)[:limit])
    if not candidates and len(word) >= 4 and not chinese.split_pinyin(word):
        # The initials of part of a name (shxx: 万州区沙河小学's 沙河小学).
        candidates += list(rows.filter(initials__contains=word)[:limit])
    if candidates or len(word) < 5 or (key and rows.filter(pinyin__contains=key).exists()):
        return list(dict.fromkeys(candidates))[:limit]
    return _corrections(word, key, limit)


MAX_VARIANTS = 60
