"""Practice sites (实践点位): places families can visit (university labs, company science halls,
intangible-heritage bases, museums, former residences, youth centres, communities, labour-education
bases...), their family open days (开放日), and the map that shows them with the bases.

Why the pieces are what they are:

- ``SiteCategory`` is a snippet, not a fixed choice list: the city's list of kinds of place grows
  (the source documents name labs, science halls, heritage bases, museums, former residences...),
  and editors add a kind without a release.
- ``PracticeSitePage`` is a page under ``/map/`` (``PracticeSiteIndexPage``): it is public, has
  its own URL to share, goes through the usual draft / publish / schedule cycle and search, and
  shares location and contact fields (and their validation) with the bases (bases.mixins).
- Open days are ordered child rows of the site (``OpenDay``), edited on the site's page, so a
  site and its open days are published together. The target is at least 4 per semester
  (bases.sites.semester); editors see who falls short in a report and on the dashboard.

Re-exported by bases.models, so Django registers these models in the bases app. Everything about
practice sites that is not a model (semesters, filters, the map's data and configuration, admin,
cache) lives in bases.sites; the admin menu is registered in bases.wagtail_hooks and the map's
cache receivers in bases.signals.
"""

from django import forms
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.base_page import BasePage, by_path

from ..admin.panels import LocationPickerPanel, OpenDaySummaryPanel
from ..districts import DISTRICT_ORDER
from ..mixins import CollectErrorsMixin, ContactMixin, LocationMixin, PhotoOrderable
from ..permissions import SITES_PERMISSION, can_manage_sites
from ..sites import semester as semesters
from ..sites.cards import site_items
from ..sites.geo import centre_note
from ..sites.map import map_config
from .bases import all_expired_note

__all__ = [
    "SITES_PERMISSION",
    "OpenDay",
    "PracticeSiteIndexPage",
    "PracticeSitePage",
    "PracticeSitePhoto",
    "SiteCategory",
    "can_manage_sites",
    "upcoming_open_days",
]

# --- Categories ------------------------------------------------------------------------------------


class SiteCategory(models.Model):
    """A kind of practice site (高校实验室, 博物馆, 非遗基地 ...): a filter on the map and a badge
    on every site. Editors add kinds as the resource map grows."""

    name = models.CharField("名称", max_length=30, unique=True)
    slug = models.SlugField(
        "网址代号",
        max_length=40,
        unique=True,
        allow_unicode=True,
        help_text="用在筛选网址里，例如 museum（/map/?category=museum）；建议用小写英文字母和连字符。",
    )
    description = models.CharField("说明", max_length=120, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0, help_text="数字小的排在前面。")

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "点位类别"
        verbose_name_plural = "点位类别"

    def __str__(self):
        return self.name


# --- The map page ----------------------------------------------------------------------------------


class PracticeSiteIndexPage(BasePage):
    """/map/: every practice site as a list (the accessible view, and what works without
    JavaScript) with a map on top, and the bases as a second layer. Filters live in the URL;
    /map/sites.geojson and /map/open-days.ics take the same ones (bases.sites.views)."""

    show_in_menus_default = True  # a section: in the main navigation (includes/header.html)
    menu_label = "地图"  # short label in the navigation (the title is longer)

    intro = models.TextField("导语", blank=True, max_length=400)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("summary")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["bases.PracticeSitePage"]
    max_count = 1
    template = "bases/sites/practice_site_index_page.html"
    # The map's filters (bases/sites/filters.py) query these models.
    map_query_class = by_path("bases.sites.filters.MapQuery")

    class Meta:
        verbose_name = "实践点位地图页"
        verbose_name_plural = "实践点位地图页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = self.map_query_class(request.GET, index=self)
        page_obj = query.sites_page(request.GET.get("page"))
        bases = query.bases()
        context.update(
            filterset=query.filterset,
            filter_errors=query.error_messages(),
            active_filters=query.active_filters(),
            sites=page_obj.object_list,
            # The entries rendered, from their cached fragments where current (sites/cards.py).
            site_items=site_items(page_obj.object_list, request),
            page_obj=page_obj,
            site_count=page_obj.paginator.count,
            bases=bases,
            show_sites=query.shows("sites"),
            show_bases=query.shows("bases"),
            all_expired_note=all_expired_note() if query.shows("bases") else "",
            map_config=map_config(request, query),
            query_string=query.query_string(),
        )
        return context


# --- Practice sites ----------------------------------------------------------------------------------


