"""The API's documentation page (/api/docs/): rendered by the site from the OpenAPI schema
itself, in Chinese, with curl examples. Plain HTML with the site's own stylesheet: nothing is
loaded from another host and no JavaScript is needed."""

from django.shortcuts import render
from django.utils.cache import patch_cache_control
from drf_spectacular.generators import SchemaGenerator
from rest_framework.request import Request

METHODS = ("get",)


def _type_text(schema):
    if schema.get("type") == "array":
        return f"{_type_text(schema.get('items', {}))}，可多个"
    enum = schema.get("enum")
    if enum:
        return "取值：" + " / ".join(str(value) for value in enum)
    bounds = []
    if "minimum" in schema:
        bounds.append(f"≥ {schema['minimum']}")
    if "maximum" in schema:
        bounds.append(f"≤ {schema['maximum']}")
    kind = {"integer": "整数", "string": "字符串", "boolean": "布尔值"}.get(schema.get("type"), "")
    return " ".join([kind, *bounds]).strip()


def operations(schema):
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            yield {
                "method": method.upper(),
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [
                    {
                        "name": parameter["name"],
                        "where": {"query": "查询参数", "path": "路径参数"}.get(
                            parameter["in"], parameter["in"]
                        ),
                        "type": _type_text(parameter.get("schema", {})),
                        "description": parameter.get("description", ""),
                    }
                    for parameter in operation.get("parameters", [])
                ],
                "responses": [
                    {"code": code, "description": response.get("description", "")}
                    for code, response in operation.get("responses", {}).items()
                ],
            }


def documentation(request, patterns):
    schema = SchemaGenerator(patterns=patterns).get_schema(request=Request(request), public=True)
    context = {
        "info": schema.get("info", {}),
        "operations": list(operations(schema)),
        "base_url": request.build_absolute_uri("/").rstrip("/"),
    }
    response = render(request, "api/docs.html", context)
    patch_cache_control(response, public=True, max_age=300)
    return response
