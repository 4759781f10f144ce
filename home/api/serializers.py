"""What the API says about each item: explicit, public fields only.

Every field is listed by hand (no ``fields = "__all__"``): a new model field is never public
through the API until someone adds it here. Nothing personal is serialized (no accounts,
owners, reviewers, revision authors), no revocation request (only the date a revocation took
effect, which the public profile shows), no yearly report that is not live, no document in a
collection with view restrictions, and links to other pages only when those are live and public.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.models import CollectionViewRestriction
from wagtail.rich_text import expand_db_html

from bases.models import InnovationBasePage, YearlyReportPage
from bases.sites.geo import centre_note, published_point
from home.base_page import CARD_IMAGE_SPEC
from resources.models import CoursePage

BODY_IMAGE_SPEC = "max-1200x1200"
NO_PLACES_LEFT_NOTE = "报名功能尚未上线，暂不提供剩余名额；上线后此字段给出剩余名额（null 表示未知或不限）。"


def absolute(request, url):
    if not url:
        return None
    return request.build_absolute_uri(url) if request is not None else url


def rendition_of(image, spec, request):
    if image is None:
        return None
    rendition = image.get_rendition(spec)
    return {
        "url": absolute(request, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": rendition.alt,
    }


def document_is_private(document):
    """A document whose collection (or an ancestor) has a view restriction (Wagtail's
    collection privacy) is never linked from the API."""
    collections = document.collection.get_ancestors(inclusive=True)
    return CollectionViewRestriction.objects.filter(collection__in=collections).exists()


def stream_data(stream, request):
    """A StreamField as a list of {type, value}: text as HTML, images as renditions, documents
    as title and URL (private documents are left out)."""
    items = []
    for block in stream or []:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            data = expand_db_html(value.source)
        elif kind == "image":
            data = rendition_of(value, BODY_IMAGE_SPEC, request)
            if data is None:
                continue
            data["caption"] = getattr(value, "contextual_alt_text", None) or data["alt"]
        elif kind == "document":
            document = value.get("document")
            if document is None or document_is_private(document):
                continue
            data = {"title": value.get("title") or document.title, "url": absolute(request, document.url)}
        else:
            data = block.block.get_api_representation(value, context={"request": request})
        items.append({"type": kind, "value": data})
    return items


class Choice(serializers.Serializer):
    code = serializers.CharField(help_text="代码（用于筛选参数）")
    label = serializers.CharField(help_text="中文名称")


class Named(serializers.Serializer):
    slug = serializers.CharField(help_text="网址代号（用于筛选参数）")
    name = serializers.CharField(help_text="中文名称")


class PageLink(serializers.Serializer):
    id = serializers.IntegerField(help_text="稳定 ID")
    slug = serializers.CharField()
    title = serializers.CharField()


class Image(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    alt = serializers.CharField(allow_blank=True)


class Block(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=["heading", "paragraph", "image", "quote", "tip", "steps", "document"],
        help_text="块类型：小标题、正文段落（HTML）、图片、引文、小贴士、活动步骤、附件",
    )
    value = serializers.JSONField(help_text="块内容；正文段落为 HTML 字符串，其余为对象")


class Location(serializers.Serializer):
    longitude = serializers.FloatField(help_text="经度，WGS-84")
    latitude = serializers.FloatField(help_text="纬度，WGS-84")
    coordinate_system = serializers.CharField(help_text="坐标系，总是 WGS-84")
    precision = serializers.ChoiceField(
        choices=["exact", "district"],
        help_text="exact：核实过的位置；district：只知道区县，坐标为区县中心",
    )
    note = serializers.CharField(allow_blank=True, help_text="精度为 district 时说明坐标标在哪里")


def location_of(place):
    """WGS-84 point and precision, by the map's own conversion (bases.sites.geo)."""
    point = published_point(place)
    if point is None:
        return None
    lng, lat, precision = point
    return {
        "longitude": lng,
        "latitude": lat,
        "coordinate_system": "WGS-84",
        "precision": precision,
        "note": "" if precision == "exact" else centre_note(place.district),
    }


