"""/search/ on the database backend (SQLite FTS5, PostgreSQL) with the database doing the set
work: the backend's own match query runs once and its ids (with their page types) are read;
totals, type counts and facet counts are COUNT / GROUP BY queries over that list, passed as
one parameter (`IdSet`), so the match is not evaluated again for each count.

The ranking expression (`coverage_expression`) is the coverage ranking of search/query.py
(`coverage_of`: how much of the query a page's title, and its summary and labels, match; the
title counts three times as much) written in SQL over the page's vocabulary row (SearchEntry:
folded title, fuzzy pinyin, keywords). The pages matching the whole query in their title have
the best coverage (1.0): when there are RERANK_WINDOW of them, they are the first window, in
the page tree's order, and no coverage is computed for the others (`full_title_match`).
Otherwise the database orders by the expression and returns one window; the first
RERANK_WINDOW results are re-ranked in Python by `coverage_of` itself, so the pages shown first
follow the one definition even where the SQL form reads a text slightly differently. When few
pages match every part of the query, the coverage of the candidates is read once and they are
ranked in Python. A request makes the same number of queries however many pages match."""

import functools
import json
import operator
import re
from collections import Counter
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Lower, StrIndex
from django.db.models.lookups import GreaterThan
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from . import chinese, facets
from .models import SearchEntry
from .query import (
    FILL_COVERAGE,
    LOOSE_WHEN_FEWER_THAN,
    MIN_COVERAGE,
    PER_PAGE,
    backend_query,
    base_queryset,
    coverage_of,
    labelled_type_counts,
    load_items,
    python_highlight,
)

# The first results (ten pages of ten) are ordered by the Python coverage ranking; later pages
# come in the database's order (the same ranking, computed in SQL).
RERANK_WINDOW = 100
# Float noise between the database's arithmetic and Python's never decides a threshold.
EPSILON = 1e-9

_ASCII_WORD = re.compile(r"[0-9a-z]+")


