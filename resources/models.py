"""Courses and micro-lessons: what parents browse, filter and watch."""

import hashlib
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.base_page import BasePage, ListingQuerySetMixin, by_path
from home.blocks import BodyBlock
from home.fragments import cached_data

from .taxonomy import Activity, CourseKind
from .validation import basic_course_problems


class AgeStage(models.Model):
    """One of the five age stages of the source documents (0-3岁 ... 高中/中职)."""

    name = models.CharField("名称", max_length=20, unique=True)
    slug = models.SlugField("网址代号", max_length=20, unique=True)
    description = models.CharField("说明", max_length=40, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "年龄段"
        verbose_name_plural = "年龄段"

    def __str__(self):
        return self.name


def newest_first_tie_breaker():
    """Descending order of the page table's own id, for lists sorted by first_published_at.
    Django writes ``-id`` of a page type as its child table's ``page_ptr_id`` (the same
    number), and the database must then read and sort every item published at the same moment
    (an import, a bulk load) before the first page of cards; the page table's id is in the
    index of first_published_at, so this order is read from the index and stops at the page."""
    quote = connection.ops.quote_name
    return RawSQL(f"{quote(Page._meta.db_table)}.{quote('id')}", ()).desc()


class ResourcePageQuerySet(ListingQuerySetMixin, PageQuerySet):
    pass


ResourcePageManager = PageManager.from_queryset(ResourcePageQuerySet)


class ResourceIndexPage(BasePage):
    """Shared behaviour of /courses/ and /lessons/: filters in the query string, pages of 12."""

    show_in_menus_default = True  # a section: in the main navigation (includes/header.html)

    intro = models.TextField("导语", blank=True, max_length=400)
    per_page = 12
    item_unit = ""  # counter word shown in "共 N 门课程"
    item_name = ""

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("summary")]

    class Meta:
        abstract = True

    listing_model = None  # set by subclasses
    filterset_class = None

    def get_listing_queryset(self):
        return (
            self.listing_model.objects.live()
            .public()
            .descendant_of(self)
            .with_listing_data()
            .order_by("-first_published_at", newest_first_tie_breaker())
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filterset = self.filterset_class(request.GET or None, queryset=self.get_listing_queryset())
        paginator = Paginator(filterset.qs, self.per_page)
        # Counting every matching item is the list's costliest query: kept per filter under the
        # content generation (home.fragments.cached_data), whichever page of it is shown.
        filters = sorted((key, values) for key, values in request.GET.lists() if key != "page")
        digest = hashlib.md5(repr(filters).encode(), usedforsecurity=False).hexdigest()
        paginator.count = cached_data(request, f"list-count:{self.pk}:{digest}", filterset.qs.count)
        page_obj = paginator.get_page(request.GET.get("page"))
        context.update(
            filterset=filterset,
            filter_errors=filterset.error_messages(),
            active_filters=filterset.active_filters(),
            page_obj=page_obj,
            items=page_obj.object_list,
        )
        return context


class CourseTag(TaggedItemBase):
    content_object = ParentalKey("CoursePage", related_name="tagged_items", on_delete=models.CASCADE)


class MicroLessonTag(TaggedItemBase):
    content_object = ParentalKey("MicroLessonPage", related_name="tagged_items", on_delete=models.CASCADE)


class CourseIndexPage(ResourceIndexPage):
    """/courses/: every course, filterable by kind, age stage and topic."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.CoursePage"]
    max_count = 1

    template = "resources/resource_index_page.html"
    item_unit = "门课程"
    item_name = "课程"

    class Meta:
        verbose_name = "课程列表页"

    @property
    def listing_model(self):
        return CoursePage

    filterset_class = by_path("resources.filters.CourseFilter")


class MicroLessonIndexPage(ResourceIndexPage):
    """/lessons/: every micro-lesson, filterable by age stage, topic and 亲子三刻钟 activity."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.MicroLessonPage"]
    max_count = 1

    template = "resources/resource_index_page.html"
    item_unit = "节微课"
    item_name = "微课"

    class Meta:
        verbose_name = "微课列表页"

    @property
    def listing_model(self):
        return MicroLessonPage

    filterset_class = by_path("resources.filters.MicroLessonFilter")


