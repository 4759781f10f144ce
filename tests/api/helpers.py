"""The API's endpoints, enumerated from the router and the URL resolver (never a hand list)."""

from django.urls import get_resolver, reverse

from home.api.urls import router


def api_endpoints():
    """{basename: "/api/v2/<prefix>/"} for every endpoint the router registers, each proven to
    be mounted (the resolver sends its URL back to the same route)."""
    resolver = get_resolver()
    paths = {}
    for prefix, _viewset, basename in router.registry:
        path = reverse(f"{basename}-list")
        assert resolver.resolve(path).url_name == f"{basename}-list"
        assert path.endswith(f"/{prefix}/")
        paths[basename] = path
    return paths


def api_list_paths():
    return api_endpoints()


def api_detail_path(basename, pk):
    return reverse(f"{basename}-detail", args=[pk])
