"""Titles, descriptions, canonical URLs and share cards; sitemap, robots.txt and error pages."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from home.models import HomePage, SiteSettings
from tests.factories import CoursePageFactory, MicroLessonPageFactory


def meta(html, prop):
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return match.group(1) if match else None


@pytest.fixture
def pages(site_tree):
    home, courses, lessons = site_tree
    image = get_image_model().objects.create(title="封面", file=get_test_image_file())
    course = CoursePageFactory(
        parent=courses,
        title="亲子沟通基础课",
        slug="talk-basic",
        summary="四次课学会好好说话。",
        cover_image=image,
    )
    plain = MicroLessonPageFactory(parent=lessons, title="没有封面的微课", slug="no-cover", summary="")
    seo = MicroLessonPageFactory(
        parent=lessons,
        title="原标题",
        slug="seo",
        seo_title="搜索引擎标题",
        search_description="专门写给搜索引擎的描述。",
        summary="列表简介",
    )
    return {"home": home, "course": course, "plain": plain, "seo": seo, "image": image}


def test_page_has_title_description_canonical_and_share_card(client, pages):
    html = client.get("/courses/talk-basic/").content.decode()
    assert "<title>亲子沟通基础课 | 家庭教育资源平台</title>" in html
    assert meta(html, "description") == "四次课学会好好说话。"
    assert '<link rel="canonical" href="http://localhost/courses/talk-basic/">' in html
    assert meta(html, "og:title") == "亲子沟通基础课"
    assert meta(html, "og:description") == "四次课学会好好说话。"
    assert meta(html, "og:url") == "http://localhost/courses/talk-basic/"
    assert meta(html, "og:type") == "article"
    image = meta(html, "og:image")
    assert image.startswith("http://localhost/media/") and image.endswith(".png")
    assert client.get(image.replace("http://localhost", "")).status_code == 200


def test_promote_tab_fields_win(client, pages):
    html = client.get("/lessons/seo/").content.decode()
    assert "<title>搜索引擎标题 | 家庭教育资源平台</title>" in html
    assert meta(html, "description") == "专门写给搜索引擎的描述。"


def test_page_without_cover_uses_the_site_share_image(client, pages):
    html = client.get("/lessons/no-cover/").content.decode()
    assert meta(html, "og:image") is None
    SiteSettings.objects.update_or_create(
        site_id=pages["home"].get_site().pk, defaults={"default_share_image": pages["image"]}
    )
    html = client.get("/lessons/no-cover/").content.decode()
    assert meta(html, "og:image").startswith("http://localhost/media/")


def test_home_title_is_the_site_name(client, pages):
    html = client.get("/").content.decode()
    assert "<title>家庭教育资源平台</title>" in html
    assert meta(html, "og:type") == "website"
    assert '<html lang="zh-CN">' in html


def test_sitemap_lists_live_pages_only(client, pages):
    pages["plain"].unpublish()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", ns)}
    assert {
        "http://localhost/",
        "http://localhost/courses/",
        "http://localhost/lessons/",
        "http://localhost/courses/talk-basic/",
        "http://localhost/lessons/seo/",
    } <= urls
    assert "http://localhost/lessons/no-cover/" not in urls


def test_robots_txt_points_to_the_sitemap_and_hides_admin(client, pages):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_404_is_chinese(client, pages):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>页面没有找到 | 家庭教育资源平台</title>" in html
    assert "回到首页" in html


@override_settings(DEBUG=False)
def test_500_is_chinese(client, pages, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(HomePage, "get_context", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "抱歉，服务器出错了" in response.content.decode()


def test_public_pages_can_be_cached_but_search_results_cannot(client, pages):
    assert "max-age=300" in client.get("/courses/")["Cache-Control"]
    assert "no-cache" in client.get("/search/?q=沟通")["Cache-Control"]


def test_search_page_has_its_own_title_and_is_not_indexed(client, pages):
    html = client.get("/search/?q=沟通").content.decode()
    assert "<title>沟通 - 搜索 | 家庭教育资源平台</title>" in html
    assert '<meta name="robots" content="noindex">' in html
