"""The suggestion vocabulary (SearchEntry rows): page titles with their URL, topic names and
the labels a card shows (course kinds, districts, age stages) leading to a search, and the
terms editors approved. Suggestions and pinyin rewriting read it with indexed lookups; no
request converts titles to pinyin.

Rows of a page are written when it is saved (a task, like Wagtail's own index update) and
removed when it is deleted; `manage.py rebuild_search_vocabulary` rebuilds everything."""

import string
from functools import lru_cache
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django_tasks import task

from home.generation import Generation

from . import chinese
from .facets import searchable_page_models
from .models import ApprovedSearchTerm, SearchEntry, SearchKey

LIMIT = 8

# --- Generation -------------------------------------------------------------------------------

GENERATION = Generation("search:vocabulary:generation")
GENERATION_KEY = GENERATION.key
REWRITES_SECONDS = 24 * 3600


def generation():
    """The vocabulary's generation: a number that changes whenever its rows or the editors'
    synonyms change (`changed`), the key of what is computed from them (`pinyin_rewrites`)."""
    return GENERATION.current(cache)


def changed():
    """A new generation, now and again when the transaction writing the change commits."""
    GENERATION.bump_now_and_on_commit(cache)


# --- Lookup keys (SearchKey) ------------------------------------------------------------------

KEY_LENGTH = SearchKey._meta.get_field("key").max_length
_KEY_TEXT = KEY_LENGTH - 2  # after the rank and the kind of text
MAX_KEY_STARTS = 60  # suffixes of one text (a title is short; a long one is matched by its start)
_TOP = "\U0010ffff"  # above every character: prefix <= key < prefix + _TOP is "starts with prefix"


def _rank(position, weight):
    """'0'-'5': a match at the start of the text before one inside it, then by weight (pages,
    then topics and approved terms, then labels)."""
    return str((0 if position == 0 else 3) + 2 - min(max(weight, 0), 2))


def _text_starts(compact):
    """Where a suffix starts: at every Han character and at the start of every Latin word or
    number (not inside one: `ython` is no completion)."""
    starts = []
    for i, ch in enumerate(compact):
        if not ch.isalnum():
            continue
        if i and ch.isascii() and compact[i - 1].isascii() and compact[i - 1].isalnum():
            continue
        starts.append(i)
    return starts[:MAX_KEY_STARTS]


def entry_keys(folded, weight):
    """The lookup keys of a vocabulary row: rank + "t" + each suffix of its folded text without
    spaces, rank + "p" + each suffix of its fuzzy pinyin at a syllable, rank(start) + "i" + its
    initials; each at most KEY_LENGTH characters."""
    compact = "".join(folded.split())
    keys = [_rank(i, weight) + "t" + compact[i : i + _KEY_TEXT] for i in _text_starts(compact)]
    syllables = [chinese.fuzzy_syllable(s) for s in chinese.pinyin_of(folded).split()]
    for j in range(min(len(syllables), MAX_KEY_STARTS)):
        keys.append(_rank(j, weight) + "p" + "".join(syllables[j:])[:_KEY_TEXT])
    initials = chinese.initials_of(folded)
    if len(initials) > 1:
        keys.append(_rank(0, weight) + "i" + initials[:_KEY_TEXT])
    return list(dict.fromkeys(keys))


def _write_keys(rows, chunk=10_000):
    """Keys of (id, folded, weight) rows: plain INSERTs of (entry, key) pairs (a rebuild writes
    about 30 keys per page: no model instance each)."""
    from django.db import connection

    qn = connection.ops.quote_name
    table, entry, key = (qn(n) for n in (SearchKey._meta.db_table, "entry_id", "key"))
    sql = f"INSERT INTO {table} ({entry}, {key}) VALUES (%s, %s)"
    pairs = []
    with connection.cursor() as cursor:
        for pk, folded, weight in rows:
            pairs += [(pk, k) for k in entry_keys(folded, weight)]
            if len(pairs) >= chunk:
                cursor.executemany(sql, pairs)
                pairs = []
        if pairs:
            cursor.executemany(sql, pairs)


def _create(entries):
    """Insert new vocabulary rows and their keys (no conflict possible)."""
    changed()
    entries = SearchEntry.objects.bulk_create(entries)
    _write_keys((e.pk, e.folded, e.weight) for e in entries)