class PageSerializer(serializers.Serializer):
    """Fields every page has."""

    id = serializers.IntegerField(help_text="稳定 ID：页面改名、移动后不变")
    slug = serializers.CharField(help_text="网址代号；编辑可能修改，长期保存请用 id")
    title = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="网站上的页面地址")
    summary = serializers.CharField(allow_blank=True)
    cover_image = serializers.SerializerMethodField()
    is_example = serializers.BooleanField(help_text="true 表示演示或尚未核实的内容（页面上标注“示例”）")
    first_published_at = serializers.DateTimeField(allow_null=True)
    last_published_at = serializers.DateTimeField(allow_null=True)

    @property
    def request(self):
        return self.context.get("request")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, page):
        return page.get_full_url(self.request)

    @extend_schema_field(Image(allow_null=True))
    def get_cover_image(self, page):
        return rendition_of(page.cover_image, CARD_IMAGE_SPEC, self.request)

    def public_ids(self, model):
        return self.context["view"].public_ids(model)


def age_stages(page):
    return [{"slug": stage.slug, "name": stage.name} for stage in page.age_stages.all()]


def topics(page):
    return [{"slug": tag.slug, "name": tag.name} for tag in page.tags.all()]


# --- Courses -----------------------------------------------------------------------------------


class Session(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)
    venue = serializers.CharField(allow_blank=True)
    online_url = serializers.CharField(allow_blank=True)
    class_hours = serializers.DecimalField(max_digits=4, decimal_places=1, coerce_to_string=False)


class CourseSerializer(PageSerializer):
    kind = serializers.SerializerMethodField(help_text="课程类型")
    age_stages = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()
    organiser = serializers.CharField(allow_blank=True)
    class_hours = serializers.SerializerMethodField(help_text="总课时")
    sessions = serializers.SerializerMethodField()

    @extend_schema_field(Choice)
    def get_kind(self, page):
        return {"code": page.kind, "label": page.get_kind_display()}

    @extend_schema_field(Named(many=True))
    def get_age_stages(self, page):
        return age_stages(page)

    @extend_schema_field(Named(many=True))
    def get_topics(self, page):
        return topics(page)

    @extend_schema_field(OpenApiTypes.NUMBER)
    def get_class_hours(self, page):
        hours = page.total_class_hours
        return float(hours) if hours is not None else None

    @extend_schema_field(Session(many=True))
    def get_sessions(self, page):
        return Session(page.ordered_sessions, many=True).data


class CourseDetailSerializer(CourseSerializer):
    body = serializers.SerializerMethodField(help_text="课程介绍")

    @extend_schema_field(Block(many=True))
    def get_body(self, page):
        return stream_data(page.body, self.request)


# --- Micro-lessons -------------------------------------------------------------------------------


class LessonMedia(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["video", "audio"])
    url = serializers.URLField(help_text="媒体文件地址")
    thumbnail = serializers.URLField(allow_null=True)
    duration_seconds = serializers.FloatField(allow_null=True)