class WordIn(Func):
    """Whether `word` (ASCII letters and digits) is a whole word of a text column, the way
    `chinese.tokens` splits text: bounded by anything but a letter or digit (Han characters,
    punctuation, spaces, the ends). On another database: anywhere in the text."""

    output_field = BooleanField()

    def __init__(self, column, word):
        self.word = word
        super().__init__(column)

    def as_sqlite(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        return f"(' ' || {column} || ' ') GLOB %s", [*params, f"*[^0-9a-z]{self.word}[^0-9a-z]*"]

    def as_postgresql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        return f"({column} ~ %s)", [*params, f"(^|[^0-9a-z]){self.word}([^0-9a-z]|$)"]

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(GreaterThan(StrIndex(self.source_expressions[0], Value(self.word)), 0))


def _contains(column, text):
    return GreaterThan(StrIndex(column, Value(text)), 0)


def _token_in(column, token):
    """A query token in a folded text, as `coverage_of` tests it: a Han bigram or character
    anywhere, a Latin word or number as a whole word (the pattern only where the token is)."""
    if _ASCII_WORD.fullmatch(token):
        return Q(_contains(column, token)) & Q(WordIn(column, token))
    return _contains(column, token)


def _one_if(condition):
    return Case(When(condition, then=Value(1.0)), default=Value(0.0), output_field=FloatField())


def _any(conditions):
    return functools.reduce(operator.or_, (Q(condition) for condition in conditions))


def _all(conditions):
    return functools.reduce(operator.and_, (Q(condition) for condition in conditions))


class _Sum(Func):
    """a + b + c, flat (nested additions of a long query overflow SQLite's parser stack)."""

    template = "(%(expressions)s)"
    arg_joiner = " + "
    output_field = FloatField()


def _total(expressions):
    expressions = list(expressions)
    return expressions[0] if len(expressions) == 1 else _Sum(*expressions)


def _fraction(column, tokens):
    """The share of `tokens` found in the column (each occurrence in the list counts)."""
    found = _total(
        _one_if(_token_in(column, token)) * Value(float(count))
        if count > 1
        else _one_if(_token_in(column, token))
        for token, count in Counter(tokens).items()
    )
    return found / Value(float(len(tokens)))


def _greatest(expressions):
    return expressions[0] if len(expressions) == 1 else Greatest(*expressions, output_field=FloatField())


def coverage_expression(analysis, title, keywords=None, pinyin=None):
    """`query.coverage_of` as an SQL expression over text columns (folded title, keywords,
    fuzzy pinyin; None: the page has none). Same terms, same arithmetic."""
    units = [unit for unit in analysis.units if not unit.common] or analysis.units
    total = sum(unit.size for unit in units) or 1
    parts = []
    for unit in units:
        options = []
        for alternative in unit.alternatives:
            if not alternative:
                continue
            options.append(_fraction(title, alternative))
            if keywords is not None:
                options.append(_fraction(keywords, alternative) / Value(3.0))
        best = _greatest(options) if options else Value(0.0)
        keys = [key for key in unit.pinyin if key]
        if keys and pinyin is not None:
            best = Case(
                When(_any(_contains(pinyin, key) for key in keys), then=Value(1.0)),
                default=best,
                output_field=FloatField(),
            )
        parts.append(best * Value(float(unit.size)))
    coverage = _total(parts) / Value(float(total)) if parts else Value(0.0)
    labelled = [tokens for tokens in analysis.whole_pinyin if tokens]
    if labelled and keywords is not None:
        in_labels = _any(_all(_token_in(keywords, token) for token in tokens) for tokens in labelled)
        third = Case(When(in_labels, then=Value(1 / 3)), default=Value(0.0), output_field=FloatField())
        coverage = Greatest(coverage, third, output_field=FloatField())
    whole = [tokens for tokens in analysis.whole_pinyin if "".join(tokens)]
    if whole and pinyin is not None:
        in_pinyin = _any(_all(_contains(pinyin, token) for token in tokens) for tokens in whole)
        coverage = Case(When(in_pinyin, then=Value(1.0)), default=coverage, output_field=FloatField())
    return coverage


def page_coverage(analysis):
    """The coverage of the outer query's page: from its vocabulary row, or, for a page the
    vocabulary does not have yet (the row is written when the page is saved), from its title
    alone, as `query.rank` does (lower-cased: SQL cannot fold traditional characters)."""
    entry = SearchEntry.objects.filter(page_id=OuterRef("pk"))  # only page rows have a page
    scored = entry.annotate(_coverage=coverage_expression(analysis, F("folded"), F("keywords"), F("pinyin")))
    return Coalesce(
        Subquery(scored.values("_coverage")[:1], output_field=FloatField()),
        coverage_expression(analysis, Lower("title")),
        output_field=FloatField(),
    )


def _matching(backend, analysis, backend_name, operator_, base):
    """The pks of the pages matching the query, as a subquery (the backend's match query)."""
    search_query = backend_query(analysis, backend_name, operator_)
    if search_query is None:
        return None
    results = backend.search(search_query, base, order_by_relevance=False)
    return results.get_queryset().order_by().values_list("pk", flat=True)


class IdSet(Expression):
    """A list of page ids as one query parameter, for `pk__in=IdSet(ids)`: the matches of a
    query are read once, and the counts, filters and ranking that follow use the list instead
    of running the match query again (a JSON array read by json_each on SQLite, an array on
    PostgreSQL, the ids themselves elsewhere)."""

    output_field = IntegerField()

    def __init__(self, ids):
        super().__init__()
        self.ids = [int(pk) for pk in ids]
        self.encoded = {}  # shared by the copies the ORM makes: encoded once per request

    def as_sqlite(self, compiler, connection, **extra):
        if "json" not in self.encoded:
            self.encoded["json"] = json.dumps(self.ids)
        return "SELECT value FROM json_each(%s)", [self.encoded["json"]]

    def as_postgresql(self, compiler, connection, **extra):
        return "SELECT unnest(%s::integer[])", [self.ids]

    def as_sql(self, compiler, connection, **extra):
        if not self.ids:
            return "SELECT NULL WHERE 1 = 0", []
        return "SELECT * FROM (VALUES " + ", ".join(["(%s)"] * len(self.ids)) + ") ids", self.ids


def full_title_match(analysis, title, pinyin=None):
    """A condition true exactly where `coverage_expression` is 1.0 (the best a page can have):
    every unit found in the title (all tokens of one alternative, or one of its pinyin keys in
    the title's pinyin), or the whole query as pinyin. Labels and summary never make a page
    reach 1.0 (they count a third), so the pages passing it are the first of the ranking."""
    units = [unit for unit in analysis.units if not unit.common] or analysis.units
    parts = []
    for unit in units:
        options = [_all(_token_in(title, token) for token in alt) for alt in unit.alternatives if alt]
        if pinyin is not None:
            options += [_contains(pinyin, key) for key in unit.pinyin if key]
        if not options:
            parts = None
            break
        parts.append(_any(options))
    condition = _all(parts) if parts else Q(pk__in=[])
    whole = [tokens for tokens in analysis.whole_pinyin if "".join(tokens)]
    if whole and pinyin is not None:
        condition |= _any(_all(_contains(pinyin, token) for token in tokens) for tokens in whole)
    return condition


def page_full_title_match(analysis):
    """`full_title_match` of the outer query's page: its vocabulary row, or its lower-cased
    title when it has none (as `page_coverage`)."""
    entries = SearchEntry.objects.filter(page_id=OuterRef("pk"))
    matching = entries.filter(full_title_match(analysis, F("folded"), F("pinyin")))
    return Q(Exists(matching)) | (~Q(Exists(entries)) & full_title_match(analysis, Lower("title")))


class _Ranked(Sequence):
    """What the paginator pages over: the exact total, and the window asked for, read when
    the paginator slices it (one window per request)."""

    def __init__(self, total, fetch):
        self.total, self.fetch = total, fetch

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice):
            start = index.start or 0
            stop = self.total if index.stop is None else min(index.stop, self.total)
            return self.fetch(start, stop) if stop > start else []
        return self.fetch(index, index + 1)[0]


