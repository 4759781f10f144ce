"""Loads the demo content. Idempotent: it only adds what is missing and never changes a
page, image or setting that already exists, so an editor's changes survive every run.

Recipe to regenerate: edit home/demo/content.py (the text) and run
`make demo` (or `manage.py load_demo_content`) on a fresh database."""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from bases.demo.bases import load_bases
from bases.demo.sites import load_sites
from home.models import HomeFeaturedCourse, HomePage, SiteSettings
from home.signup.demo import load_signup_windows
from resources.models import (
    AgeStage,
    CourseIndexPage,
    CoursePage,
    CourseSession,
    MicroLessonIndexPage,
    MicroLessonPage,
)

from . import content as demo_content
from . import media
from .records import DemoRecords

COLLECTION_NAME = "示例内容"


@dataclass
class Report:
    created: list = field(default_factory=list)
    kept: int = 0

    def add(self, label):
        self.created.append(label)

    def ensure_child(self, parent, page_class, **fields):
        """The first ``page_class`` child of ``parent``, created and published from ``fields``
        when there is none (the domains' demo loaders use it for their section pages)."""
        existing = page_class.objects.child_of(parent).first()
        if existing:
            self.kept += 1
            return existing
        page = page_class(**fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.add(fields["title"])
        return page


def ensure_site_structure(report):
    """The home page and the two resource sections at /courses/ and /lessons/."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        if site is None:
            site = Site(is_default_site=True)
        if site.hostname == "localhost" and site.port == 80:
            # Wagtail's default; absolute URLs (canonical, sitemap, share image) need the real one.
            base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
            site.hostname = base.hostname or "localhost"
            site.port = base.port or (443 if base.scheme == "https" else 80)
        # Wagtail's placeholder "Welcome" page goes, unless someone has made it into content.
        placeholder = site.root_page if site.pk else None
        if placeholder is not None and placeholder.specific_class is Page and not placeholder.get_children():
            site.root_page = root  # keep the site while its root is replaced
            site.save()
            placeholder.delete()
        home = HomePage(
            title="家庭教育资源平台",
            slug="home",
            intro="陪伴孩子成长，从学习做家长开始。",
            summary="重庆家庭教育课程、微课和亲子实践资源，一站找到。",
            seo_title="家庭教育资源平台 · 重庆",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        site.root_page = home
        site.site_name = "家庭教育资源平台"
        site.save()
        report.add("首页")
    else:
        report.kept += 1

    _, created = SiteSettings.objects.get_or_create(
        site=site,
        defaults={
            "hotline_number": "023-0000-0000",
            "hotline_hours": "工作日 9:00-17:00",
            "hotline_is_example": True,
            # The bases are named by 市妇联 and 市教委 (source documents); who runs this site
            # is not said anywhere, so the footer's organisations are marked 示例. No 备案
            # numbers: an invented one would look real.
            "organiser": "重庆市妇女联合会、重庆市教育委员会",
            "undertaker": "重庆市家庭教育指导服务中心",
            "contact_email": "contact@example.com",
            "contact_address": "重庆市渝中区",
            "footer_is_example": True,
        },
    )
    if created:
        report.add("全站设置")
    else:
        report.kept += 1

    course_index = report.ensure_child(
        home,
        CourseIndexPage,
        title="课程",
        slug="courses",
        intro="通识课、基础课、定制课和网络课，按孩子的年龄和你关心的主题筛选。",
        summary="重庆家庭教育课程：通识课、基础课、定制课、网络课。",
    )
    lesson_index = report.ensure_child(
        home,
        MicroLessonIndexPage,
        title="微课",
        slug="lessons",
        intro="几分钟一节的视频、音频和图文微课，随时随地学。",
        summary="家庭教育微课：视频、音频和图文，几分钟学一个方法。",
    )
    return home, course_index, lesson_index


def _collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def _cover(title, hue, seed, collection):
    Image = get_image_model()
    image_title = f"示例封面 · {title}"
    image = Image.objects.filter(title=image_title, collection=collection).first()
    if image is None:
        # ImageFile (not ContentFile) so the image field records width and height
        image = Image(
            title=image_title,
            collection=collection,
            file=ImageFile(io.BytesIO(media.cover_png(hue, seed)), name=f"demo-cover-{seed}.png"),
        )
        image.save()
    return image


def _media(kind, minutes, collection):
    """The demo's video (H.264/AAC MP4) or audio (AAC M4A) of ``minutes``, made once per length
    and shared by the lessons of that length; its duration is read from the file."""
    from wagtailmedia.models import get_media_model

    Media = get_media_model()
    title = {"video": "示例视频（演示画面，{} 分钟）", "audio": "示例音频（演示提示音，{} 分钟）"}[kind]
    title = title.format(minutes)
    item = Media.objects.filter(title=title, collection=collection).first()
    if item is None:
        video = kind == "video"
        data = media.lesson_mp4(minutes * 60, video=video)
        suffix = ".mp4" if video else ".m4a"
        seconds = media.media_duration(data, suffix)
        item = Media(title=title, type=kind, duration=seconds, collection=collection)
        if video:
            item.width, item.height = 640, 360
        item.file.save(f"demo-{kind}-{minutes}min{suffix}", ContentFile(data), save=False)
        item.save()
    return item


def _stream(blocks):
    return [{"type": block_type, "value": value} for block_type, value in blocks]


def _when(text):
    return timezone.make_aware(datetime.datetime.strptime(text, "%Y-%m-%d %H:%M"))


def _stages(slugs, stages):
    return [stages[slug] for slug in slugs]


@transaction.atomic
def load(content=None):
    """Create whatever is missing; return a Report."""
    if content is None:
        content = demo_content
    report = Report()
    records = DemoRecords()
    home, course_index, lesson_index = ensure_site_structure(report)
    collection = _collection()
    stages = {stage.slug: stage for stage in AgeStage.objects.all()}

    existing_courses = {p.slug: p for p in CoursePage.objects.child_of(course_index)}
    courses = dict(existing_courses)
    for seed, item in enumerate(content.COURSES):
        key = f"course:{item['slug']}"
        if item["slug"] in existing_courses or records.seen(key):
            records.remember(key)
            report.kept += 1
            continue
        page = CoursePage(
            title=item["title"],
            slug=item["slug"],
            kind=item["kind"],
            summary=item["summary"],
            organiser=item.get("organiser", ""),
            class_hours=Decimal(str(item["class_hours"])) if item.get("class_hours") else None,
            body=_stream(item["body"]),
            is_example=item.get("example", True),
            cover_image=_cover(item["title"], item["hue"], seed, collection),
        )
        page.age_stages = _stages(item["age_stages"], stages)
        page.sessions = [
            CourseSession(
                title=session.get("title", ""),
                starts_at=_when(session["starts_at"]),
                venue=session.get("venue", ""),
                online_url=session.get("online_url", ""),
                class_hours=Decimal(str(session["hours"])),
            )
            for session in item["sessions"]
        ]
        page.tags.add(*item["topics"])
        course_index.add_child(instance=page)
        page.save_revision().publish()
        courses[page.slug] = page
        records.remember(key)
        report.add(page.title)

    existing_lessons = set(MicroLessonPage.objects.child_of(lesson_index).values_list("slug", flat=True))
    for seed, item in enumerate(content.LESSONS, start=len(content.COURSES)):
        key = f"lesson:{item['slug']}"
        if item["slug"] in existing_lessons or records.seen(key):
            records.remember(key)
            report.kept += 1
            continue
        page = MicroLessonPage(
            title=item["title"],
            slug=item["slug"],
            summary=item["summary"],
            duration_minutes=item["duration"],
            activity=item.get("activity", ""),
            course=courses.get(item["course"]) if item.get("course") else None,
            body=_stream(item["body"]),
            transcript=item.get("transcript", ""),
            lesson_media=_media(item["media"], item["duration"], collection) if item.get("media") else None,
            is_example=item.get("example", True),
            cover_image=_cover(item["title"], item["hue"], seed, collection),
        )
        page.age_stages = _stages(item["age_stages"], stages)
        page.tags.add(*item["topics"])
        lesson_index.add_child(instance=page)
        page.save_revision().publish()
        records.remember(key)
        report.add(page.title)

    load_bases(report, home, records=records)
    load_sites(report, home, records=records)
    load_signup_windows(report)

    # Featured courses only once, on a home page that has none (an editor's choice stays, and
    # so does an editor's decision to have none).
    if home.featured_courses.exists():
        records.remember("featured-courses")
    if not records.seen("featured-courses"):
        records.remember("featured-courses")
        picks = [slug for slug in getattr(content, "FEATURED_COURSES", []) if slug in courses]
        picks = picks or [item["slug"] for item in content.COURSES[:3] if item["slug"] in courses]
        for order, slug in enumerate(picks[:3]):
            HomeFeaturedCourse.objects.create(page=home, course=courses[slug], sort_order=order)
        if picks:
            report.add("首页推荐课程")
    return report
