"""Site-wide pieces: the site settings editors change (hotline, footer, share image) and the
one HomePage, which may import the domains. ``BasePage`` lives in ``home.base_page``."""

import copy
import math

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page, Site

from bases.models.sites import upcoming_open_days
from resources.models import AgeStage, CoursePage, MicroLessonPage, newest_first_tie_breaker

from .base_page import BasePage
from .fragments import LazyList, cached_data, fragment_context

# 备案 numbers as the registries issue them: a province's one-character abbreviation, then the
# number. A malformed one in the footer looks like a fake, so the form refuses it.
ICP_VALIDATOR = RegexValidator(
    r"^[\u4e00-\u9fff]ICP[备证]\d{6,12}号(-\d{1,3})?$",
    "ICP 备案号格式不对，应类似“渝ICP备12345678号”或“渝ICP备12345678号-1”。",
)
PUBLIC_SECURITY_VALIDATOR = RegexValidator(
    r"^[\u4e00-\u9fff]公网安备\s?\d{14}号$",
    "公安备案号格式不对，应类似“渝公网安备50010302000000号”（14 位数字）。",
)


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
    undertaker = models.CharField(
        "承办单位", max_length=120, blank=True, help_text="显示在页脚；留空则不显示。"
    )
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    contact_address = models.CharField("联系地址", max_length=200, blank=True)
    icp_number = models.CharField(
        "ICP 备案号",
        max_length=40,
        blank=True,
        validators=[ICP_VALIDATOR],
        help_text="工信部 ICP 备案号，例如“渝ICP备12345678号-1”；留空则不显示。",
    )
    public_security_number = models.CharField(
        "公安备案号",
        max_length=40,
        blank=True,
        validators=[PUBLIC_SECURITY_VALIDATOR],
        help_text="公安机关互联网站备案号，例如“渝公网安备50010302000000号”；留空则不显示。",
    )
    footer_is_example = models.BooleanField(
        "页脚单位为示例",
        default=False,
        help_text="主办、承办单位和联系方式尚未核实时勾选，页脚会标注“示例”。",
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
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldPanel("undertaker"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
                FieldPanel("contact_address"),
                FieldPanel("footer_is_example"),
            ],
            heading="页脚：单位与联系方式",
        ),
        MultiFieldPanel(
            [FieldPanel("icp_number"), FieldPanel("public_security_number")],
            heading="页脚：备案信息",
        ),
        FieldPanel("default_share_image"),
    ]

    class Meta:
        verbose_name = "全站设置"

    @classmethod
    def for_request(cls, request):
        """As Wagtail's (one instance per request), read from the cache under the content
        generation (home.fragments.cached_data): the header, footer and share tags of every
        page read these settings, and saving them bumps the generation."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site_settings = cached_data(
                request, "site-settings", lambda: cls.for_site(Site.find_for_request(request))
            )
            site_settings = copy.copy(site_settings)  # the shared instance stays unmarked
            site_settings._request = request
            setattr(request, attr_name, site_settings)
        return getattr(request, attr_name)

    @property
    def public_security_code(self):
        """The digits of the 公安备案号, for the registry's look-up link."""
        return "".join(ch for ch in self.public_security_number if ch.isdigit())


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
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        # The lists are built only when their cached fragment is missing (home/fragments.py).
        context.update(
            fragment_context(request),
            today=today,
            featured_courses=LazyList(self.featured_course_pages),
            newest_lessons=LazyList(
                lambda: (
                    MicroLessonPage.objects.live()
                    .public()
                    .with_listing_data()
                    # The page table's id, read from the index of first_published_at.
                    .order_by("-first_published_at", newest_first_tie_breaker())[:6]
                )
            ),
            age_stages=LazyList(AgeStage.objects.all),
            today_activities=LazyList(lambda: MicroLessonPage.activities_for_day(today)),
            # The next family open days of the practice sites (two queries), kept until the
            # first of them ends or content changes.
            upcoming_open_days=cached_data(
                request, "home-open-days", lambda: upcoming_open_days(limit=4), seconds=_until_first_ends
            ),
        )
        return context

    def featured_course_pages(self):
        featured_ids = [item.course_id for item in self.featured_courses.all()]
        featured = list(CoursePage.objects.live().public().filter(pk__in=featured_ids).with_listing_data())
        featured.sort(key=lambda page: featured_ids.index(page.pk))
        if not featured:
            featured = list(
                CoursePage.objects.live().public().with_listing_data().order_by("-first_published_at")[:3]
            )
        return featured


def _until_first_ends(days):
    """Seconds until the first of these open days ends (and leaves the list)."""
    if not days:
        return settings.PAGE_APP_CACHE_SECONDS
    return math.ceil((min(day.ends_at for day in days) - timezone.now()).total_seconds())


class HomeFeaturedCourse(Orderable):
    page = ParentalKey(HomePage, related_name="featured_courses", on_delete=models.CASCADE)
    course = models.ForeignKey(
        "resources.CoursePage", verbose_name="课程", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("course")]

    class Meta(Orderable.Meta):
        verbose_name = "推荐课程"


class DemoRecord(models.Model):
    """One demo item the demo loader has created (or found) once, by a stable key such as
    "course:<slug>". The loader never creates an item whose key is recorded, so what an editor
    deletes stays deleted (home/demo/records.py)."""

    key = models.CharField("示例内容标识", max_length=255, unique=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "示例内容记录"
        verbose_name_plural = "示例内容记录"

    def __str__(self):
        return self.key
