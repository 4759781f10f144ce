"""The search pipeline behind /search/: engine or database backend, Chinese and pinyin
queries, title-first ranking, facets, filters, sorting, paging and highlighting.

The backend finds candidate pages (ids in relevance order); everything after that is plain
ORM work on those ids, so it behaves the same on every backend."""

import html
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, PlainText

from . import breaker, chinese, engine_query, facets, vocabulary
from .backends import DatabaseBackend
from .facets import searchable_page_models
from .models import SearchEntry, SearchSynonym

logger = logging.getLogger(__name__)

MAX_CANDIDATES = 500
PER_PAGE = 10


def is_database_backend(name="default"):
    """The backend of that name is one of this project's database backends (by its class,
    search/backends.py), not an engine."""
    from modelsearch.backends import import_backend

    backend = import_backend(settings.WAGTAILSEARCH_BACKENDS[name]["BACKEND"])
    return isinstance(backend, type) and issubclass(backend, DatabaseBackend)


# Question and function words: they say how a parent asks, not what about (孩子玩手机怎么办
# -> 孩子玩手机). Removed before anything else; the query is split where they stood.
QUESTION_WORDS = sorted(
    """
    怎么办 怎么样 怎么 怎样 如何 为什么 为啥 什么 哪些 哪里 哪儿 哪个 在哪里 在哪 有没有 有哪些
    能不能 可不可以 是不是 要不要 该怎么 应该 可以 请问 求助 一下 我家 我们 总是 老是 一直 非常
    有点 一些 关于 想要 吗 呢 吧 啊 呀 嘛 的
    """.split(),  # noqa: SIM905 - a word list
    key=len,
    reverse=True,
)
# Words in nearly every page: they never decide which page a parent means, so they do not
# count when ranking partial matches.
COMMON_WORDS = {"孩子", "家长", "父母", "家庭", "教育"}
_COMMON = re.compile("({})".format("|".join(COMMON_WORDS)))
_STOP = re.compile("|".join(map(re.escape, QUESTION_WORDS)))


@dataclass
class Unit:
    """One part of a query a page should match; any of its alternatives will do. Each
    alternative is a list of tokens (character bigrams, Latin words or pinyin pairs)."""

    text: str
    alternatives: list
    pinyin: list = field(default_factory=list)  # fuzzy pinyin keys matched against titles
    common: bool = False

    @property
    def size(self):
        """How much this unit weighs in the coverage ranking: its number of tokens; a lone
        character left between question words (教 in 有没有教孩子做家务的课) weighs half."""
        if len(self.text) == 1 and _is_han(self.text):
            return 0.5
        # A synonym or age weighs like its shortest form (6-12岁 like 小学).
        return max(1, min((len(alternative) for alternative in self.alternatives), default=1))


@dataclass
class Analysis:
    query: str
    units: list
    whole_pinyin: list = field(default_factory=list)  # token lists: the whole query as pinyin


def _han_units(segment, rules):
    """Units of a Han/Latin segment: synonym terms found in it become units of their own."""
    for term in sorted(rules, key=len, reverse=True):
        position = segment.find(term)
        if term and position != -1:
            before, after = segment[:position], segment[position + len(term) :]
            alternatives = [chinese.tokens(term)] + [chinese.tokens(a) for a in rules[term]]
            unit = Unit(term, [a for a in alternatives if a])
            return [*_han_units(before, rules), unit, *_han_units(after, rules)]
    units = []
    for match in re.finditer(rf"[{chinese.HAN}]+|[a-z0-9]+", segment):
        word = match.group(0)
        if re.match(rf"[{chinese.HAN}]", word):
            for piece in _COMMON.split(word):
                if piece in COMMON_WORDS:
                    units.append(Unit(piece, [chinese.tokens(piece)], common=True))
                elif piece:
                    piece = chinese.strip_function_chars(piece)
                    units.append(Unit(piece, [chinese.tokens(piece)]))
        else:
            unit = Unit(word, [[word]])
            pinyin = chinese.query_pinyin_tokens(word)
            if pinyin:
                unit.alternatives.append(pinyin)
                unit.pinyin.append(chinese.fuzzy_key(word))
            for term in vocabulary.pinyin_rewrites(word):
                if chinese.split_pinyin(term):  # a corrected spelling
                    unit.alternatives.append(chinese.query_pinyin_tokens(term))
                    unit.pinyin.append(chinese.fuzzy_key(term))
                else:
                    unit.alternatives.append(chinese.tokens(term))
            units.append(unit)
    return units


