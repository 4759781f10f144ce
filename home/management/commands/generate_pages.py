"""Generated content for the page benchmark and the front-cache test, in the database the
settings name (a throwaway one: never run it on a real site).

    python manage.py generate_pages --lessons 10000 --sites 2000

Creates the site structure (home, /courses/, /lessons/, /map/ with the demo's categories and
sites) and then N micro-lessons (every other one with a 亲子三刻钟 activity) and N practice
sites spread over the districts, each with two open days. Each lesson is tagged with its topic
(the topics are what a pinyin suggestion such as qinzi finds: suggestions match the start of a
title's, topic's or label's pinyin, and every generated title starts with 示例). The suggestion
vocabulary is not written (bulk inserts send no signals): `manage.py rebuild_search_vocabulary`
does it, as the page benchmark does. Titles are marked 示例 (invented)."""

import datetime
import random
import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Page
from wagtail.signal_handlers import disable_reference_index_auto_update

from bases.demo.sites import load_sites
from bases.districts import DISTRICT_CODES
from bases.models.sites import OpenDay, PracticeSiteIndexPage, PracticeSitePage, SiteCategory
from bases.sites.cache import bump_map_cache
from home.cache_signals import one_invalidation
from home.demo.loader import Report, ensure_site_structure
from home.demo.records import DemoRecords
from resources.models import AgeStage, MicroLessonPage
from resources.taxonomy import Activity

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
        backends = {
            name: {**params, "AUTO_UPDATE": False} for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
        }
        with (
            override_settings(WAGTAILSEARCH_BACKENDS=backends),
            disable_reference_index_auto_update(),
            one_invalidation(),  # the page caches learn of the change once, at the end
        ):
            self.generate(**options)

    def generate(self, lessons=0, sites=0, seed=11, **options):
        rng = random.Random(seed)
        started = time.perf_counter()
        report = Report()
        home, _courses, lesson_index = ensure_site_structure(report)
        load_sites(report, home, records=DemoRecords())
        map_index = PracticeSiteIndexPage.objects.child_of(home).first()
        stages = list(AgeStage.objects.all())
        activities = [value for value, _label in Activity.choices]
        categories = list(SiteCategory.objects.all())
        now = timezone.now()

        def lesson(n):
            topic = rng.choice(TOPICS)
            page = MicroLessonPage(
                title=f"示例微课：{topic}{rng.choice(VERBS)}（第{n + 1}讲）",
                slug=f"generated-lesson-{n}",
                summary=f"示例：家长和孩子一起学习{topic}。",
                duration_minutes=rng.randint(3, 20),
                activity=activities[n % len(activities)] if n % 2 == 0 else "",
                body=[{"type": "paragraph", "value": f"<p>示例：每天十五分钟的{topic}。</p>"}],
                is_example=True,
            )
            page.generated_stages = rng.sample(stages, min(2, len(stages))) if stages else []
            page.generated_topic = topic
            return page

        def site(n):
            return PracticeSitePage(
                title=f"示例实践点位{n + 1}",
                slug=f"generated-site-{n}",
                district=DISTRICT_CODES[n % len(DISTRICT_CODES)],
                category=categories[n % len(categories)],
                summary="示例点位，用于性能测试。",
                address="示例地址",
                location_precision="district",
                is_example=True,
            )

        with transaction.atomic():
            new_lessons = bulk_add_children(lesson_index, [lesson(n) for n in range(lessons)])
            through = MicroLessonPage.age_stages.through
            through.objects.bulk_create(
                [
                    through(microlessonpage_id=page.pk, agestage_id=stage.pk)
                    for page in new_lessons
                    for stage in page.generated_stages
                ],
                batch_size=2000,
            )
            # The lesson's topic as its tag, as editors tag the demo's lessons (topic suggestions).
            from taggit.models import Tag

            tags = {topic: Tag.objects.get_or_create(name=topic)[0] for topic in TOPICS}
            tagged = MicroLessonPage.tags.through
            tagged.objects.bulk_create(
                [tagged(content_object_id=page.pk, tag=tags[page.generated_topic]) for page in new_lessons],
                batch_size=2000,
            )
            new_sites = bulk_add_children(map_index, [site(n) for n in range(sites)])
            days = []
            for n, page in enumerate(new_sites):
                for k in range(2):
                    starts_at = now + datetime.timedelta(days=7 + (n + k * 11) % 90, hours=k)
                    days.append(
                        OpenDay(
                            page_id=page.pk,
                            sort_order=k,
                            starts_at=starts_at,
                            ends_at=starts_at + datetime.timedelta(hours=2),
                            audience="示例：小学生及家长",
                            is_example=True,
                        )
                    )
            OpenDay.objects.bulk_create(days, batch_size=2000)
        bump_map_cache()  # bulk inserts send no signals
        self.stdout.write(
            f"{lessons} lessons, {sites} sites ({PracticeSitePage.objects.count()} in all) "
            f"in {time.perf_counter() - started:.1f} s"
        )


def tree_path(parent_path, step):
    """Treebeard's materialised path of the ``step``-th child (1-based) of ``parent_path``."""
    alphabet, steplen = Page.alphabet, Page.steplen
    digits = ""
    while step:
        step, digit = divmod(step, len(alphabet))
        digits = alphabet[digit] + digits
    if len(digits) > steplen:
        raise ValueError("too many children for the tree's path length")
    return parent_path + digits.rjust(steplen, alphabet[0])


def bulk_add_children(parent, pages):
    """Publish ``pages`` (unsaved instances of one page type) as the last children of ``parent``
    in a few queries: the tree rows (wagtailcore_page) with one bulk insert, then each page
    type's own row the way ``loaddata`` saves it (``save_base(raw=True)``: one INSERT, no parent
    save; Django refuses bulk_create for multi-table inheritance). No revisions: generated pages
    are published as created. Signals of the raw saves are the caller's to handle (the
    search index and reference index are off while generating)."""
    if not pages:
        return []
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    first_step = int(last.path[-Page.steplen :], len(Page.alphabet)) + 1 if last else 1
    content_type = ContentType.objects.get_for_model(type(pages[0]))
    now = timezone.now()
    rows = []
    for offset, page in enumerate(pages):
        rows.append(
            Page(
                title=page.title,
                draft_title=page.title,
                slug=page.slug,
                content_type=content_type,
                path=tree_path(parent.path, first_step + offset),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{page.slug}/",
                locale_id=parent.locale_id,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                show_in_menus=page.show_in_menus,
            )
        )
    Page.objects.bulk_create(rows, batch_size=1000)
    for row, page in zip(rows, pages, strict=True):
        for field in Page._meta.concrete_fields:
            setattr(page, field.attname, getattr(row, field.attname))
        page.page_ptr_id = row.pk
        page.save_base(raw=True)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    return pages