class PracticeSitePageQuerySet(PageQuerySet):
    def with_listing_data(self, now=None):
        """What the list, the popups and the GeoJSON show, in a fixed number of queries: the
        category (joined), age stages (one prefetch) and the next open day (a subquery)."""
        now = now or timezone.now()
        upcoming = OpenDay.objects.filter(page=OuterRef("pk"), ends_at__gte=now).order_by("starts_at", "pk")
        return (
            self.select_related("category")
            .prefetch_related("age_stages")
            .annotate(
                next_open_day_start=Subquery(upcoming.values("starts_at")[:1]),
                next_open_day_end=Subquery(upcoming.values("ends_at")[:1]),
            )
        )

    def with_semester_count(self, semester):
        """Annotate ``semester_open_days``: open days starting within ``semester``."""
        start, after = semester.bounds()
        counts = (
            OpenDay.objects.filter(page=OuterRef("pk"), starts_at__gte=start, starts_at__lt=after)
            .order_by()
            .values("page")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(semester_open_days=Coalesce(Subquery(counts), 0))

    def with_open_day_between(self, start, end):
        """Sites with an open day still running or starting between ``start`` and ``end``."""
        days = OpenDay.objects.filter(page=OuterRef("pk"), ends_at__gte=start, starts_at__lt=end)
        return self.filter(Exists(days))


PracticeSitePageManager = PageManager.from_queryset(PracticeSitePageQuerySet)


class PracticeSitePage(LocationMixin, ContactMixin, BasePage):
    """A place families can visit, with what a parent needs to decide whether to go: category,
    district and address, the owning organisation, contact, opening notes, whether an appointment
    is needed, barrier-free access, suitable age stages, photos, and its open days."""

    category = models.ForeignKey(
        SiteCategory, verbose_name="类别", on_delete=models.PROTECT, related_name="sites"
    )
    organisation = models.CharField(
        "所属单位", max_length=120, blank=True, help_text="管理这个点位的单位，例如 某某大学、某某公司。"
    )
    introduction = RichTextField(
        "点位介绍",
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="这里有什么可看、可做、可学的，适合怎样的亲子活动。",
    )
    appointment_required = models.BooleanField(
        "需要预约", default=True, help_text="家庭到访前需要预约时勾选；随到随进的点位不勾选。"
    )
    barrier_free = models.BooleanField(
        "无障碍",
        default=False,
        help_text="有无障碍通道（坡道或电梯），坐轮椅或推婴儿车的家庭可以到达主要参观区域时勾选。",
    )
    accessibility_notes = models.CharField(
        "无障碍说明", max_length=200, blank=True, help_text="例如 东门有坡道，二楼展厅有电梯。"
    )
    age_stages = ParentalManyToManyField(
        "resources.AgeStage", verbose_name="适合年龄段", blank=True, related_name="practice_sites"
    )
    base = models.ForeignKey(
        "bases.InnovationBasePage",
        verbose_name="所属创新实践基地",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_sites",
        help_text="这个点位属于某个创新实践基地时选择。",
    )

    objects = PracticeSitePageManager()
    template = "bases/sites/practice_site_page.html"

    content_panels = [
        TitleFieldPanel("title", heading="点位名称"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("district")]),
        FieldPanel("organisation"),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("visit_notes", heading="开放说明"),
                FieldRowPanel([FieldPanel("appointment_required"), FieldPanel("barrier_free")]),
                FieldPanel("accessibility_notes"),
                FieldPanel("age_stages", widget=forms.CheckboxSelectMultiple),
            ],
            heading="开放与到访",
        ),
        MultiFieldPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")], heading="对外联系方式"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("location_precision"),
                LocationPickerPanel(heading="在地图上点选位置"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading="地址与位置",
        ),
        FieldPanel("base"),
        OpenDaySummaryPanel(heading="本学期开放日"),
        InlinePanel("open_days", heading="开放日", label="开放日"),
        InlinePanel("photos", heading="照片", label="照片"),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("address"),
        index.SearchField("organisation"),
        index.SearchField("visit_notes"),
        index.FilterField("district"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("age_stages", [index.SearchField("name")]),
    ]

    parent_page_types = ["bases.PracticeSiteIndexPage"]
    subpage_types = []
    show_in_search = True
    search_filters = {"district": "district", "age": "age_stages__slug"}

    class Meta:
        verbose_name = "实践点位"
        verbose_name_plural = "实践点位"
        permissions = [("manage_sites", "管理全部实践点位：类别、开放日报表和批量导入")]

    @property
    def card_badges(self):
        return [self.category.name if self.category_id else "实践点位", self.district_label]

    @property
    def location_text(self):
        if self.has_exact_location:
            return self.address or f"{self.district_label}（坐标见地图）"
        where = f"{self.address}（" if self.address else "（"
        return f"{where}位置仅精确到{self.district_label}；{centre_note(self.district)}）"

    @property
    def appointment_label(self):
        return "需要预约" if self.appointment_required else "无需预约"

    @cached_property
    def ordered_open_days(self):
        return sorted(self.open_days.all(), key=lambda day: (day.starts_at, day.pk or 0))

    def upcoming_open_days(self, now=None):
        now = now or timezone.now()
        return [day for day in self.ordered_open_days if day.ends_at >= now]

    def semester_open_day_count(self, semester):
        start, after = semester.bounds()
        return self.open_days.filter(starts_at__gte=start, starts_at__lt=after).count()

    def calendar_url(self):
        return reverse("map_site_open_days_ics", args=[self.slug])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        semester = semesters.counting_semester(now)
        start, after = semester.bounds()
        days = self.ordered_open_days
        context.update(
            now=now,
            upcoming=[day for day in days if day.ends_at >= now],
            past_this_semester=[day for day in days if start <= day.starts_at < min(now, after)],
            semester=semester,
            photos=list(self.photos.select_related("image")),
            map_index=self.get_parent(),
        )
        return context


