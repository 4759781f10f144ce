"""The pages' own filters (django-filter FilterSets), applied to the API's lists.

The API does not define filters of its own: each endpoint names the FilterSet of the page that
lists the same things (resources.filters for /courses/ and /lessons/, bases.filters for /bases/,
bases.sites.filters for /map/), so the same query string gives the same items on the page and
in the API. The difference is what happens to a value the site does not know: the page
ignores it with a message, the API answers 400 with the reason, parameter by parameter.

The OpenAPI description of the parameters is built from the same FilterSet when the schema is
generated (choices become enums, several values are an array), so it always matches.
"""

import django_filters
from django.db.models import Case, IntegerField, Value, When
from rest_framework.exceptions import APIException

MAX_VALUES = 50  # per parameter
MAX_SEARCH_LENGTH = 100
MAX_SLUG_LENGTH = 255


class BadParameters(APIException):
    """400 with the reason for every parameter the API cannot use."""

    status_code = 400
    default_code = "bad_parameters"

    def __init__(self, errors):
        self.detail = {"error": "请求参数有误，请检查后重试。", "errors": errors}


def check_characters(params):
    """Control characters (NUL and the like) are never part of a slug or a search word."""
    errors = {}
    for name, values in params.lists():
        if any(ch < " " for value in values for ch in value):
            errors[name] = f"参数“{name}”含有控制字符。"
        elif len(values) > MAX_VALUES:
            errors[name] = f"参数“{name}”的取值太多（最多 {MAX_VALUES} 个）。"
    return errors


def bind_filterset(filterset_class, params, queryset, names, **kwargs):
    """The page's FilterSet bound to the parameters it knows; raises BadParameters."""
    data = params.copy()
    for name in list(data):
        if name not in names:
            del data[name]
    filterset = filterset_class(data, queryset=queryset, **kwargs)
    if not filterset.form.is_valid():
        errors = {}
        for name, messages in filterset.form.errors.items():
            if name in filterset.form.fields:
                label = filterset.form.fields[name].label
                values = "、".join(params.getlist(name))
                errors[name] = f"筛选条件“{label}”（{name}）的值“{values}”无法识别：{' '.join(messages)}"
        raise BadParameters(errors)
    return filterset


def order_by_ids(queryset, ids):
    """``queryset`` restricted to ``ids``, in that order (search relevance)."""
    if not ids:
        return queryset.none()
    position = Case(
        *[When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)], output_field=IntegerField()
    )
    return queryset.filter(pk__in=ids).annotate(search_rank=position).order_by("search_rank")


def _choices(filterset, name):
    """The values a filter accepts, as the form field knows them."""
    field = filterset.form.fields[name]
    queryset = getattr(field, "queryset", None)
    if queryset is not None:
        key = field.to_field_name or "pk"
        return [str(value) for value in queryset.order_by(key).values_list(key, flat=True)]
    return [str(value) for value, _ in field.choices if value != ""]


def filter_parameters(filterset_class, queryset, names, **kwargs):
    """OpenAPI 3 parameter objects for the FilterSet's filters named in ``names``."""
    filterset = filterset_class(None, queryset=queryset, **kwargs)
    parameters = []
    for name in names:
        filter_ = filterset.filters[name]
        choices = _choices(filterset, name)
        if not choices:
            continue  # nothing to choose from yet (e.g. no topics): any value would be refused
        label = str(filterset.form.fields[name].label)
        several = isinstance(
            filter_, django_filters.MultipleChoiceFilter | django_filters.ModelMultipleChoiceFilter
        )
        if several:
            schema = {"type": "array", "items": {"type": "string", "enum": choices}, "maxItems": MAX_VALUES}
            description = f"{label}；可重复给出多个值（任一匹配）。未知的值返回 400。"
        else:
            # Empty means no filter, as the page's form sends it.
            schema = {"type": "string", "enum": ["", *choices]}
            description = f"{label}；留空表示不限。未知的值返回 400。"
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": description,
                "schema": schema,
                **({"style": "form", "explode": True} if several else {}),
            }
        )
    return parameters


class PageFilterBackend:
    """Filters, search and ``slug`` for a view that names ``filterset_class`` and ``filter_names``;
    the view applies them (it knows its queryset), this class describes them for the schema."""

    def filter_queryset(self, request, queryset, view):
        return queryset

    def get_schema_operation_parameters(self, view):
        parameters = filter_parameters(
            view.filterset_class, view.base_queryset(), view.filter_names, **view.filterset_kwargs()
        )
        parameters += [
            {
                "name": "search",
                "in": "query",
                "required": False,
                "description": (
                    "搜索词：按全站搜索的中文分析（中文部分词、拼音、中英混合），结果按相关度排序。"
                    f"最多 {MAX_SEARCH_LENGTH} 个字符。"
                ),
                "schema": {"type": "string", "maxLength": MAX_SEARCH_LENGTH, "pattern": "^[^\\x00-\\x1f]*$"},
            },
            {
                "name": "slug",
                "in": "query",
                "required": False,
                "description": "只返回网址代号等于这个值的条目（0 或 1 条）。",
                "schema": {"type": "string", "maxLength": MAX_SLUG_LENGTH, "pattern": "^[^\\x00-\\x1f]*$"},
            },
        ]
        return parameters