class LessonSerializer(PageSerializer):
    media_kind = serializers.ChoiceField(choices=["video", "audio", "text"], help_text="视频、音频或图文")
    media = serializers.SerializerMethodField(help_text="视频或音频；图文微课为 null")
    duration_minutes = serializers.IntegerField()
    age_stages = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()
    activity = serializers.SerializerMethodField(help_text="亲子三刻钟活动；不属于时为 null")
    course = serializers.SerializerMethodField(help_text="所属课程（仅当该课程已发布且公开）")
    transcript = serializers.SerializerMethodField(help_text="文字稿（HTML）")

    @extend_schema_field(LessonMedia(allow_null=True))
    def get_media(self, page):
        media = page.lesson_media
        if media is None:
            return None
        return {
            "kind": media.type,
            "url": absolute(self.request, media.url),
            "thumbnail": absolute(self.request, media.thumbnail.url) if media.thumbnail else None,
            "duration_seconds": float(media.duration) if media.duration else None,
        }

    @extend_schema_field(Named(many=True))
    def get_age_stages(self, page):
        return age_stages(page)

    @extend_schema_field(Named(many=True))
    def get_topics(self, page):
        return topics(page)

    @extend_schema_field(Choice(allow_null=True))
    def get_activity(self, page):
        return {"code": page.activity, "label": page.get_activity_display()} if page.activity else None

    @extend_schema_field(PageLink(allow_null=True))
    def get_course(self, page):
        course = page.course
        if course is None or course.pk not in self.public_ids(CoursePage):
            return None
        return {"id": course.pk, "slug": course.slug, "title": course.title}

    @extend_schema_field(OpenApiTypes.STR)
    def get_transcript(self, page):
        return expand_db_html(page.transcript or "")


class LessonDetailSerializer(LessonSerializer):
    body = serializers.SerializerMethodField(help_text="正文")

    @extend_schema_field(Block(many=True))
    def get_body(self, page):
        return stream_data(page.body, self.request)


# --- Innovation bases ---------------------------------------------------------------------------


class Term(serializers.Serializer):
    batch_year = serializers.IntegerField(help_text="命名批次（年）")
    start_date = serializers.DateField(help_text="有效期开始（含）")
    end_date = serializers.DateField(help_text="有效期结束（含）")
    document_title = serializers.CharField(help_text="命名文件")
    document_number = serializers.CharField(allow_blank=True, help_text="文号")


class Status(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=["valid", "expiring", "expired", "revoked", ""],
        help_text="有效、即将到期（6 个月内）、已到期、已撤销；空字符串表示有效期待登记",
    )
    label = serializers.CharField()
    revoked_on = serializers.DateField(allow_null=True, help_text="撤销生效日期（仅已撤销时）")


class Report(serializers.Serializer):
    year = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()
    guidance_activities = serializers.IntegerField(help_text="开展家庭教育指导活动（场次）")
    families_served = serializers.IntegerField(help_text="服务家庭（户次）")


class BaseSerializer(PageSerializer):
    kind = serializers.SerializerMethodField()
    district = serializers.SerializerMethodField()
    address = serializers.CharField(allow_blank=True)
    location = serializers.SerializerMethodField()
    contact_phone = serializers.CharField(allow_blank=True, help_text="对外公开的联系电话")
    visit_notes = serializers.CharField(allow_blank=True)
    status = serializers.SerializerMethodField(help_text="今天（重庆时间）的状态，按有效期和撤销计算")
    current_term = serializers.SerializerMethodField()
    terms = serializers.SerializerMethodField(help_text="全部命名记录，最新在前")

    @extend_schema_field(Choice)
    def get_kind(self, base):
        return {"code": base.kind, "label": base.get_kind_display()}

    @extend_schema_field(Choice)
    def get_district(self, base):
        return {"code": base.district, "label": base.district_label}

    @extend_schema_field(Location(allow_null=True))
    def get_location(self, base):
        return location_of(base)

    @extend_schema_field(Status)
    def get_status(self, base):
        code = base.status_code or ""
        revoked_on = getattr(base, "term_revoked_on", None) if code == "revoked" else None
        return {"code": code, "label": base.status_label, "revoked_on": revoked_on}

    @extend_schema_field(Term(allow_null=True))
    def get_current_term(self, base):
        term = base.current_term
        return Term(term).data if term else None

    @extend_schema_field(Term(many=True))
    def get_terms(self, base):
        return Term(base.ordered_terms, many=True).data