def _filter_conditions(filters, models):
    """{name: Q} of the active filters, on the Page table (usable on page subclasses too)."""
    conditions = {}
    if filters.get("type"):
        allowed = [m for m in models if m.__name__.lower() in set(filters["type"])]
        conditions["type"] = Q(content_type_id__in=[ContentType.objects.get_for_model(m).pk for m in allowed])
    for name in facets.facet_names():
        values = filters.get(name)
        if not values:
            continue
        passing = [
            Q(pk__in=model.objects.filter(**{f"{lookup}__in": values}).values("pk"))
            for model in models
            if (lookup := facets.lookups(model).get(name))
        ]
        conditions[name] = functools.reduce(operator.or_, passing) if passing else Q(pk__in=[])
    return conditions


def _loose_ranking(strict_ids, loose, coverage):
    """(ranked ids, fill ids, partial) when few pages match every part of the query: the
    strict matches and the loose ones covering at least MIN_COVERAGE of it, a short first page
    filled with pages covering FILL_COVERAGE, or, when none, every loose match (partial); in
    the order of the ranking (fill pages last, coverage, strict matches first, page tree). The
    coverage of every candidate is computed once, in one query."""
    strict_set = set(strict_ids)
    candidates = Q(pk__in=IdSet(strict_ids))
    if loose is not None:
        candidates |= Q(pk__in=loose)
    rows = list(
        Page.objects.filter(candidates)
        .annotate(_score=coverage)
        .values_list("pk", "path", "_score", "content_type_id")
    )
    # A candidate is a strict match or a loose one (only strict ones are shown whatever their
    # coverage; the pages added or filled in are loose ones).
    shown = [row for row in rows if row[0] in strict_set or row[2] >= MIN_COVERAGE - EPSILON]
    fill, partial = [], False
    if not shown:
        partial = True
        shown = rows  # no strict match: every candidate is a loose one
    elif len(shown) < PER_PAGE:
        taken = {row[0] for row in shown}
        more = sorted(
            (row for row in rows if row[0] not in taken and row[2] >= FILL_COVERAGE - EPSILON),
            key=lambda row: (-row[2], row[1]),
        )
        fill = [row[0] for row in more[: PER_PAGE - len(shown)]]
        shown += more[: PER_PAGE - len(shown)]
    filled = set(fill)
    shown.sort(key=lambda row: (row[0] in filled, -row[2], row[0] not in strict_set, row[1]))
    return [row[0] for row in shown], fill, partial, {row[0]: row[3] for row in shown}


