"""The walk: every admin URL pattern (from the URL resolver, not a hand list) requested as a base
account and as a district reviewer, with its parameters filled with the ids of another base's
and another district's private objects; no answer (after following redirects, so denial
messages count) may contain their markers. Then every public URL pattern, filled the same way,
requested anonymously: no unpublished or private upload or page is served."""

import re
from urllib.parse import urljoin, urlsplit

from django.contrib.messages import get_messages
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

from tests.privacy.world import FORBIDDEN, build_world

PARAM = re.compile(r"<(?:\w+:)?(?P<a>\w+)>|\(\?P<(?P<b>\w+)>[^)]*\)|\((?!\?)[^)]*\)")
# POST-only actions, views that end the session, Wagtail's deliberate-error page, the catch-all 404.
SKIP = re.compile(
    r"logout|/action/<str:action_name>|^admin/failwhale/|^admin/\.\*/$|authenticate_with_password"
)


def all_patterns(patterns=None, prefix=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from all_patterns(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route.replace("^", "").replace("$", "").replace("\\.", ".")


def fill(route, scenario):
    """The route with every parameter replaced by the scenario's value for it."""
    position = iter(range(100))

    def value(match):
        name = match.group("a") or match.group("b") or f"_{next(position)}"
        app_label, model_name = scenario["model"]
        if name in ("app_label", "content_type_app_name"):
            return app_label
        if name in ("model_name", "content_type_model_name"):
            return model_name
        if name == "media_type":
            return "audio"
        if name == "action":
            return scenario["action"]
        if "revision" in name:
            return str(scenario["revision"])
        if name == "path":
            return scenario.get("path", "x")
        if name == "_1":  # /documents/<id>/<filename>
            return scenario.get("filename", "x")
        if "page" in name or name == "destination_id":
            return str(scenario["page"])
        return str(scenario["id"])

    return PARAM.sub(value, route)


class WalkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        w = cls.w = build_world()
        report_rev = w.report_b.save_revision().pk
        w.base_b.summary = "乙基地待审核的修改 SECRETB-draft"
        base_rev = w.base_b.save_revision().pk
        page = {"page": w.report_b.pk, "revision": report_rev}
        cls.scenarios = [
            {"id": w.report_b.pk, "model": ("wagtailcore", "page"), **page},
            {
                "id": w.base_b.pk,
                "model": ("bases", "innovationbasepage"),
                "page": w.base_b.pk,
                "revision": base_rev,
            },
            {"id": w.doc_b.pk, "model": ("wagtaildocs", "document"), "filename": w.doc_b.filename, **page},
            {
                "id": w.revocation_doc_w.pk,
                "model": ("wagtaildocs", "document"),
                "filename": w.revocation_doc_w.filename,
                **page,
            },
            {"id": w.image_b.pk, "model": ("wagtailimages", "image"), "path": w.image_b.file.name, **page},
            {"id": w.media_b.pk, "model": ("wagtailmedia", "media"), "path": w.media_b.file.name, **page},
            {"id": w.request_w.pk, "model": ("bases", "revocationrequest"), **page},
        ]

    KINDS = {
        "documents": "wagtaildocs",
        "images": "wagtailimages",
        "media": "wagtailmedia",
        "snippets": "bases",
    }

    def relevant(self, route):
        """The scenarios worth trying on a route: documents on document views, etc.; every one
        on routes that name the model in a parameter (bulk actions, generic choosers)."""
        if "app_label" in route:
            return self.scenarios
        for word, app_label in self.KINDS.items():
            if word in route.split("<")[0].split("(")[0]:
                return [s for s in self.scenarios if s["model"][0] == app_label] or self.scenarios
        return [s for s in self.scenarios if s["model"][0] in ("wagtailcore", "bases")]

    def urls(self, admin):
        urls = set()
        for route in all_patterns():
            if route.startswith("admin/") != admin or SKIP.search(route):
                continue
            if not PARAM.search(route):
                urls.add("/" + route)
                continue
            for scenario in self.relevant(route):
                if "<action>" in route or "<str:action>" in route:
                    actions = bulk_action_registry.get_bulk_actions_for_model(*scenario["model"])
                    for action in actions:
                        url = "/" + fill(route, {**scenario, "action": action.action_type})
                        urls.add(f"{url}?id={scenario['id']}&next=/admin/")
                else:
                    urls.add("/" + fill(route, scenario))
        return sorted(urls)

    def body(self, response):
        if response.streaming:
            return b"".join(response.streaming_content).decode("utf-8", "replace").lower()
        return response.content.decode("utf-8", "replace").lower()

    def messages(self, client, response):
        """The text of the messages waiting to be shown (the next page would render them), removed
        from the client's storage so that the page they would appear on renders the same for every
        URL that redirects to it."""
        texts = [str(message) for message in get_messages(response.wsgi_request)]
        if texts:
            client.cookies.pop("messages", None)
            if "_messages" in response.wsgi_request.session:  # the session fallback (long messages)
                session = client.session
                session.pop("_messages", None)
                session.save()
        return "\n".join(texts).lower()

    def visit(self, client, url, role, targets, origin=None, hops=0):
        """The markers the answers to ``url`` show and their status codes, redirects followed as
        ``follow=True`` would (and the last answer rendered).

        A redirect's target (the dashboard after a denial, the login page ...) is rendered once
        per role: the messages that the redirecting view left for it are checked as text, and the
        page itself only the first time it is reached (``targets`` keeps what it showed)."""
        origin = origin or url
        self.assertLess(hops, 10, f"redirect loop from {origin}")
        response = client.get(url)
        # A "not found" page (or the login page's "next") may repeat the address asked for; that
        # is no leak.
        text = (self.body(response) + "\n" + self.messages(client, response)).replace(origin.lower(), "")
        found = {marker for marker in FORBIDDEN[role] if marker in text}
        statuses = [response.status_code]
        if response.status_code in (301, 302, 303, 307, 308):
            location = urlsplit(urljoin(url, response["Location"]))
            target = location.path + (f"?{location.query}" if location.query else "")
            if target not in targets:
                target_found, target_statuses, response = self.visit(
                    client, target, role, targets, origin, hops + 1
                )
                targets[target] = (target_found, target_statuses)
            found |= targets[target][0]
            statuses += targets[target][1]
        return found, statuses, response

    def walk(self, role, user, admin=True):
        leaks = []
        urls = self.urls(admin)
        self.assertGreater(len(urls), 100 if admin else 20)
        client = Client()  # one signed-in client for the whole walk
        if user is not None:
            client.force_login(user)
        targets = {}
        for url in urls:
            found, statuses, response = self.visit(client, url, role, targets)
            if user is not None and not response.wsgi_request.user.is_authenticated:
                # A view ended the session: sign in again and ask again, as the user.
                client.force_login(user)
                found, statuses, response = self.visit(client, url, role, targets)
                self.assertTrue(response.wsgi_request.user.is_authenticated, url)
            if found or max(statuses) >= 500:
                leaks.append(f"{url} ({statuses[-1]}): {', '.join(sorted(found))}")
        return leaks

    def assert_no_leaks(self, leaks):
        self.assertFalse(leaks, "\n".join(leaks))

    def test_base_account_sees_nothing_of_another_base(self):
        self.assert_no_leaks(self.walk("base_a", self.w.base_a_user))

    def test_reviewer_sees_nothing_of_another_district(self):
        self.assert_no_leaks(self.walk("reviewer_jb", self.w.reviewer_jb))

    def test_public_urls_serve_no_private_file_or_page(self):
        self.assert_no_leaks(self.walk("anonymous", None, admin=False))
