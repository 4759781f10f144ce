"""Search benchmark: generates N micro-lessons in a throwaway database, indexes them on each
backend and prints, per backend, indexing time, search latency (p50 / p95 / p99, the whole
results page: filters, facet counts, paging, highlighting) over a fixed list of Chinese
parent queries, and suggestion latency (pinyin included).

    make benchmark                     # N = 10,000: database, OpenSearch and Elasticsearch
    make benchmark BENCHMARK_ARGS="--lessons 2000 --repeat 5"
    make benchmark BENCHMARK_ARGS="--backends database,elasticsearch9 \
        --url elasticsearch9=http://127.0.0.1:9350"

`--backends` lists "database" and engine names (search/config.py ENGINES); an engine's URL
comes from `--url ENGINE=URL`, else SEARCH_TEST_ELASTICSEARCH_URL for an Elasticsearch engine
and SEARCH_TEST_URL for an OpenSearch one (make benchmark starts both nodes there).
The generated page type is a parameter (`--page-model`, `--parent-model`), so this command
imports no domain app. Nothing touches the development database: a test database is created
and destroyed around the run."""

import io
import random
import time

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from search import vocabulary
from search.config import DATABASE_BACKEND, ENGINES, engine_backend
from search.results import run_search
from search.suggest import suggestions

from .suggest_benchmark import SUGGEST_QUERIES as SUGGEST_KINDS
from .suggest_benchmark import per_query

QUERIES = [
    "亲子阅读",
    "沙河",
    "青春期",
    "手机",
    "睡前故事",
    "孩子不爱写作业怎么办",
    "家庭教育促进法",
    "婴幼儿辅食",
    "校园欺凌",
    "留守儿童",
    "python编程",
    "qinziyuedu",
    "親子閱讀",
    "qinziyudu",
    "早教",
    "孩子玩手机怎么办",
]
# Every kind of query parents type into the search box (suggest_benchmark.py), per kind below.
SUGGEST_QUERIES = [query for _kind, query in SUGGEST_KINDS]
TOPICS = [
    "亲子阅读",
    "亲子运动",
    "亲子沟通",
    "心理健康",
    "生涯教育",
    "家风家教",
    "手机与网络",
    "校园欺凌",
    "双减",
    "婴幼儿照护",
]
PLACES = [
    "万州区沙河小学",
    "渝中区中华路小学校",
    "江北区妇女儿童活动中心",
    "大足区龙岗幼儿园",
    "璧山区七塘镇喜观村",
]
VERBS = ["怎样陪孩子", "家长可以这样做", "五个小方法", "常见误区", "一起来练习"]


# The benchmark's indices on its one node: one shard, no replica (a replica has no node to go
# to: the index would stay yellow), and no periodic refresh while `update_index` loads them
# (the rebuild refreshes once at its end, and so does the benchmark).
BENCHMARK_INDEX = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "-1"}


def _with_index_settings(index_settings, extra):
    """A backend's INDEX_SETTINGS with `extra` added to its `settings.index` (a copy)."""
    settings_ = index_settings.get("settings", {})
    return {
        **index_settings,
        "settings": {**settings_, "index": {**settings_.get("index", {}), **extra}},
    }


def _percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