class CoursePageForm(WagtailAdminPageForm):
    """Tells the editor, on publish, when a 基础课 does not add up to 4 sessions and 8
    class-hours in each school year. Saving a draft is allowed (validation is deferred)."""

    def clean(self):
        cleaned_data = super().clean()
        sessions = self._submitted_sessions()
        if sessions is None:
            return cleaned_data
        total = cleaned_data.get("class_hours")
        hours_sum = sum((Decimal(hours or 0) for _, hours in sessions), Decimal(0))
        if total is not None and sessions and total != hours_sum:
            self.add_error(
                "class_hours",
                f"总课时 {total.normalize():f} 与各次课课时之和 {hours_sum.normalize():f} 不一致；"
                "有排课时可以留空，系统会自动合计。",
            )
        if cleaned_data.get("kind") == CourseKind.BASIC and not self.is_deferred_validation:
            for problem in basic_course_problems(sessions):
                self.add_error(None, problem)
        return cleaned_data

    def _submitted_sessions(self):
        formset = self.formsets.get("sessions")
        if formset is None or not formset.is_valid():
            return None
        return [
            (form.cleaned_data.get("starts_at"), form.cleaned_data.get("class_hours"))
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


class CoursePage(BasePage):
    """A course: one of the four kinds, for one or more age stages, with its sessions."""

    kind = models.CharField("课程类型", max_length=10, choices=CourseKind.choices, db_index=True)
    age_stages = ParentalManyToManyField(AgeStage, verbose_name="适合年龄段", related_name="courses")
    tags = ClusterTaggableManager(
        "主题", through=CourseTag, blank=True, help_text="例如 亲子阅读、心理健康、家风家教；可新建。"
    )
    organiser = models.CharField("主办单位", max_length=120, blank=True)
    class_hours = models.DecimalField(
        "总课时",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("999"))],
        help_text="没有排课（例如自学的网络课）时填写；有排课时留空，按各次课课时自动合计。",
    )
    body = StreamField(BodyBlock(), verbose_name="课程介绍", blank=True)

    base_form_class = CoursePageForm
    objects = ResourcePageManager()
    listing_prefetch_related = ("age_stages", "sessions")

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("class_hours")]),
        FieldPanel("age_stages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldPanel("organiser"),
        FieldPanel("body"),
        InlinePanel("sessions", heading="排课", label="一次课"),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("organiser"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("age_stages", [index.SearchField("name")]),
    ]

    parent_page_types = ["resources.CourseIndexPage"]
    subpage_types = []
    show_in_search = True
    search_filters = {"age": "age_stages__slug", "topic": "tags__slug", "kind": "kind"}

    class Meta:
        verbose_name = "课程"
        verbose_name_plural = "课程"

    @cached_property
    def ordered_sessions(self):
        # .all() so that a prefetched list is used on list pages
        return sorted(self.sessions.all(), key=lambda s: (s.sort_order or 0, s.starts_at))

    @property
    def total_class_hours(self):
        if self.ordered_sessions:
            return sum((s.class_hours for s in self.ordered_sessions), Decimal(0))
        return self.class_hours

    @property
    def card_facts(self):
        """When, where, which age and how to join, for a list card (from prefetched data)."""
        now = timezone.now()
        sessions = self.ordered_sessions
        upcoming = [s for s in sessions if s.starts_at >= now]
        facts = []
        if upcoming:
            first = upcoming[0]
            when = timezone.localtime(first.starts_at)
            text = f"{when.month}月{when.day}日 {when:%H:%M}"
            if len(upcoming) > 1:
                text += f" 起，共 {len(upcoming)} 次"
            facts.append(("时间", text))
            if first.venue:
                facts.append(("地点", first.venue))
            elif first.online_url:
                facts.append(("参加", "线上，打开课程页的链接即可"))
        elif sessions:
            facts.append(("时间", "本期课程已结束"))
        else:
            facts.append(("参加", "线上课程，随时学习"))
        stages = "、".join(stage.name for stage in self.age_stages.all())
        if stages:
            facts.append(("适合", stages))
        return facts

    @property
    def card_badges(self):
        badges = [self.get_kind_display()]
        if self.total_class_hours:
            badges.append(f"{self.total_class_hours.normalize():f} 课时")
        return badges

    def basic_course_problems(self):
        if self.kind != CourseKind.BASIC:
            return []
        return basic_course_problems((s.starts_at, s.class_hours) for s in self.ordered_sessions)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_lessons"] = list(
            MicroLessonPage.objects.live().public().filter(course=self).with_listing_data()[:12]
        )
        return context