def analyse(query):
    """Fold the query, drop question words, apply the editors' synonyms and read pinyin."""
    folded = chinese.fold(query)
    rules = {**SearchSynonym.rules(), **chinese.age_rules(folded)}
    units = []
    for segment in _STOP.split(folded):
        for piece in re.split(rf"[^{chinese.HAN}a-z0-9-]+", segment):  # 3-6岁 stays one piece
            if piece.strip("-"):
                units.extend(_han_units(piece, rules))
    if not units:  # the query was only question words: search it as typed
        units = [Unit(folded, [chinese.tokens(folded)])] if chinese.tokens(folded) else []
    analysis = Analysis(folded, units)
    # 亲子yuedu, qin zi yue du: the whole query as pinyin pairs, when it reads as pinyin.
    mixed = chinese.mixed_to_pinyin(folded) or folded
    pinyin = chinese.query_pinyin_tokens(mixed)
    if (pinyin and " " in folded.strip()) or (pinyin and mixed != folded):
        analysis.whole_pinyin.append(pinyin)
    return analysis


def _text_query(tokens, database, operator="and"):
    """A PlainText for a token list: the database backends get the tokens themselves; the
    engine gets text its analyzer splits the same way (bigrams joined back into words)."""
    if database:
        return PlainText(" ".join(tokens), operator=operator)
    return PlainText(" ".join(_rejoin(tokens)), operator=operator)


def _rejoin(tokens):
    """Overlapping bigrams back into runs (沙河 河小 -> 沙河小), so the engine's cjk_bigram sees
    the same pairs; other tokens stay as they are."""
    runs = []
    for token in tokens:
        if runs and len(token) == 2 and len(runs[-1]) >= 2 and runs[-1][-1] == token[0] and _is_han(token):
            runs[-1] += token[1]
        else:
            runs.append(token)
    return runs


def _is_han(text):
    return bool(re.match(rf"^[{chinese.HAN}]+$", text))


def backend_query(analysis, backend_name, operator):
    """The query object: with "and", every unit must match (any alternative of it), or the
    whole query as pinyin; with "or", any token of any unit may."""
    database = is_database_backend(backend_name)
    if not analysis.units:
        return None
    if operator == "and":
        parts = []
        for unit in analysis.units:
            options = [_text_query(alternative, database) for alternative in unit.alternatives]
            parts.append(options[0] if len(options) == 1 else Or(options))
        strict = parts[0] if len(parts) == 1 else And(parts)
        extra = [_text_query(tokens, database) for tokens in analysis.whole_pinyin]
        return Or([strict, *extra]) if extra else strict
    words = []
    for unit in analysis.units:
        if unit.common and len(analysis.units) > 1:
            continue
        for alternative in unit.alternatives:
            words.extend(_rejoin(alternative) if not database else alternative)
    for tokens in analysis.whole_pinyin:
        words.extend(tokens)
    words = list(dict.fromkeys(words))
    return PlainText(" ".join(words), operator="or") if words else None


def _find(analysis, backend_name, operator):
    """Ids of the pages matching the query: on the database backend all of them (totals are
    exact), on an engine its best MAX_CANDIDATES (the API's ranking; /search/ pages in the
    engine, see engine_search)."""
    backend = get_search_backend(backend_name)
    search_query = backend_query(analysis, backend_name, operator)
    if search_query is None:
        return []
    if is_database_backend(backend_name):
        # The database backends score every match with a correlated subquery, which is slow
        # on large sets; their order is replaced by the coverage ranking anyway (rank).
        results = backend.search(search_query, base_queryset().only("pk"), order_by_relevance=False)
        return [page.pk for page in results]
    results = backend.search(search_query, base_queryset())
    return [page.pk for page in results[:MAX_CANDIDATES]]


