"""Search benchmark: generates N micro-lessons in a throwaway database, indexes them on each
backend and prints indexing time and server-side search latency (p50 / p95 / p99) over a
fixed list of Chinese parent queries.

    make benchmark                                # N = 10,000, database + OpenSearch
    make benchmark BENCHMARK_ARGS="--lessons 2000 --repeat 5"

The engine is used when SEARCH_TEST_URL is set (make benchmark starts one). Nothing touches
the development database: a test database is created and destroyed around the run."""

import io
import random
import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings

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
SUGGEST_QUERIES = ["亲子", "沙河", "qinzi", "qinziyuedu", "sahe", "qzyd", "家庭 教育", "親子"]
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


def _percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


class Command(BaseCommand):
    help = "Benchmark indexing and search latency on each backend with generated micro-lessons."

    def add_arguments(self, parser):
        parser.add_argument("--lessons", type=int, default=10_000)
        parser.add_argument("--repeat", type=int, default=20, help="times each query is run")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        import logging

        logging.getLogger("wagtail").setLevel(logging.WARNING)  # one line per generated page
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            self._run(options)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def _backends(self):
        from search.config import DATABASE_BACKEND, engine_backend

        backends = {"database": {"default": {**DATABASE_BACKEND, "AUTO_UPDATE": False}}}
        url = getattr(settings, "SEARCH_TEST_URL", "")
        if url:
            engine_name = getattr(settings, "SEARCH_TEST_ENGINE", "opensearch3")
            engine = engine_backend(url, engine_name, "family_benchmark_", timeout=30)
            backends["engine"] = {"default": {**engine, "AUTO_UPDATE": False}}
        else:
            self.stdout.write("SEARCH_TEST_URL is not set: the engine is skipped.")
        return backends

    def _generate(self, count, seed):
        from home.demo.loader import Report, ensure_site_structure
        from resources.models import AgeStage, MicroLessonPage

        rng = random.Random(seed)
        _, _, lessons = ensure_site_structure(Report())
        stages = list(AgeStage.objects.all())
        started = time.perf_counter()
        for n in range(count):
            topic = rng.choice(TOPICS)
            place = rng.choice(PLACES)
            page = MicroLessonPage(
                title=f"{topic}：{rng.choice(VERBS)}（第{n + 1}讲）",
                slug=f"bench-{n}",
                summary=f"{place}的老师和家长分享{topic}的经验。",
                duration_minutes=rng.randint(3, 20),
                body=[{"type": "paragraph", "value": f"<p>{place}组织家长学习{topic}，每天十五分钟。</p>"}],
            )
            page.age_stages = rng.sample(stages, 2)
            lessons.add_child(instance=page)
        return time.perf_counter() - started

    def _run(self, options):
        from search.query import run_search

        count = options["lessons"]
        backends = self._backends()
        with override_settings(WAGTAILSEARCH_BACKENDS=backends["database"]):
            generated = self._generate(count, options["seed"])
        self.stdout.write(f"Generated {count} micro-lessons in {generated:.1f} s ({connection.vendor}).")
        from search import vocabulary
        from search.suggest import suggestions

        started = time.perf_counter()
        with override_settings(WAGTAILSEARCH_BACKENDS=backends["database"]):
            vocabulary.rebuild()
        self.stdout.write(f"Suggestion vocabulary rebuilt in {time.perf_counter() - started:.1f} s.")
        suggest_timings = []
        for _ in range(options["repeat"] + 1):
            for query in SUGGEST_QUERIES:
                started = time.perf_counter()
                suggestions(query)
                suggest_timings.append((time.perf_counter() - started) * 1000)
        suggest_timings = suggest_timings[len(SUGGEST_QUERIES) :]  # the first round warms up
        p50, p95, p99 = (_percentile(suggest_timings, f) for f in (0.5, 0.95, 0.99))
        self.stdout.write(
            f"suggest (every backend: the vocabulary) p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms "
            f"over {len(suggest_timings)} completions, pinyin included"
        )
        self.stdout.write(
            f"{'backend':<10} {'index s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  queries"
        )
        for name, config in backends.items():
            with override_settings(WAGTAILSEARCH_BACKENDS=config):
                started = time.perf_counter()
                call_command("update_index", backend_name="default", stdout=io.StringIO())
                indexing = time.perf_counter() - started
                if name == "engine":
                    from wagtail.search.backends import get_search_backend

                    get_search_backend("default").es.indices.refresh(index="family_benchmark_*")
                for query in QUERIES:  # warm-up
                    run_search(query, {})
                timings = []
                for _ in range(options["repeat"]):
                    for query in QUERIES:
                        started = time.perf_counter()
                        run_search(query, {})
                        timings.append((time.perf_counter() - started) * 1000)
                p50, p95, p99 = (_percentile(timings, f) for f in (0.5, 0.95, 0.99))
                self.stdout.write(
                    f"{name:<10} {indexing:>9.1f} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f}  "
                    f"{len(timings)} (mean {statistics.mean(timings):.1f} ms)"
                )
                if name == "engine":
                    es = get_search_backend("default").es
                    for index in es.indices.get(index="family_benchmark_*"):
                        es.indices.delete(index=index)