class CourseSession(Orderable):
    """One class of a course: when, where (a venue or an online link) and how many class-hours."""

    page = ParentalKey(CoursePage, related_name="sessions", on_delete=models.CASCADE)
    title = models.CharField("本次主题", max_length=120, blank=True)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间", null=True, blank=True)
    venue = models.CharField("地点", max_length=200, blank=True)
    online_url = models.URLField("线上链接", blank=True)
    class_hours = models.DecimalField(
        "课时",
        max_digits=4,
        decimal_places=1,
        default=Decimal("2"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("online_url")]),
        FieldPanel("class_hours"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "排课"

    def clean(self):
        errors = {}
        if not self.venue and not self.online_url:
            errors["venue"] = "请填写上课地点或线上链接（至少一项）。"
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "结束时间必须晚于开始时间。"
        if errors:
            raise ValidationError(errors)


def format_duration(seconds):
    """'45 秒', '5 分钟' (within 5 s of whole minutes) or '5 分 30 秒'."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} 秒"
    minutes, rest = divmod(seconds, 60)
    if rest <= 5:
        return f"{minutes} 分钟"
    if rest >= 55:
        return f"{minutes + 1} 分钟"
    return f"{minutes} 分 {rest} 秒"


class MicroLessonPage(BasePage):
    """A short lesson: a video, an audio or a text, with a transcript for video and audio."""

    lesson_media = models.ForeignKey(
        "wagtailmedia.Media",
        verbose_name="视频或音频",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="留空则为图文微课。",
    )
    duration_minutes = models.PositiveSmallIntegerField(
        "时长（分钟）", validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    age_stages = ParentalManyToManyField(AgeStage, verbose_name="适合年龄段", related_name="lessons")
    tags = ClusterTaggableManager("主题", through=MicroLessonTag, blank=True)
    course = models.ForeignKey(
        CoursePage,
        verbose_name="所属课程",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    activity = models.CharField(
        "亲子三刻钟活动",
        max_length=10,
        choices=Activity.choices,
        blank=True,
        db_index=True,
        help_text="属于亲子三刻钟的哪一项；首页会每天轮换推荐。",
    )
    body = StreamField(BodyBlock(), verbose_name="正文", blank=True)
    transcript = RichTextField(
        "文字稿", blank=True, features=["bold", "ol", "ul"], help_text="有视频或音频时必填。"
    )

    objects = ResourcePageManager()
    listing_select_related = ("lesson_media",)
    listing_prefetch_related = ("age_stages",)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [FieldPanel("lesson_media"), FieldPanel("duration_minutes"), FieldPanel("transcript")],
            heading="视频 / 音频",
        ),
        FieldPanel("age_stages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldRowPanel([FieldPanel("course"), FieldPanel("activity")]),
        FieldPanel("body"),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.SearchField("transcript"),
        index.FilterField("activity"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("age_stages", [index.SearchField("name")]),
    ]

    parent_page_types = ["resources.MicroLessonIndexPage"]
    subpage_types = []
    show_in_search = True
    search_filters = {"age": "age_stages__slug", "topic": "tags__slug"}

    class Meta:
        verbose_name = "微课"
        verbose_name_plural = "微课"

    def clean(self):
        super().clean()
        errors = {}
        if self.lesson_media_id and not _has_text(self.transcript):
            errors["transcript"] = "有视频或音频的微课必须填写文字稿，方便听障家长和不便外放声音时阅读。"
        if not self.lesson_media_id and not self.body:
            errors["body"] = "图文微课请填写正文；或者在上方选择视频或音频。"
        if errors:
            raise ValidationError(errors)

    @property
    def media_kind(self):
        if not self.lesson_media_id:
            return "text"
        return self.lesson_media.type

    @property
    def media_kind_label(self):
        return {"video": "视频", "audio": "音频", "text": "图文"}[self.media_kind]

    @property
    def duration_label(self):
        """How long the lesson takes: a video's or audio's own length (read from the file when
        it was uploaded or made), otherwise the reading time the editor typed."""
        seconds = self.lesson_media.duration if self.lesson_media_id else 0
        if not seconds:
            return f"{self.duration_minutes} 分钟"
        return format_duration(seconds)

    @property
    def card_badges(self):
        return [self.media_kind_label, self.duration_label]

    @property
    def card_facts(self):
        stages = "、".join(stage.name for stage in self.age_stages.all())
        return [("适合", stages)] if stages else []

    @classmethod
    def activities_for_day(cls, day):
        """One lesson for each 亲子三刻钟 activity, rotating every day.

        Each activity's published lessons span a range of ids; the day points into that range
        (lowest id + day number modulo the span) and the first lesson from there on is the
        day's. Every query walks the index of (activity, id): the cost does not depend on the
        number of lessons (three small queries per activity, one for the cards), and
        consecutive days move through the lessons one by one."""
        lessons = cls.objects.live().public()
        chosen = {}
        for activity in Activity:
            ids = lessons.filter(activity=activity.value).order_by("pk").values_list("pk", flat=True)
            lowest, highest = ids.first(), ids.last()
            if lowest is not None:
                chosen[activity.value] = ids.filter(
                    pk__gte=lowest + day.toordinal() % (highest - lowest + 1)
                ).first()
        pages = {p.pk: p for p in cls.objects.filter(pk__in=chosen.values()).with_listing_data()}
        return [
            (activity.label, pages[chosen[activity.value]])
            for activity in Activity
            if activity.value in chosen and chosen[activity.value] in pages
        ]


def _has_text(html):
    from django.utils.html import strip_tags

    return bool(strip_tags(html or "").strip())