def base_queryset():
    return Page.objects.live().public().filter(content_type__in=_content_type_ids())


def _content_type_ids():
    from django.contrib.contenttypes.models import ContentType

    return [ContentType.objects.get_for_model(m).pk for m in searchable_page_models()]


# Pages matching most (not all) of the query are looked for only when fewer than this many
# match all of it: a long, specific query (a name with one character missing) finds few.
LOOSE_WHEN_FEWER_THAN = 20
ENGINE_UNAVAILABLE = "搜索引擎暂时不可用，以下是备用搜索的结果，可能不够完整。"


def candidate_ids(query, analysis=None):
    """(strict ids, loose ids, notice): pages matching every unit of the query (in the
    backend's order), and pages matching any of its words. An engine that is down, slow or
    skipped by the circuit breaker is replaced by the database backend, with a notice."""
    analysis = analysis or analyse(query)
    has_fallback = "fallback" in settings.WAGTAILSEARCH_BACKENDS
    backend_name, notice = "default", None
    if not is_database_backend("default") and has_fallback and breaker.is_open():
        backend_name, notice = "fallback", ENGINE_UNAVAILABLE
    found = {"or": []}
    for operator in ("and", "or"):
        if operator == "or" and len(found["and"]) >= LOOSE_WHEN_FEWER_THAN:
            break  # enough pages match every part; partial matches would rank below them
        try:
            found[operator] = _find(analysis, backend_name, operator)
        except breaker.engine_errors() as error:
            if backend_name != "default" or not has_fallback:
                raise
            breaker.trip(error)
            backend_name, notice = "fallback", ENGINE_UNAVAILABLE
            found[operator] = _find(analysis, backend_name, operator)
    return found["and"], found["or"], notice


def coverage_of(analysis, title, pinyin, keywords):
    """How much of the query a page's title and labels/summary match, between 0 and 1; the
    title counts three times as much. Common words count only when they are all there is."""
    title_tokens, other_tokens = _Tokens(title), _Tokens(keywords)
    units = [u for u in analysis.units if not u.common] or analysis.units
    total = sum(unit.size for unit in units) or 1
    score = 0.0
    for unit in units:
        best = 0.0
        for alternative in unit.alternatives:
            if not alternative:
                continue
            in_title = sum(1 for t in alternative if t in title_tokens) / len(alternative)
            in_other = sum(1 for t in alternative if t in other_tokens) / len(alternative)
            best = max(best, in_title, in_other / 3)
        if any(key and key in pinyin for key in unit.pinyin):
            best = 1.0
        score += best * unit.size
    whole = any("".join(tokens) and _pairs_in(tokens, pinyin) for tokens in analysis.whole_pinyin)
    if whole:
        return 1.0
    in_labels = any(tokens and all(t in other_tokens for t in tokens) for tokens in analysis.whole_pinyin)
    return max(score / total, 1 / 3 if in_labels else 0)


_NON_HAN_WORD = re.compile(rf"[^\W{chinese.HAN}_]+")
_HAN_TOKEN = re.compile(rf"[{chinese.HAN}]+")


@lru_cache(maxsize=4096)
def _is_han_token(token):
    """_is_han of a query token (the ranking asks it of every token, for every page)."""
    return bool(_HAN_TOKEN.fullmatch(token))


class _Tokens:
    """The tokens of a folded text (its chinese.tokens and its single Han characters) for
    `in` tests, without listing them: a Han token (a pair or one character) is one of them when
    the text contains it (its characters can only be neighbours within one run of Han text),
    another token when it is one of the text's words."""

    def __init__(self, text):
        self.text = text
        self.words = None

    def __contains__(self, token):
        if _is_han_token(token):
            return len(token) <= 2 and token in self.text
        if self.words is None:
            self.words = set(_NON_HAN_WORD.findall(self.text))
        return token in self.words


def _pairs_in(tokens, key):
    """Whether pinyin pairs (qinzi ziyue yuedu) read consecutively inside a fuzzy key."""
    if not key:
        return False
    return all(token in key for token in tokens)


MIN_COVERAGE = 0.6