def search(outcome, analysis, models, names, page_number, backend_name):
    """One results page on the database backend: the same pages, order, totals and counts as
    ranking every match in Python (query.rank), in a fixed number of queries. The match query
    runs once (its ids are read); counts, filters and ranking work on that list."""
    base = base_queryset()
    backend = get_search_backend(backend_name)
    strict = _matching(backend, analysis, backend_name, "and", base)
    conditions = _filter_conditions(outcome.filters, models)
    type_ids = {ContentType.objects.get_for_model(m).pk: m.__name__.lower() for m in models}

    ranked, fill, strict_first, types = None, [], None, {}
    if strict is None:  # nothing to look for (as query.rank: a partial, empty result)
        outcome.partial, shown = True, []
    else:
        types = dict(strict.values_list("pk", "content_type_id"))
        shown = list(types)
        if len(shown) < LOOSE_WHEN_FEWER_THAN:
            # Few or none match every part: add the pages matching most of the query
            # (coverage), and fill a short first page with pages matching a good part of it.
            loose = _matching(backend, analysis, backend_name, "or", base)
            strict_first = set(shown)
            ranked, fill, outcome.partial, types = _loose_ranking(shown, loose, page_coverage(analysis))
            shown = ranked
    in_shown = Q(pk__in=IdSet(shown))

    def among(skip=None):
        return [in_shown, *(condition for name, condition in conditions.items() if name != skip)]

    if any(name != "type" for name in conditions):
        rows = (
            Page.objects.filter(*among("type"))
            .order_by()
            .values_list("content_type_id")
            .annotate(n=Count("pk"))
        )
    else:  # the type of each page shown is known
        rows = Counter(types[pk] for pk in shown).items()
    type_counts = {type_ids[type_id]: n for type_id, n in rows if type_id in type_ids}
    outcome.type_counts = labelled_type_counts(type_counts, models)
    selected_types = set(outcome.filters.get("type") or type_counts)
    outcome.total = sum(n for name, n in type_counts.items() if name in selected_types)
    for name in names:
        # A page type with no page among the results (the type counts say so, when this
        # facet is not filtered itself) or filtered out by type has nothing to count.
        counted = [
            model
            for model in models
            if (not conditions.get("type") or model.__name__.lower() in selected_types)
            and (name in conditions or type_counts.get(model.__name__.lower()))
        ]
        outcome.facet_counts[name] = _facet_counts(name, counted, among(name))

    results = Page.objects.filter(*among())
    if outcome.sort == "newest":
        fetch = _sliced(results.order_by(F("first_published_at").desc(nulls_last=True), "-pk"))
    elif ranked is not None:
        fetch = _in_order(ranked, results if conditions else None, analysis, fill, strict_first)
    else:
        fetch = _reranked(results, outcome.total, analysis)
    outcome.page_obj = Paginator(_Ranked(outcome.total, fetch), PER_PAGE).get_page(page_number)
    terms = chinese.highlight_terms(outcome.query)
    page_ids = list(outcome.page_obj.object_list)
    shown_types = {pk: type_ids.get(types.get(pk)) for pk in page_ids}
    load_items(outcome, page_ids, lambda page: python_highlight(page, terms), shown_types)
    return outcome