class Command(BaseCommand):
    help = "Benchmark indexing and search latency on each backend with generated micro-lessons."

    def add_arguments(self, parser):
        parser.add_argument("--lessons", type=int, default=10_000)
        parser.add_argument("--repeat", type=int, default=20, help="times each query is run")
        parser.add_argument(
            "--warmup",
            type=int,
            default=20,
            help="rounds of every query run first, not counted (the first one's p50 is printed)",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--backends",
            default="database,opensearch3,elasticsearch9",
            help='comma-separated: "database" and engine names (opensearch3, elasticsearch9 ...)',
        )
        parser.add_argument(
            "--url", action="append", default=[], help="ENGINE=URL of an engine (default SEARCH_TEST_URL)"
        )
        parser.add_argument("--page-model", default="resources.MicroLessonPage")
        parser.add_argument("--parent-model", default="resources.MicroLessonIndexPage")

    def handle(self, *args, **options):
        import logging

        logging.getLogger("wagtail").setLevel(logging.WARNING)  # one line per generated page
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            self._run(options)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def _backends(self, options):
        urls = dict(item.split("=", 1) for item in options["url"] if "=" in item)
        backends = {}
        for name in [n.strip() for n in options["backends"].split(",") if n.strip()]:
            if name == "database":
                backends[name] = {"default": {**DATABASE_BACKEND, "AUTO_UPDATE": False}}
                continue
            if name not in ENGINES:
                raise CommandError(f"unknown backend {name!r}: database or one of {', '.join(ENGINES)}")
            variable = "SEARCH_TEST_ELASTICSEARCH_URL" if name.startswith("elastic") else "SEARCH_TEST_URL"
            url = urls.get(name) or getattr(settings, variable, "")
            if not url:
                self.stdout.write(f"{name}: no URL (--url {name}=URL or {variable}): skipped.")
                continue
            engine = engine_backend(url, name, "family_benchmark_", timeout=30)
            engine["INDEX_SETTINGS"] = _with_index_settings(engine["INDEX_SETTINGS"], BENCHMARK_INDEX)
            backends[name] = {"default": {**engine, "AUTO_UPDATE": False}}
        return backends

    def _generate(self, options):
        from wagtail.models import Page, Site

        page_model = apps.get_model(options["page_model"])
        parent_model = apps.get_model(options["parent_model"])
        rng = random.Random(options["seed"])
        root = Site.objects.get(is_default_site=True).root_page
        parent = parent_model.objects.first()
        if parent is None:
            parent = root.add_child(instance=parent_model(title="基准测试", slug="benchmark"))
        stages_field = page_model._meta.get_field("age_stages") if hasattr(page_model, "age_stages") else None
        stages = list(stages_field.related_model.objects.all()) if stages_field else []
        started = time.perf_counter()
        for n in range(options["lessons"]):
            topic = rng.choice(TOPICS)
            place = rng.choice(PLACES)
            page = page_model(
                title=f"{topic}：{rng.choice(VERBS)}（第{n + 1}讲）",
                slug=f"bench-{n}",
                summary=f"{place}的老师和家长分享{topic}的经验。",
            )
            if hasattr(page, "duration_minutes"):
                page.duration_minutes = rng.randint(3, 20)
            if hasattr(page, "body"):
                paragraph = f"<p>{place}组织家长学习{topic}，每天十五分钟。</p>"
                page.body = [{"type": "paragraph", "value": paragraph}]
            if stages:
                page.age_stages = rng.sample(stages, min(2, len(stages)))
            if hasattr(page, "tags"):
                page.tags.add(topic)
            parent.add_child(instance=page)
        assert Page.objects.live().count() > options["lessons"]
        return time.perf_counter() - started

    def _timed(self, function, arguments, repeat, warmup):
        """(milliseconds of each call of the first round, milliseconds of each call of the
        `repeat` rounds after `warmup` rounds, at least one): a search engine's JVM compiles its
        search code during its first few hundred searches, so the figures are those of a warm
        node, as in production, and the first round's are printed beside them."""
        rounds = []
        for _ in range(warmup + repeat):
            timings = []
            for argument in arguments:
                started = time.perf_counter()
                function(*argument)
                timings.append((time.perf_counter() - started) * 1000)
            rounds.append(timings)
        return rounds[0], [timing for timings in rounds[warmup:] for timing in timings]

    def _run(self, options):
        backends = self._backends(options)
        warmup = max(1, options["warmup"])  # the first round is printed: it is always run
        database = {"default": {**DATABASE_BACKEND, "AUTO_UPDATE": False}}
        # Tasks queued on save (index and vocabulary updates) are not run while generating:
        # each backend is indexed and the vocabulary rebuilt once, afterwards.
        dummy_tasks = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        with override_settings(WAGTAILSEARCH_BACKENDS=database, TASKS=dummy_tasks):
            generated = self._generate(options)
            started = time.perf_counter()
            vocabulary.rebuild()
            rebuilt = time.perf_counter() - started
        if connection.vendor == "postgresql":
            # The planner's statistics of the tables just filled, as autovacuum has them on a
            # live site within a minute of such a change: else the first rounds run on plans
            # made for empty tables, and the figures depend on when autovacuum comes by.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Generated {options['lessons']} pages in {generated:.1f} s ({connection.vendor}); "
            f"suggestion vocabulary rebuilt in {rebuilt:.1f} s."
        )
        searches = [(query, {}) for query in QUERIES]
        # The same queries filtered and on a later page: the engine filters, counts and pages.
        searches += [(query, {"age": ["primary"]}) for query in QUERIES[:4]]
        searches += [(query, {}, "newest", 3) for query in QUERIES[:4]]
        self.stdout.write(
            f"{'backend':<15} {'index s':>8} {'search p50':>11} {'p95':>7} {'p99':>7} "
            f"{'suggest p50':>12} {'p95':>6} {'p99':>6} {'1st round':>11}  (ms)"
        )
        suggest_lines = {}
        for name, config in backends.items():
            with override_settings(WAGTAILSEARCH_BACKENDS=config):
                started = time.perf_counter()
                call_command("update_index", backend_name="default", stdout=io.StringIO())
                indexing = time.perf_counter() - started
                if name != "database":
                    from wagtail.search.backends import get_search_backend

                    get_search_backend("default").es.indices.refresh(index="family_benchmark_*")
                try:
                    first, search = self._timed(run_search, searches, options["repeat"], warmup)
                    _, suggest = self._timed(
                        suggestions, [(q,) for q in SUGGEST_QUERIES], options["repeat"], warmup
                    )
                finally:
                    if name != "database":
                        es = get_search_backend("default").es
                        for index in es.indices.get(index="family_benchmark_*"):
                            es.indices.delete(index=index)
                    per_suggest = io.StringIO()
                    with override_settings(ALLOWED_HOSTS=["localhost"]):
                        per_query(self._Lines(per_suggest), options["repeat"])
            s50, s95, s99 = (_percentile(search, f) for f in (0.5, 0.95, 0.99))
            g50, g95, g99 = (_percentile(suggest, f) for f in (0.5, 0.95, 0.99))
            self.stdout.write(
                f"{name:<15} {indexing:>8.1f} {s50:>11.1f} {s95:>7.1f} {s99:>7.1f} "
                f"{g50:>12.1f} {g95:>6.1f} {g99:>6.1f} {_percentile(first, 0.5):>11.1f}"
            )
            suggest_lines[name] = per_suggest.getvalue()
        self.stdout.write(
            f"search: {len(searches)} queries x {options['repeat']} (filtered and paged ones included); "
            f"suggest: {len(SUGGEST_QUERIES)} queries x {options['repeat']} (pinyin, initials, spaces); "
            f"after {warmup} warm-up round(s) ('1st round': the search p50 of the first)."
        )
        for name, lines in suggest_lines.items():
            self.stdout.write(f"\nSuggestions per kind of query, {name} ({connection.vendor}):")
            self.stdout.write(lines.rstrip())

    class _Lines:
        """`write` of a line, as a command's stdout."""

        def __init__(self, buffer):
            self.buffer = buffer

        def write(self, line):
            self.buffer.write(line + "\n")