def rank(analysis, strict, loose, pages=None):
    """(ids, partial): strict matches and pages matching most of the query (coverage of at
    least MIN_COVERAGE, so one missing bigram never drops the exact page), ranked by
    coverage, then by the backend's order. Only pages live and public now: those of `pages`
    (a queryset of live, public pages; read afresh when not given)."""
    ordered = list(dict.fromkeys([*strict, *loose]))
    if pages is None:
        pages = Page.objects.live().public()
    titles = dict(pages.filter(pk__in=ordered).values_list("pk", "title"))
    entries = {
        row[0]: row[1:]
        for row in SearchEntry.objects.filter(
            page_id__in=list(titles), kind=SearchEntry.Kind.PAGE
        ).values_list("page_id", "pinyin", "keywords")
    }
    strict_set = set(strict)
    position = {pk: i for i, pk in enumerate(ordered)}
    scores = {}
    for pk, title in titles.items():
        pinyin, keywords = entries.get(pk, ("", ""))
        scores[pk] = coverage_of(analysis, chinese.fold(title), pinyin, keywords)
    shown = [pk for pk in titles if pk in strict_set or scores[pk] >= MIN_COVERAGE]
    partial = not shown
    if partial:
        shown = list(titles)
    shown.sort(key=lambda pk: (-scores[pk], pk not in strict_set, position[pk]))
    if not partial:
        shown += _first_page_fill(titles, shown, scores)
    return shown, partial


# A first results page with few good matches is filled up with pages that match a good part
# of the query (孩子不好好吃饭: 让宝宝自己吃饭 matches 吃饭 only), after all the others.
FILL_COVERAGE = 0.3


def _first_page_fill(titles, shown, scores):
    if len(shown) >= PER_PAGE:
        return []
    taken = set(shown)
    more = sorted(
        (pk for pk in titles if pk not in taken and scores[pk] >= FILL_COVERAGE), key=lambda pk: -scores[pk]
    )
    return more[: PER_PAGE - len(shown)]


@dataclass
class SearchOutcome:
    query: str
    filters: dict
    sort: str
    total: int = 0
    partial: bool = False
    notice: str | None = None
    type_counts: list = field(default_factory=list)
    facet_counts: dict = field(default_factory=dict)  # {facet name: {value: count}}
    page_obj: object = None
    items: list = field(default_factory=list)
    promotions: list = field(default_factory=list)


def facet_names_in_use(models):
    """Registered facets that at least one searchable page type declares."""
    return [name for name in facets.facet_names() if any(name in facets.lookups(m) for m in models)]


def labelled_type_counts(counts, models):
    return [
        (model.__name__.lower(), model._meta.verbose_name, counts.get(model.__name__.lower(), 0))
        for model in models
    ]


def mark(text, terms):
    """HTML-escape `text` and wrap every occurrence of the terms in <mark>."""
    text = text or ""
    if not terms:
        return escape(text)
    lowered = text.lower()
    spans = []
    for term in terms:
        start = lowered.find(term)
        while start != -1:
            spans.append((start, start + len(term)))
            start = lowered.find(term, start + 1)
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out, last = [], 0
    for start, end in merged:
        out += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(text, terms, width=90):
    """A window of `text` around the first matched term."""
    text = " ".join((text or "").split())
    lowered = text.lower()
    positions = [lowered.find(t) for t in terms if lowered.find(t) != -1]
    start = max(0, min(positions) - 20) if positions else 0
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def page_number_of(raw):
    try:
        return max(1, int(raw))
    except (TypeError, ValueError):
        return 1


class _Hits(Sequence):
    """What the paginator pages over when the engine pages: the exact total, and the ids of
    the window the engine returned (from `offset`)."""

    def __init__(self, total, offset, ids):
        self.total, self.offset, self.ids = total, offset, list(ids)

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice):
            start = (index.start or 0) - self.offset
            stop = (self.total if index.stop is None else index.stop) - self.offset
            return self.ids[max(0, start) : max(0, stop)]
        return self.ids[index - self.offset]


def python_highlight(page, terms):
    summary = getattr(page, "summary", "") or page.search_description
    return mark(page.title, terms), mark(snippet(summary, terms), terms)