def _create_missing(kind, entries):
    """Insert rows of one kind that may exist already (labels shared by pages: two saves may
    race), then the keys of the rows of that kind that have none."""
    if not entries:
        return
    changed()
    SearchEntry.objects.bulk_create(entries, ignore_conflicts=True)
    texts = [e.text for e in entries]
    _write_keys(
        SearchEntry.objects.filter(kind=kind, text__in=texts, keys__isnull=True).values_list(
            "pk", "folded", "weight"
        )
    )


def _delete(queryset):
    changed()
    SearchKey.objects.filter(entry__in=queryset).delete()
    queryset.delete()


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
        _delete(SearchEntry.objects.filter(page_id=page.pk))
        if not (_is_searchable(page) and page.live and page.url):
            return
        entry, labels = _page_entry(page, page.url)
        _create([entry])
        _ensure_labels(labels)


def _ensure_labels(labels):
    known = set(
        SearchEntry.objects.filter(kind=SearchEntry.Kind.LABEL, text__in=labels).values_list(
            "text", flat=True
        )
    )
    _create_missing(
        SearchEntry.Kind.LABEL,
        [_entry(SearchEntry.Kind.LABEL, label, search_url(label)) for label in labels if label not in known],
    )


def sync_topics():
    from taggit.models import Tag

    _delete(SearchEntry.objects.filter(kind=SearchEntry.Kind.TOPIC))
    _create_missing(
        SearchEntry.Kind.TOPIC,
        [
            _entry(SearchEntry.Kind.TOPIC, name, search_url(name), weight=1)
            for name in Tag.objects.values_list("name", flat=True)
        ],
    )


def sync_terms():
    _delete(SearchEntry.objects.filter(kind=SearchEntry.Kind.TERM))
    _create_missing(
        SearchEntry.Kind.TERM,
        [
            _entry(SearchEntry.Kind.TERM, t, search_url(t), weight=1)
            for t in ApprovedSearchTerm.objects.values_list("term", flat=True)
        ],
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
        changed()
        SearchKey.objects.all().delete()
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
                    _create(batch)
                    batch = []
        _create(batch)
        _create_missing(
            SearchEntry.Kind.LABEL,
            [_entry(SearchEntry.Kind.LABEL, label, search_url(label)) for label in labels],
        )
        sync_topics()
        sync_terms()
    return count


def remove_page(page_pk):
    """Remove the vocabulary row (and keys) of a page."""
    _delete(SearchEntry.objects.filter(page_id=page_pk))


@task()
def sync_page_task(page_pk):
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_pk).first()
    if page is None:
        _delete(SearchEntry.objects.filter(page_id=page_pk))
    else:
        sync_page(page)


@task()
def sync_topics_task():
    sync_topics()


# --- Lookups --------------------------------------------------------------------------------


def suggest(query, limit=LIMIT):
    """Completions: titles, topics and labels whose folded text, fuzzy pinyin (the last syllable
    may be incomplete) or initials contain the query, matches at the start first, then pages,
    topics and labels. One SQL statement whatever the size of the vocabulary (`_lookup`)."""
    compact, pinyin = _query_keys(chinese.fold(query))
    if not compact:
        return []
    prefixes = [("t", compact)]
    if pinyin:
        prefixes.append(("p", pinyin))
    if len(compact) > 1 and compact.isascii() and compact.isalpha():
        prefixes.append(("i", compact))
    found, restricted = _lookup(
        [rank + kind + text[:_KEY_TEXT] for rank in "012345" for kind, text in prefixes], limit * 2
    )
    long_query = len(compact) > _KEY_TEXT or len(pinyin) > _KEY_TEXT  # keys hold its start only
    result, seen = [], set()
    for _key, entry_id, text, url, folded, entry_pinyin, page_id, live_path in sorted(found):
        if entry_id in seen or (text, url) in seen:
            continue
        seen |= {entry_id, (text, url)}
        if page_id and (live_path is None or live_path.startswith(restricted)):
            continue  # no longer live and public: the vocabulary may lag behind a change
        if long_query and compact not in "".join(folded.split()) and not (pinyin and pinyin in entry_pinyin):
            continue
        result.append({"title": text, "url": url})
        if len(result) == limit:
            break
    return result


@lru_cache(maxsize=2048)
def _query_keys(folded):
    """What a folded query is looked up by: its text without spaces and, when it is pinyin or
    mixed (亲子yuedu), its fuzzy pinyin key. Memoised per query string."""
    compact = "".join(folded.split())
    latin = compact
    if not compact.isascii():
        mixed = chinese.mixed_to_pinyin(folded)
        latin = "".join(mixed.split()) if mixed else ""
    return compact, typed_pinyin_key(latin) if latin.isascii() and latin.isalpha() else ""


