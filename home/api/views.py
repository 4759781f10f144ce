"""The read-only open-data API (/api/v2/): courses, micro-lessons, innovation bases, practice
sites and upcoming open days, for the district apps and mini-programs.

Django REST framework rather than Wagtail's API v2: the issue needs an OpenAPI 3 schema that
schemathesis tests responses against, and a 400 with the reason for a bad parameter. DRF with
drf-spectacular generates the schema from the serializers and views; Wagtail's API v2 has no
schema generator, describes fields loosely (``meta``, ``fields=*``) and answers unknown filter
values its own way. What the API shows is the same as the pages: only live, public pages,
filtered by the pages' own FilterSets and searched through the site's search pipeline.
"""

from django.conf import settings
from django.db.models import Max, Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.functional import cached_property
from django.utils.http import http_date
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from wagtail.models import ModelLogEntry, PageLogEntry

from bases.filters import BaseFilter
from bases.models import InnovationBasePage, OpenDay, PracticeSitePage
from bases.sites.filters import SiteFilter, period_end
from home.base_page import card_image_prefetch
from resources.filters import CourseFilter, MicroLessonFilter
from resources.models import CoursePage, MicroLessonPage
from search.query import engine_hits, search_ids

from . import serializers as api
from .filters import (
    MAX_SEARCH_LENGTH,
    MAX_SLUG_LENGTH,
    BadParameters,
    PageFilterBackend,
    bind_filterset,
    check_characters,
    order_by_ids,
)

# --- Rate limit, paging, errors -------------------------------------------------------------------


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    page_query_description = "页码，从 1 开始；超出范围返回 404。"
    page_size_query_description = "每页条数，1–100，默认 20。"

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise BadParameters(
                {"page_size": f"每页条数（page_size）必须是 1 到 {self.max_page_size} 的整数。"}
            )
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and (not raw.isdigit() or int(raw) < 1 or len(raw) > 9):
            raise BadParameters({"page": "页码（page）必须是正整数。"})
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 999999999}
            else:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="原因")


class BadParametersSerializer(serializers.Serializer):
    error = serializers.CharField()
    errors = serializers.DictField(child=serializers.CharField(), help_text="{参数名: 原因}")


ERRORS = {
    400: OpenApiResponse(BadParametersSerializer, description="参数有误：errors 逐个说明原因"),
    404: OpenApiResponse(ErrorSerializer, description="没有这个条目（或页码超出范围）"),
    429: OpenApiResponse(ErrorSerializer, description="请求太频繁（按来源地址限速）"),
}


MAX_ID = 2**63 - 1  # bigint
ID_PARAMETER = OpenApiParameter(
    "id",
    {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID},
    OpenApiParameter.PATH,
    description="稳定 ID（列表中的 id）；不是正整数时返回 400",
)


def documented(list_serializer, detail_serializer, what, list_text, detail_text):
    return extend_schema_view(
        list=extend_schema(
            summary=f"{what}列表",
            description=list_text,
            responses={200: list_serializer(many=True), **ERRORS},
        ),
        retrieve=extend_schema(
            summary=f"单个{what}",
            description=detail_text,
            parameters=[ID_PARAMETER],
            responses={200: detail_serializer, **ERRORS},
        ),
    )


# --- The shared view ----------------------------------------------------------------------------


class PublicReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Lists and items of published, public content with the pages' filters, search, slugs,
    paging, ETag / Last-Modified and public cache headers."""

    # No accounts here: an admin's session changes nothing (settings.REST_FRAMEWORK keeps DRF's
    # default session authentication for Wagtail's admin API).
    authentication_classes = []
    filterset_class = None
    filter_names = ()
    filter_backends = [PageFilterBackend]
    pagination_class = Pagination
    detail_serializer_class = None
    searchable = True
    # Any segment reaches the view, so a malformed id gets a JSON 400 rather than the HTML 404.
    lookup_value_regex = "[^/]+"

    # --- querysets ---

    def base_queryset(self):
        """Every item the public may see (live and public pages only)."""
        raise NotImplementedError

    def filterset_kwargs(self):
        return {}

    def listing(self, queryset):
        """Related data the serializer needs, in a fixed number of queries."""
        return queryset

    def order(self, queryset):
        return queryset

    @cached_property
    def now(self):
        return timezone.now()

    def get_queryset(self):
        queryset = self.base_queryset()
        if self.action != "list":
            return self.listing(queryset)
        params = self.request.query_params
        errors = check_characters(params)
        search = params.get("search", "")
        if len(search) > MAX_SEARCH_LENGTH:
            errors["search"] = f"搜索词太长（最多 {MAX_SEARCH_LENGTH} 个字符）。"
        if errors:
            raise BadParameters(errors)
        queryset = self.apply_filters(queryset, params)
        if len(params.get("slug", "")) > MAX_SLUG_LENGTH:
            raise BadParameters({"slug": f"网址代号（slug）最多 {MAX_SLUG_LENGTH} 个字符。"})
        if "slug" in params:
            queryset = self.by_slug(queryset, params["slug"])
        if search.strip() and self.searchable:
            filtered = "slug" in params or any(name in params for name in self.filter_names)
            return self.search(queryset, search.strip(), filtered)
        return self.listing(self.order(queryset))

    def apply_filters(self, queryset, params):
        return bind_filterset(
            self.filterset_class, params, queryset, self.filter_names, **self.filterset_kwargs()
        ).qs

    def by_slug(self, queryset, slug):
        return queryset.filter(slug=slug)

    def search(self, queryset, query, filtered):
        """Relevance order from the site's search pipeline (search.query): Chinese bigrams,
        pinyin and title-first ranking. On an engine, the engine counts and pages (exact totals,
        from / size) and only the shown items are loaded; on the database backend, the ranked
        ids order the queryset. ``filtered``: the filters or the slug narrowed the queryset."""
        hits = engine_hits(query, self.listing(queryset), restrict=filtered)
        if hits is not None:
            return hits
        ids, _partial, _notice = search_ids(query)
        return self.listing(order_by_ids(queryset, ids))

    def public_ids(self, model):
        """Ids of the live, public pages of ``model`` (for links between items), one query."""
        cache = self.__dict__.setdefault("_public_ids", {})
        if model not in cache:
            cache[model] = set(model.objects.live().public().values_list("pk", flat=True))
        return cache[model]

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": self.now}

    def get_object(self):
        value = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_ID):
            raise BadParameters({"id": "id 必须是正整数。"})
        try:
            return super().get_object()
        except (Http404, NotFound) as exc:
            raise NotFound("没有这个条目，或者它尚未公开。") from exc

    # --- Last-Modified -----------------------------------------------------------------------

    def published_at(self, item):
        return item.last_published_at

    def time_dependent_since(self):
        """When the answer last changed by the clock alone (a status, an open day that ended)."""
        return None

    def last_modified(self, items):
        """The latest of: the items' publication, any content change the site logged (publish,
        unpublish, delete of pages; terms and revocations of bases), and ``time_dependent_since``.
        Never later than now; ETag is exact where this is coarse."""
        times = [self.published_at(item) for item in items]
        times.append(PageLogEntry.objects.aggregate(latest=Max("timestamp"))["latest"])
        times.append(ModelLogEntry.objects.aggregate(latest=Max("timestamp"))["latest"])
        times.append(self.time_dependent_since())
        times = [time for time in times if time is not None]
        return min(max(times), self.now) if times else None

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        response = self.get_paginated_response(serializer.data)
        response.last_modified_at = self.last_modified(page)
        return response

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        response.last_modified_at = self.last_modified([instance])
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code != 200 or request.method not in ("GET", "HEAD"):
            return response
        response.render()
        set_response_etag(response)
        last_modified = getattr(response, "last_modified_at", None)
        if last_modified is not None:
            response.headers["Last-Modified"] = http_date(last_modified.timestamp())
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds:
            patch_cache_control(response, public=True, max_age=min(seconds, settings.API_CACHE_SECONDS))
        conditional = get_conditional_response(
            request,
            etag=response.headers.get("ETag"),
            last_modified=last_modified.timestamp() if last_modified else None,
            response=response,
        )
        return conditional


# --- Endpoints ----------------------------------------------------------------------------------


@documented(
    api.CourseSerializer,
    api.CourseDetailSerializer,
    "课程",
    "已发布的课程，最新发布在前；筛选与 /courses/ 页面相同（kind、age、topic）。",
    "一门课程：排课、课时和课程介绍。",
)
class CourseViewSet(PublicReadOnlyViewSet):
    serializer_class = api.CourseSerializer
    detail_serializer_class = api.CourseDetailSerializer
    filterset_class = CourseFilter
    filter_names = ("kind", "age", "topic")

    def base_queryset(self):
        return CoursePage.objects.live().public()

    def order(self, queryset):
        return queryset.order_by("-first_published_at", "-pk")

    def listing(self, queryset):
        return queryset.prefetch_related(card_image_prefetch(), "age_stages", "tags", "sessions")


@documented(
    api.LessonSerializer,
    api.LessonDetailSerializer,
    "微课",
    "已发布的微课（视频、音频或图文），最新发布在前；带媒体文件地址和文字稿。"
    "筛选与 /lessons/ 页面相同（age、topic、activity、media）。",
    "一节微课：媒体文件地址、文字稿和正文。",
)
class LessonViewSet(PublicReadOnlyViewSet):
    serializer_class = api.LessonSerializer
    detail_serializer_class = api.LessonDetailSerializer
    filterset_class = MicroLessonFilter
    filter_names = ("age", "topic", "activity", "media")

    def base_queryset(self):
        return MicroLessonPage.objects.live().public()

    def order(self, queryset):
        return queryset.order_by("-first_published_at", "-pk")

    def listing(self, queryset):
        return queryset.select_related("lesson_media", "course").prefetch_related(
            card_image_prefetch(), "age_stages", "tags"
        )


@documented(
    api.BaseSerializer,
    api.BaseDetailSerializer,
    "创新实践基地",
    "重庆市家庭教育创新实践基地，当前有效的在前，已到期、已撤销的作为历史保留；状态按今天（重庆时间）计算。"
    "筛选与 /bases/ 页面相同（district、kind、status）。",
    "一个基地：状态、全部命名记录、介绍、特色做法和已公开的年度工作报告。",
)
class BaseViewSet(PublicReadOnlyViewSet):
    serializer_class = api.BaseSerializer
    detail_serializer_class = api.BaseDetailSerializer
    filter_names = ("district", "kind", "status")

    @property
    def filterset_class(self):
        return BaseFilter

    def base_queryset(self):
        return InnovationBasePage.objects.live().public().with_status()

    def order(self, queryset):
        return queryset.ordered_current_first()

    def listing(self, queryset):
        return queryset.prefetch_related(card_image_prefetch(), "terms")

    def time_dependent_since(self):
        # Statuses change at midnight in Chongqing.
        local = timezone.localtime(self.now)
        return local.replace(hour=0, minute=0, second=0, microsecond=0)


class SiteFilterMixin:
    """The map's filters (bases.sites.filters.SiteFilter) on practice sites."""

    filter_names = ("category", "district", "when", "no_appointment", "barrier_free", "age")

    @property
    def filterset_class(self):
        return SiteFilter

    def filterset_kwargs(self):
        return {"now": self.now}

    def site_queryset(self):
        return PracticeSitePage.objects.live().public()

    def time_dependent_since(self):
        # Upcoming open days change when one ends.
        return OpenDay.objects.filter(ends_at__lte=self.now).aggregate(latest=Max("ends_at"))["latest"]