def load_items(outcome, page_ids, highlight, types=None):
    """The pages shown (only those, loaded as load_pages loads them), with their highlighted
    title and snippet."""
    for page in load_pages(page_ids, types):
        page.title_html, page.snippet_html = highlight(page)
        outcome.items.append(page)


# Relevance on an engine: the engine's best RERANK_WINDOW hits are re-ranked by coverage (as
# on the database backend), later pages come in the engine's order. When few pages match every
# part of the query, the engine's best LOOSE_CANDIDATES matching any part are ranked with them
# (its BM25 order already puts the pages matching most of the query first). Both bound the
# Python work of a request (the coverage of each page ranked).
RERANK_WINDOW = 50
LOOSE_CANDIDATES = 100
ENGINE_MAX_WINDOW = 10_000  # the engines' index.max_result_window: from + size stays within it


_default_engine = []  # [(the settings it was made from, the backend)]


def default_engine():
    """The "default" engine backend, made once per configuration: a backend holds its client's
    connection pool, so a search reuses open connections instead of making a client and a
    connection per request. Settings changed (tests) make a new one."""
    config = settings.WAGTAILSEARCH_BACKENDS["default"]
    if not _default_engine or _default_engine[0][0] is not config:
        _default_engine[:] = [(config, get_search_backend("default"))]
    return _default_engine[0][1]


@dataclass
class EngineWindow:
    """What one engine search found: `hits` (the exact total, and the ids of at least the
    window asked for, in order), the facet counts, and the shown pages' highlights and types."""

    hits: object
    partial: bool = False
    counts: dict = field(default_factory=dict)
    highlights: dict = field(default_factory=dict)
    types: dict = field(default_factory=dict)


def engine_window(
    analysis,
    base,
    *,
    offset=0,
    size=PER_PAGE,
    filters=None,
    facet_names=(),
    restrict_to=None,
    newest=False,
    terms=None,
):
    """The pages of an engine search from `offset` (`size` of them) in the order of /search/:
    the engine's best RERANK_WINDOW re-ranked by coverage, later ones in the engine's order;
    when few pages match every part of the query, those matching most of it are added and
    ranked by coverage (as on the database backend). The engine filters (`filters`, and
    `restrict_to` page ids), counts `facet_names`, sorts, pages and highlights `terms`: one
    round trip, a second when few pages match every part or the ranking brings in a page the
    engine did not put on the page shown, rarely three. None when the query has nothing to
    search for."""
    from wagtail.search.query import MATCH_ALL

    backend = default_engine()
    strict_query = backend_query(analysis, "default", "and")
    if strict_query is None:
        return None
    strict_query = engine_query.compiled_query(backend, strict_query, base)  # used twice
    filters = {name: values for name, values in (filters or {}).items() if values}
    windowed = not newest and offset + size <= RERANK_WINDOW
    common = {"filters": filters, "facet_names": facet_names}
    requests = [
        engine_query.request(
            backend,
            strict_query,
            base,
            restrict_to=restrict_to,
            offset=0 if windowed else offset,
            size=RERANK_WINDOW if windowed else size,
            newest=newest,
            # Highlighting costs the engine per hit: only when the hits are the ones shown.
            highlight_terms=None if windowed else terms,
            # The best pages before the filters, for the coverage ranking when few match.
            top_unfiltered=0 if windowed and not filters else LOOSE_WHEN_FEWER_THAN,
            **common,
        )
    ]
    # The pages matching any part of the query come in the same round trip (a list without
    # totals or counts), for when few pages match every part.
    loose_query = backend_query(analysis, "default", "or")
    if loose_query is not None:
        requests.append(
            engine_query.request(
                backend, loose_query, base, restrict_to=restrict_to, size=LOOSE_CANDIDATES, count=False
            )
        )
    # The coverage ranking reorders the window but seldom changes which pages make the page
    # shown: the engine's own hits for it are highlighted in the same round trip (a short list
    # without totals or counts); the pages it missed are highlighted afterwards (_highlighted).
    predicting = windowed and bool(terms)
    if predicting:
        requests.append(
            engine_query.request(
                backend,
                strict_query,
                base,
                filters=filters,
                restrict_to=restrict_to,
                offset=offset,
                size=size,
                highlight_terms=terms,
                count=False,
            )
        )
    found, *rest = engine_query.send(backend, *requests)
    loose = rest[:1] if loose_query is not None else []
    highlights = rest[-1].highlights if predicting else found.highlights
    if found.unfiltered < LOOSE_WHEN_FEWER_THAN:
        # Few pages match every part: add those matching most of it (coverage), as the
        # database backend does; the engine then filters and counts the ranked list (and
        # sorts it by date), which is paged in its ranked order.
        strict = found.ids if windowed and not filters else found.top_unfiltered
        ranked, partial = rank(analysis, strict, loose[0].ids if loose else [], base)
        if not ranked:
            return EngineWindow(_Hits(0, offset, []), partial)
        requests = [
            engine_query.request(
                backend, MATCH_ALL, base, restrict_to=ranked, size=len(ranked), newest=newest, **common
            )
        ]
        # Unfiltered and by relevance, the page shown is known already: the highlights it
        # still lacks come in the same round trip.
        predicted = ranked[offset : offset + size] if not filters and not newest else []
        predicted = [pk for pk in predicted if pk not in highlights]
        if terms and predicted:
            requests.append(engine_query.highlight_request(predicted, terms))
        found, *highlighted = engine_query.send(backend, *requests)
        position = {pk: i for i, pk in enumerate(ranked)}
        ordered = found.ids if newest else sorted(found.ids, key=position.__getitem__)
        hits = _Hits(len(ordered), 0, ordered)
        if highlighted:
            highlights = {**highlights, **highlighted[0].highlights}
        highlights = _highlighted(backend, highlights, hits[offset : offset + size], terms)
    elif windowed:
        ranked, partial = rank(analysis, found.ids, [], base)
        hits = _Hits(found.total, 0, ranked)
        highlights = _highlighted(backend, highlights, hits[offset : offset + size], terms)
    else:
        partial = False
        hits = _Hits(found.total, offset, found.ids)
    return EngineWindow(hits, partial, found.counts, highlights, found.types)