_SYLLABLE_STARTS = frozenset(s[:i] for s in chinese.PINYIN_SYLLABLES for i in range(1, len(s)))


@lru_cache(maxsize=2048)
def typed_pinyin_key(word):
    """The fuzzy pinyin key of letters typed into the search box, the last syllable possibly
    unfinished (qinziyued -> qinziyued, zhon -> zon, lia -> nia; see chinese.fuzzy_syllable);
    '' when the letters are no pinyin."""
    if len(word) < 2 or len(word) > 60:
        return ""
    for cut in range(len(word), max(0, len(word) - 5) - 1, -1):
        head, tail = word[:cut], word[cut:]
        if tail and tail not in _SYLLABLE_STARTS:
            continue
        syllables = chinese.split_word(head) if head else ()
        if syllables is None:
            continue
        return "".join(chinese.fuzzy_syllable(s) for s in (*syllables, *([tail] if tail else [])))
    return ""


def _lookup(prefixes, per_prefix):
    """At most `per_prefix` keys starting with each prefix, with their rows, and the paths of
    the pages under a view restriction, in one statement: an index range scan per prefix,
    ordered by the index and limited, joined to its rows and the path of their page if it is
    live; then the restricted paths (Wagtail's public() test, made in Python on the few rows
    found). Returns ([(key, id, text, url, folded, pinyin, page_id, live path)], (paths))."""
    from django.db import connection

    sql = _lookup_sql(connection.alias, connection.vendor, len(prefixes), per_prefix)
    if connection.vendor == "postgresql":
        params = [list(prefixes), _TOP]
    else:
        params = [bound for prefix in prefixes for bound in (prefix, prefix + _TOP)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    restricted = tuple(row[7] for row in rows if row[0] is None)
    return [row for row in rows if row[0] is not None], restricted


@lru_cache(maxsize=64)
def _lookup_sql(alias, vendor, arms, per_prefix):
    """The statement of `_lookup`, made once (only the prefixes change). On PostgreSQL one
    LATERAL range scan over the array of prefixes (planned in a fraction of a millisecond,
    however many prefixes); elsewhere a UNION ALL of one range scan per prefix, compiled by the
    ORM. The page of a row is read by a correlated subquery: an index lookup for each of the
    few rows found, whatever the planner thinks of the tables' sizes."""
    from django.db import connections
    from wagtail.models import Page, PageViewRestriction

    qn = connections[alias].ops.quote_name
    tables = (m._meta.db_table for m in (SearchKey, SearchEntry, Page, PageViewRestriction))
    key, keys, entry, page, restriction = (qn(name) for name in ("key", *tables))
    if vendor == "postgresql":
        found = (
            f"unnest(%s::varchar[]) wanted(prefix) CROSS JOIN LATERAL (SELECT k.{key}, k.entry_id "
            f"FROM {keys} k WHERE k.{key} >= wanted.prefix AND k.{key} < wanted.prefix || %s "
            f"ORDER BY k.{key} LIMIT {int(per_prefix)}) found"
        )
    else:
        queryset = (
            SearchKey.objects.using(alias)
            .filter(key__gte="", key__lt=_TOP)
            .order_by("key")
            .values_list("key", "entry_id")[:per_prefix]
        )
        sql, params = queryset.query.get_compiler(using=alias).as_sql()
        assert list(params) == ["", _TOP], params  # the two bounds, in this order
        found = "(" + " UNION ALL ".join(f"SELECT * FROM ({sql}) arm{n}" for n in range(arms)) + ") found"
    return (
        f"SELECT found.{key}, e.id, e.text, e.url, e.folded, e.pinyin, e.page_id, "
        f"(SELECT p.path FROM {page} p WHERE p.id = e.page_id AND p.live) "
        f"FROM {found} JOIN {entry} e ON e.id = found.entry_id "
        f"UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, rp.path "
        f"FROM {restriction} r JOIN {page} rp ON rp.id = r.page_id"
    )


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
    terms and pinyin texts. Cached per vocabulary generation (one cache read when known)."""
    word = chinese.fold(word)
    if not (word.isascii() and word.isalpha()) or len(word) < 2 or len(word) > 40:
        return []
    key = f"search:rewrites:{generation()}:{limit}:{word}"
    found = cache.get(key)
    if found is None:
        found = _pinyin_rewrites(word, limit)
        cache.set(key, found, REWRITES_SECONDS)
    return list(found)


def _pinyin_rewrites(word, limit):
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