@documented(
    api.SiteSerializer,
    api.SiteDetailSerializer,
    "实践点位",
    "实践点位，坐标为 WGS-84 并注明精度（只知道区县时给区县中心）；带尚未结束的开放日。"
    "筛选与 /map/ 页面相同（category、district、when、no_appointment、barrier_free、age）。",
    "一个实践点位：位置、到访信息、所属基地和开放日。",
)
class SiteViewSet(SiteFilterMixin, PublicReadOnlyViewSet):
    serializer_class = api.SiteSerializer
    detail_serializer_class = api.SiteDetailSerializer

    def base_queryset(self):
        return self.site_queryset()

    def order(self, queryset):
        return queryset.order_by("path")

    def listing(self, queryset):
        return queryset.select_related("category", "base").prefetch_related(
            card_image_prefetch(),
            "age_stages",
            Prefetch("open_days", queryset=OpenDay.objects.order_by("starts_at")),
        )


@documented(
    api.UpcomingOpenDaySerializer,
    api.UpcomingOpenDaySerializer,
    "开放日",
    "尚未结束的家庭开放日，按开始时间先后；places_offered 为名额，places_left 在报名功能上线前为 null。"
    "筛选作用于所在点位，与 /map/ 页面相同；when=week / month 还只保留本周 / 本月内的开放日。"
    "search 按点位搜索。",
    "一个尚未结束的开放日。",
)
class OpenDayViewSet(SiteFilterMixin, PublicReadOnlyViewSet):
    serializer_class = api.UpcomingOpenDaySerializer

    def base_queryset(self):
        return OpenDay.objects.filter(page__in=self.site_queryset().values("pk"), ends_at__gte=self.now)

    def apply_filters(self, queryset, params):
        filterset = bind_filterset(
            self.filterset_class, params, self.site_queryset(), self.filter_names, **self.filterset_kwargs()
        )
        queryset = queryset.filter(page__in=filterset.qs.values("pk"))
        when = filterset.form.cleaned_data.get("when")
        if when:
            queryset = queryset.filter(starts_at__lt=period_end(self.now, when))
        return queryset

    def by_slug(self, queryset, slug):
        return queryset.filter(page__slug=slug)

    def search(self, queryset, query, filtered):
        """Open days of the practice sites matching ``query`` (all of them: on an engine, its
        whole result window), in time order."""
        hits = engine_hits(query, self.site_queryset(), restrict=False)
        if hits is not None:
            sites = hits.ids(0, len(hits))
        else:
            sites, _partial, _notice = search_ids(query)
        return self.listing(queryset.filter(page__in=sites).order_by("starts_at", "pk"))

    def order(self, queryset):
        return queryset.order_by("starts_at", "pk")

    def listing(self, queryset):
        return queryset.select_related("page")

    def published_at(self, item):
        return item.page.last_published_at
