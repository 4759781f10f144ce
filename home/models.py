"""Site-wide pieces: the abstract base page every public page extends, the site settings
editors change (hotline, share image), and the one HomePage."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.cache import patch_cache_control
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page
from wagtail.search import index


class BasePage(Page):
    """What every public page shares: a listing summary and cover image (used on cards,
    in search results and in share cards), the 示例 flag for demo content, and cache headers.

    SEO title and meta description come from Wagtail's own ``seo_title`` and
    ``search_description`` (the Promote tab); when those are empty, the title and summary
    are used, so every page always has a description and a share card."""

    summary = models.TextField(
        "简介",
        max_length=300,
        blank=True,
        help_text="一两句话，显示在列表卡片、搜索结果和微信分享卡片上（300 字以内）。",
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="封面图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="列表和分享卡片用的图片，建议横图 16:9。",
    )
    is_example = models.BooleanField(
        "示例内容",
        default=False,
        help_text="勾选后页面上会标注“示例”，用于演示或尚未核实的内容。",
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        # Parents who type pinyin (no Chinese input method at hand) still find the title.
        index.SearchField("title_pinyin"),
    ]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("is_example")], heading="内容标注"),
    ]

    class Meta:
        abstract = True

    def title_pinyin(self):
        from search.chinese import pinyin_of

        return pinyin_of(self.title)

    @property
    def search_result_label(self):
        """The type label on search results (课程, 微课 ...)."""
        return self._meta.verbose_name

    @property
    def card_badges(self):
        """Short labels on list cards; page types override this."""
        return [self._meta.verbose_name]

    def get_meta_description(self):
        return self.search_description or self.summary or ""

    def get_share_image(self):
        return self.cover_image

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds and request.user.is_anonymous and getattr(response, "status_code", 200) == 200:
            patch_cache_control(response, public=True, max_age=seconds)
        return response


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details and defaults shown across the public site."""

    hotline_name = models.CharField("热线名称", max_length=60, default="家庭教育咨询热线")
    hotline_number = models.CharField(
        "热线号码", max_length=40, blank=True, help_text="例如 023-12345678；留空则不显示。"
    )
    hotline_hours = models.CharField("服务时间", max_length=80, blank=True)
    hotline_is_example = models.BooleanField(
        "热线为示例", default=False, help_text="号码尚未核实时勾选，页面会标注“示例”。"
    )
    organiser = models.CharField(
        "主办单位", max_length=120, blank=True, help_text="显示在页脚，例如主办单位名称。"
    )
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="默认分享图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="页面没有封面图时，分享卡片使用这张图。",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("hotline_name"),
                FieldPanel("hotline_number"),
                FieldPanel("hotline_hours"),
                FieldPanel("hotline_is_example"),
            ],
            heading="家庭教育热线",
        ),
        FieldPanel("organiser"),
        FieldPanel("default_share_image"),
    ]

    class Meta:
        verbose_name = "全站设置"


class HomePage(BasePage):
    """The one home page: search, shortcuts by age stage, featured courses, newest
    micro-lessons and today's 亲子三刻钟 suggestions."""

    intro = models.CharField("欢迎语", max_length=200, blank=True, help_text="显示在首页搜索框上方的一句话。")

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        InlinePanel(
            "featured_courses", label="推荐课程", max_num=6, help_text="建议 3 门或 6 门，排列整齐。"
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "首页"

    def get_context(self, request, *args, **kwargs):
        from resources.models import AgeStage, CoursePage, MicroLessonPage

        context = super().get_context(request, *args, **kwargs)
        featured_ids = [item.course_id for item in self.featured_courses.all()]
        featured = list(CoursePage.objects.live().public().filter(pk__in=featured_ids).with_listing_data())
        featured.sort(key=lambda page: featured_ids.index(page.pk))
        if not featured:
            featured = list(
                CoursePage.objects.live().public().with_listing_data().order_by("-first_published_at")[:3]
            )
        context["featured_courses"] = featured
        context["newest_lessons"] = list(
            MicroLessonPage.objects.live()
            .public()
            .with_listing_data()
            .order_by("-first_published_at", "-pk")[:6]
        )
        context["age_stages"] = list(AgeStage.objects.all())
        context["today_activities"] = MicroLessonPage.activities_for_day(timezone.localdate())
        # The next family open days of the practice sites (one query).
        from bases.sites import upcoming_open_days

        context["upcoming_open_days"] = upcoming_open_days(limit=4)
        return context


class HomeFeaturedCourse(Orderable):
    page = ParentalKey(HomePage, related_name="featured_courses", on_delete=models.CASCADE)
    course = models.ForeignKey(
        "resources.CoursePage", verbose_name="课程", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("course")]

    class Meta(Orderable.Meta):
        verbose_name = "推荐课程"