def _facet_counts(name, models, conditions):
    """{value: pages} of one facet among the pages passing `conditions` (GROUP BY per page
    type declaring the facet)."""
    counts = {}
    for model in models:
        lookup = facets.lookups(model).get(name)
        if not lookup:
            continue
        rows = (
            model.objects.filter(*conditions).order_by().values(lookup).annotate(n=Count("pk", distinct=True))
        )
        for row in rows:
            if row[lookup] not in (None, ""):
                counts[str(row[lookup])] = counts.get(str(row[lookup]), 0) + row["n"]
    return counts


def _sliced(ordered):
    def fetch(start, stop):
        return list(ordered.values_list("pk", flat=True)[start:stop])

    return fetch


def _rerank(rows, analysis, fill=(), strict_first=None):
    """(pk, title, path) rows re-ranked by `query.coverage_of` (fill pages last, then coverage,
    strict matches first, then the page tree's order, as query.rank orders)."""
    entries = {
        page_id: (pinyin, keywords)
        # Only page rows have a page (vocabulary.py); by page_id alone the index is used.
        for page_id, pinyin, keywords in SearchEntry.objects.filter(
            page_id__in=[row[0] for row in rows]
        ).values_list("page_id", "pinyin", "keywords")
    }
    filled = set(fill)

    def key(row):
        pinyin, keywords = entries.get(row[0], ("", ""))
        score = coverage_of(analysis, chinese.fold(row[1]), pinyin, keywords)
        loose = strict_first is not None and row[0] not in strict_first
        return (row[0] in filled, -score, loose, row[2])

    return [row[0] for row in sorted(rows, key=key)]


def _reranked(results, total, analysis):
    """Windows of the relevance order when every page shown matches every part of the query.
    The pages matching the query in full in their title have the best coverage there is (1.0):
    when there are RERANK_WINDOW of them (or they are all the results), the first window is
    theirs, in the page tree's order, and no coverage is computed for the thousands of others.
    Otherwise the first window is the database's best (coverage in SQL) re-ranked by
    `query.coverage_of`; after it, the database's order."""

    def ordered():
        return results.order_by(page_coverage(analysis).desc(), "path")

    def fetch(start, stop):
        if start >= RERANK_WINDOW:
            return list(ordered().values_list("pk", flat=True)[start:stop])
        best = results.filter(page_full_title_match(analysis)).order_by("path")
        window = list(best.values_list("pk", flat=True)[:RERANK_WINDOW])
        if len(window) < min(RERANK_WINDOW, total):
            window = _rerank(list(ordered().values_list("pk", "title", "path")[:RERANK_WINDOW]), analysis)
        if stop > RERANK_WINDOW:
            window += list(ordered().values_list("pk", flat=True)[RERANK_WINDOW:stop])
        return window[start:stop]

    return fetch


def _in_order(ranked, filtered, analysis, fill, strict_first):
    """Windows of a ranking made in Python (`_loose_ranking`), the filters applied (`filtered`:
    the results under them, None: no filter); the first RERANK_WINDOW re-ranked."""

    def fetch(start, stop):
        ids = ranked
        if filtered is not None:
            passing = set(filtered.values_list("pk", flat=True))
            ids = [pk for pk in ranked if pk in passing]
        if start >= RERANK_WINDOW:
            return ids[start:stop]
        head = ids[:RERANK_WINDOW]
        rows = {row[0]: row for row in Page.objects.filter(pk__in=head).values_list("pk", "title", "path")}
        window = _rerank([rows[pk] for pk in head], analysis, fill, strict_first)
        return (window + ids[RERANK_WINDOW:stop])[start:stop]

    return fetch