class BaseDetailSerializer(BaseSerializer):
    introduction = serializers.SerializerMethodField(help_text="基地介绍（HTML）")
    practices = serializers.SerializerMethodField(help_text="特色做法与活动")
    reports = serializers.SerializerMethodField(help_text="已通过审核并公开的年度工作报告")

    @extend_schema_field(OpenApiTypes.STR)
    def get_introduction(self, base):
        return expand_db_html(base.introduction or "")

    @extend_schema_field(Block(many=True))
    def get_practices(self, base):
        return stream_data(base.practices, self.request)

    @extend_schema_field(Report(many=True))
    def get_reports(self, base):
        reports = YearlyReportPage.objects.child_of(base).live().public().order_by("-year")
        return [
            {
                "year": report.year,
                "title": report.title,
                "url": report.get_full_url(self.request),
                "guidance_activities": report.guidance_activities,
                "families_served": report.families_served,
            }
            for report in reports
        ]


# --- Practice sites and open days -------------------------------------------------------------


class OpenDaySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="稳定 ID")
    title = serializers.CharField(source="display_title")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    audience = serializers.CharField(help_text="面向对象")
    places_offered = serializers.IntegerField(
        source="capacity", allow_null=True, help_text="名额（组家庭）；null 表示不限名额"
    )
    places_left = serializers.SerializerMethodField(help_text=NO_PLACES_LEFT_NOTE)
    sign_up = serializers.CharField(allow_blank=True, help_text="报名方式")
    sign_up_url = serializers.CharField(allow_blank=True)
    is_example = serializers.BooleanField()

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_places_left(self, day):
        return None


class UpcomingOpenDaySerializer(OpenDaySerializer):
    site = serializers.SerializerMethodField(help_text="所在实践点位")

    @extend_schema_field(PageLink)
    def get_site(self, day):
        return {"id": day.page.pk, "slug": day.page.slug, "title": day.page.title}


class SiteSerializer(PageSerializer):
    category = serializers.SerializerMethodField()
    district = serializers.SerializerMethodField()
    address = serializers.CharField(allow_blank=True)
    location = serializers.SerializerMethodField()
    organisation = serializers.CharField(allow_blank=True, help_text="所属单位")
    contact_phone = serializers.CharField(allow_blank=True, help_text="对外公开的联系电话")
    visit_notes = serializers.CharField(allow_blank=True, help_text="开放说明")
    appointment_required = serializers.BooleanField()
    barrier_free = serializers.BooleanField()
    accessibility_notes = serializers.CharField(allow_blank=True)
    age_stages = serializers.SerializerMethodField()
    base = serializers.SerializerMethodField(help_text="所属创新实践基地（仅当已发布且公开）")
    upcoming_open_days = serializers.SerializerMethodField(help_text="尚未结束的开放日，按时间先后")

    @extend_schema_field(Named)
    def get_category(self, site):
        return {"slug": site.category.slug, "name": site.category.name}

    @extend_schema_field(Choice)
    def get_district(self, site):
        return {"code": site.district, "label": site.district_label}

    @extend_schema_field(Location(allow_null=True))
    def get_location(self, site):
        return location_of(site)

    @extend_schema_field(Named(many=True))
    def get_age_stages(self, site):
        return age_stages(site)

    @extend_schema_field(PageLink(allow_null=True))
    def get_base(self, site):
        if site.base_id is None or site.base_id not in self.public_ids(InnovationBasePage):
            return None
        return {"id": site.base.pk, "slug": site.base.slug, "title": site.base.title}

    @extend_schema_field(OpenDaySerializer(many=True))
    def get_upcoming_open_days(self, site):
        return OpenDaySerializer(site.upcoming_open_days(self.context["now"]), many=True).data


class SiteDetailSerializer(SiteSerializer):
    introduction = serializers.SerializerMethodField(help_text="点位介绍（HTML）")

    @extend_schema_field(OpenApiTypes.STR)
    def get_introduction(self, site):
        return expand_db_html(site.introduction or "")