def _highlighted(backend, highlights, shown, terms):
    """`highlights` ({pk: (title html, snippet html)}, from requests made already) with those
    of the pages of `shown` it lacks, asked in one more round trip when there are any."""
    missed = [pk for pk in shown if pk not in highlights]
    if not (terms and missed):
        return highlights
    return {**highlights, **engine_query.highlights(backend, missed, terms)}


def engine_search(outcome, analysis, models, names, number):
    number = min(number, ENGINE_MAX_WINDOW // PER_PAGE)  # the engine pages within its window
    terms = chinese.highlight_terms(outcome.query)

    def window(number):
        return engine_window(
            analysis,
            base_queryset(),
            offset=(number - 1) * PER_PAGE,
            filters=outcome.filters,
            facet_names=["type", *names],
            newest=outcome.sort == "newest",
            terms=terms,
        )

    found = window(number)
    if found is None:
        outcome.page_obj = Paginator([], PER_PAGE).get_page(1)
        return outcome
    total = found.hits.total
    if total and (number - 1) * PER_PAGE >= total:  # past the last page: show the last one
        number = (total - 1) // PER_PAGE + 1
        found = window(number)
    outcome.total, outcome.partial = found.hits.total, found.partial
    outcome.type_counts = labelled_type_counts(found.counts.get("type", {}), models)
    outcome.facet_counts = {name: found.counts.get(name, {}) for name in names}
    outcome.page_obj = Paginator(found.hits, PER_PAGE).get_page(number)
    page_ids = list(outcome.page_obj.object_list)

    def highlight(page):
        title_html, snippet_html = found.highlights.get(page.pk, (None, None))
        if title_html and snippet_html:
            return mark_safe(title_html), mark_safe(_ellipsis(snippet_html, page))
        # The engine marked nothing in one of them: Python marks the terms there.
        python_title, python_snippet = python_highlight(page, terms)
        return (
            mark_safe(title_html) if title_html else python_title,
            mark_safe(_ellipsis(snippet_html, page)) if snippet_html else python_snippet,
        )

    load_items(outcome, page_ids, highlight, found.types)
    return outcome


def load_pages(page_ids, types=None):
    """The live pages of `page_ids` in that order, as their specific types, with what their
    list cards show (the page type's `with_listing_data()`: the badges' joins, the cover
    rendition) when the type has it: one query per page type and its prefetches, however many
    pages are shown. `types` ({pk: model name}, from the engine or the database
    search) saves the query that would read them."""
    types = types or {}
    models = {model._meta.model_name: model for model in searchable_page_models()}
    by_model = {}
    for pk in page_ids:
        model = models.get(types.get(pk))
        by_model.setdefault(model, []).append(pk)
    pages = {}
    for model, ids in by_model.items():
        if model is None:
            queryset = Page.objects.live().filter(pk__in=ids).specific()
        else:
            queryset = model.objects.live().filter(pk__in=ids)
            if hasattr(queryset, "with_listing_data"):
                queryset = queryset.with_listing_data()
        pages.update((page.pk, page) for page in queryset)
    return [pages[pk] for pk in page_ids if pk in pages]


def _ellipsis(fragment, page):
    """ "…" where the engine's snippet cuts the summary."""
    summary = " ".join((getattr(page, "summary", "") or page.search_description or "").split())
    plain = " ".join(html.unescape(re.sub(r"</?mark>", "", fragment)).split())
    before = "" if summary.startswith(plain) else "…"
    after = "" if summary.endswith(plain) else "…"
    return before + fragment + after


def search_ids(query):
    """(ids in ranked order, partial, notice) for a query: the whole pipeline without the page."""
    analysis = analyse(query)
    strict, loose, notice = candidate_ids(query, analysis)
    ids, partial = rank(analysis, strict, loose)
    return ids, partial, notice


class EngineHits(Sequence):
    """The pages of `queryset` matching a query on an engine, for a paged list (the open-data
    API): in the order of /search/, len() the exact total, and each slice one engine window
    (from / size; the first RERANK_WINDOW come with the first request) whose pages are then
    loaded from `queryset`, and only those."""

    def __init__(self, analysis, base, queryset, restrict_to=None):
        self.analysis, self.base, self.queryset, self.restrict_to = analysis, base, queryset, restrict_to
        self.first = engine_window(analysis, base, offset=0, size=RERANK_WINDOW, restrict_to=restrict_to)

    def __len__(self):
        return self.first.hits.total if self.first else 0

    def ids(self, start, stop):
        """The ids from `start` to `stop` (in the ranked order)."""
        if self.first is None or start >= stop:
            return []
        ids = list(self.first.hits[start : min(stop, RERANK_WINDOW)]) if start < RERANK_WINDOW else []
        if stop > RERANK_WINDOW:
            begin = max(start, RERANK_WINDOW)
            stop = min(stop, ENGINE_MAX_WINDOW)
            if begin < stop:
                more = engine_window(
                    self.analysis, self.base, offset=begin, size=stop - begin, restrict_to=self.restrict_to
                )
                ids += list(more.hits[begin:stop])
        return ids

    def __getitem__(self, index):
        if not isinstance(index, slice):
            found = self[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop, _ = index.indices(len(self))
        ids = self.ids(start, stop)
        pages = {page.pk: page for page in self.queryset.filter(pk__in=ids)}
        return [pages[pk] for pk in ids if pk in pages]


def engine_hits(query, queryset, *, restrict=True):
    """The pages of `queryset` matching `query` as EngineHits when the search backend is an
    engine that answers, else None (the database backend, or the engine unavailable: the caller
    ranks search_ids(), which falls back to the database). The engine searches the live, public
    pages of the queryset's model, and only the queryset's own pages when `restrict` (a
    filtered queryset)."""
    if is_database_backend("default") or breaker.is_open():
        return None
    analysis = analyse(query)
    model = queryset.model
    restrict_to = list(queryset.prefetch_related(None).values_list("pk", flat=True)) if restrict else None
    try:
        return EngineHits(analysis, model.objects.live().public(), queryset, restrict_to)
    except breaker.engine_errors() as error:
        if "fallback" not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        breaker.trip(error)
        return None
