"""Suggestion benchmark on the database the settings name (read only): p50 / p95 / p99 of
`/search/suggest` for each kind of query parents type, in process, both the lookup alone and
the whole request through Django's middleware (the page cache bypassed, as for a private
request), with the SQL statements of one request.

    python manage.py generate_pages --lessons 10000 --sites 2000   # a throwaway database
    python manage.py rebuild_search_vocabulary
    python manage.py suggest_benchmark --repeat 50

The same figures for every backend: suggestions read the vocabulary tables only, never the
search engine (search/suggest.py)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from search.models import SearchEntry, SearchKey
from search.suggest import suggestions

# (kind, query): what parents type into the search box.
SUGGEST_QUERIES = [
    ("chinese prefix", "亲子"),
    ("traditional", "親子"),
    ("chinese inside", "沙河"),
    ("words with space", "家庭 教育"),
    ("pinyin", "qinzi"),
    ("pinyin whole", "qinziyuedu"),
    ("pinyin unfinished", "qinziyued"),
    ("initials", "qzyd"),
    ("fuzzy pinyin", "sahe"),
    ("fuzzy inside", "fentianlu"),
    ("mixed", "亲子yuedu"),
    ("full-width", "ｑｉｎｚｉ"),
    ("nothing found", "zzzq"),
]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def timings(function, repeat):
    function()  # warm-up
    result = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        result.append((time.perf_counter() - started) * 1000)
    return result


def per_query(stdout, repeat, queries=SUGGEST_QUERIES, view=True):
    """Print one line per query; return every lookup timing (ms)."""
    hosts = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
    client = Client(
        HTTP_AUTHORIZATION="Bearer benchmark-bypasses-the-page-cache",
        HTTP_HOST=hosts[0] if hosts else "localhost",
    )

    def request(query):
        response = client.get("/search/suggest", {"q": query})
        if response.status_code != 200:
            raise RuntimeError(f"/search/suggest?q={query}: {response.status_code}")

    everything = []
    stdout.write(
        f"{'kind':<18} {'query':<12} {'found':>5} {'SQL':>4} {'lookup p50':>11} {'p95':>6}"
        + (f" {'request p50':>12} {'p95':>6} {'p99':>6}" if view else "")
        + "  (ms)"
    )
    for kind, query in SUGGEST_QUERIES if queries is None else queries:
        with CaptureQueriesContext(connection) as ctx:
            found = suggestions(query)
        lookup = timings(lambda q=query: suggestions(q), repeat)
        everything += lookup
        line = (
            f"{kind:<18} {query:<12} {len(found):>5} {len(ctx.captured_queries):>4} "
            f"{percentile(lookup, 0.5):>11.2f} {percentile(lookup, 0.95):>6.2f}"
        )
        if view:
            whole = timings(lambda q=query: request(q), repeat)
            line += (
                f" {percentile(whole, 0.5):>12.2f} {percentile(whole, 0.95):>6.2f}"
                f" {percentile(whole, 0.99):>6.2f}"
            )
        stdout.write(line)
    return everything


class Command(BaseCommand):
    help = "Benchmark search suggestions per kind of query on the current database (read only)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=50, help="times each query is run")

    def handle(self, *args, **options):
        self.stdout.write(
            f"{connection.vendor}: {SearchEntry.objects.count()} vocabulary rows, "
            f"{SearchKey.objects.count()} lookup keys"
        )
        everything = per_query(self.stdout, options["repeat"])
        self.stdout.write(
            f"suggest lookup, all queries: p50 {percentile(everything, 0.5):.2f} ms, "
            f"p95 {percentile(everything, 0.95):.2f} ms"
        )
