"""Generated content for the page benchmark and the front-cache test, in the database the
settings name (a throwaway one: never run it on a real site).

    python manage.py generate_pages --lessons 10000 --sites 2000

Creates the site structure (home, /courses/, /lessons/, /map/ with the demo's categories and
sites) and then N micro-lessons (every other one with a 亲子三刻钟 activity) and N practice
sites spread over the districts, each with two open days. Titles are marked 示例 (invented)."""

import datetime
import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

VERBS = ["怎样陪孩子", "家长可以这样做", "五个小方法", "常见误区", "一起来练习"]
TOPICS = ["亲子阅读", "亲子运动", "亲子沟通", "心理健康", "家风家教", "手机与网络", "双减", "婴幼儿照护"]


class Command(BaseCommand):
    help = "生成基准测试用的示例内容（微课和实践点位），仅用于一次性数据库。"

    def add_arguments(self, parser):
        parser.add_argument("--lessons", type=int, default=0)
        parser.add_argument("--sites", type=int, default=0)
        parser.add_argument("--seed", type=int, default=11)

    def handle(self, *args, **options):
        # The benchmark times update_index on its own: no indexing (search, references) per save.
        from django.conf import settings
        from django.test.utils import override_settings
        from wagtail.signal_handlers import disable_reference_index_auto_update

        backends = {
            name: {**params, "AUTO_UPDATE": False} for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
        }
        with override_settings(WAGTAILSEARCH_BACKENDS=backends), disable_reference_index_auto_update():
            self.generate(**options)

    def generate(self, lessons=0, sites=0, seed=11, **options):
        from bases.demo.sites import load_sites
        from bases.districts import DISTRICT_CODES
        from bases.models.sites import OpenDay, PracticeSiteIndexPage, PracticeSitePage, SiteCategory
        from home.demo.loader import Report, ensure_site_structure
        from resources.models import AgeStage, MicroLessonPage
        from resources.taxonomy import Activity

        rng = random.Random(seed)
        started = time.perf_counter()
        report = Report()
        home, _courses, lesson_index = ensure_site_structure(report)
        load_sites(report, home)
        map_index = PracticeSiteIndexPage.objects.child_of(home).first()
        stages = list(AgeStage.objects.all())
        activities = [value for value, _label in Activity.choices]
        categories = list(SiteCategory.objects.all())
        now = timezone.now()
        batch = transaction.atomic()
        batch.__enter__()
        for n in range(lessons):
            topic = rng.choice(TOPICS)
            page = MicroLessonPage(
                title=f"示例微课：{topic}{rng.choice(VERBS)}（第{n + 1}讲）",
                slug=f"generated-lesson-{n}",
                summary=f"示例：家长和孩子一起学习{topic}。",
                duration_minutes=rng.randint(3, 20),
                activity=activities[n % len(activities)] if n % 2 == 0 else "",
                body=[{"type": "paragraph", "value": f"<p>示例：每天十五分钟的{topic}。</p>"}],
            )
            if stages:
                page.age_stages = rng.sample(stages, min(2, len(stages)))
            lesson_index.add_child(instance=page)
            if n % 500 == 499:  # commit in batches: one sync to disk per 500 pages
                batch.__exit__(None, None, None)
                batch = transaction.atomic()
                batch.__enter__()
        for n in range(sites):
            site = PracticeSitePage(
                title=f"示例实践点位{n + 1}",
                slug=f"generated-site-{n}",
                district=DISTRICT_CODES[n % len(DISTRICT_CODES)],
                category=categories[n % len(categories)],
                summary="示例点位，用于性能测试。",
                address="示例地址",
                location_precision="district",
            )
            map_index.add_child(instance=site)
            for k in range(2):
                starts_at = now + datetime.timedelta(days=7 + (n + k * 11) % 90, hours=k)
                OpenDay.objects.create(
                    page=site,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=2),
                    audience="示例：小学生及家长",
                )
            if n % 500 == 499:
                batch.__exit__(None, None, None)
                batch = transaction.atomic()
                batch.__enter__()
        batch.__exit__(None, None, None)
        self.stdout.write(
            f"{lessons} lessons, {sites} sites ({PracticeSitePage.objects.count()} in all) "
            f"in {time.perf_counter() - started:.1f} s"
        )