class PracticeSitePhoto(PhotoOrderable):
    page = ParentalKey(PracticeSitePage, related_name="photos", on_delete=models.CASCADE)

    class Meta(PhotoOrderable.Meta):
        verbose_name = "照片"
        verbose_name_plural = "照片"


class OpenDay(CollectErrorsMixin, Orderable):
    """One family open day (开放日) of a site: when, for whom, how many places, how to sign up.
    Shown on the site, counted towards the semester's target and exported as iCal."""

    page = ParentalKey(PracticeSitePage, related_name="open_days", on_delete=models.CASCADE)
    title = models.CharField(
        "活动内容", max_length=120, blank=True, help_text="例如 走进数学实验室；留空时显示为“家庭开放日”。"
    )
    starts_at = models.DateTimeField("开始时间", db_index=True)
    ends_at = models.DateTimeField("结束时间")
    audience = models.CharField("面向对象", max_length=120, help_text="例如 小学 3-6 年级学生及家长。")
    capacity = models.PositiveIntegerField(
        "名额（组家庭）", null=True, blank=True, help_text="留空表示不限名额。"
    )
    sign_up = models.CharField(
        "报名方式", max_length=200, blank=True, help_text="例如 提前 3 天拨打联系电话预约；无需报名可留空。"
    )
    sign_up_url = models.URLField("报名链接", blank=True)
    is_example = models.BooleanField("示例", default=False, help_text="演示用或尚未核实的开放日。")

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("capacity")]),
        FieldRowPanel([FieldPanel("sign_up"), FieldPanel("sign_up_url")]),
        FieldPanel("is_example"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "开放日"
        verbose_name_plural = "开放日"

    def __str__(self):
        return f"{self.display_title}（{self.when_text}）"

    @property
    def display_title(self):
        return self.title or "家庭开放日"

    @property
    def when_text(self):
        if not (self.starts_at and self.ends_at):
            return ""
        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        weekday = "一二三四五六日"[start.weekday()]
        text = f"{start:%Y年%-m月%-d日}（周{weekday}）{start:%H:%M}"
        if end.date() == start.date():
            return f"{text}—{end:%H:%M}"
        return f"{text} 至 {end:%-m月%-d日 %H:%M}"

    @property
    def capacity_text(self):
        return f"{self.capacity} 组家庭" if self.capacity else "不限"

    def collect_errors(self):
        errors = super().collect_errors()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "结束时间必须晚于开始时间。"
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = "名额至少为 1；不限名额请留空。"
        return errors


def upcoming_open_days(limit=4, now=None):
    """The next ``limit`` open days of published sites, soonest first (the home page): one query
    for the private sections (as Wagtail's ``public()``) and one for the days. The site's
    conditions are joined, not a subquery of every live site, so the database walks the index
    of starts_at and stops after ``limit`` days instead of sorting every open day."""
    from wagtail.models import PageViewRestriction

    now = now or timezone.now()
    private = Q()
    for restriction in PageViewRestriction.objects.select_related("page"):
        private |= Q(page__path__startswith=restriction.page.path, page__depth__gte=restriction.page.depth)
    days = OpenDay.objects.filter(ends_at__gte=now, page__live=True)
    if private:
        days = days.exclude(private)
    return list(days.select_related("page", "page__category").order_by("starts_at", "pk")[:limit])


def age_stages():
    """The age stages a site may be tagged with: the taxonomy its ``age_stages`` field points to
    (named there once, by app label, so this app imports no other domain's models)."""
    return PracticeSitePage._meta.get_field("age_stages").related_model.objects.all()


def sort_by_district(items):
    """Districts in the city's official order, then by name."""
    return sorted(items, key=lambda item: (DISTRICT_ORDER.get(item.district, 99), item.title, item.pk))


def sites_short_of_target(semester, queryset=None):
    """Published sites with fewer than the target number of open days in ``semester``."""
    queryset = queryset if queryset is not None else PracticeSitePage.objects.live()
    return (
        queryset.with_semester_count(semester)
        .filter(semester_open_days__lt=semesters.TARGET_OPEN_DAYS)
        .select_related("category")
        .order_by("semester_open_days", "title", "pk")
    )
