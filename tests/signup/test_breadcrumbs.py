"""The sign-up form's breadcrumb comes from the page tree: home, the section, the page signed up for."""

import re

from django.urls import reverse

from .conftest import make_open_day_window


def test_signup_form_breadcrumb_is_the_page_and_its_ancestors(client, tree):
    site = tree["site"]
    window = make_open_day_window(site)
    html = client.get(reverse("signup:form", args=[window.pk])).content.decode()
    nav = re.search(r'<nav class="breadcrumb" aria-label="位置">(.*?)</nav>', html).group(1)
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav) == [
        ("/", "首页"),
        (site.get_parent().url, site.get_parent().title),
        (site.url, site.title),
    ]
