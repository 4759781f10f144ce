"""The footer's trust lines (organisations, contact, 备案 numbers) from the site settings, the
sitemap page for people, and the local run's Chinese error pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.models import SiteSettings
from tests.factories import MicroLessonPageFactory

ROOT = Path(__file__).resolve().parents[2]


def _settings(**values):
    settings = SiteSettings.objects.get_or_create(site=Site.objects.get())[0]
    for key, value in values.items():
        setattr(settings, key, value)
    settings.full_clean()
    settings.save()
    return settings


def _footer(client):
    html = client.get("/").content.decode()
    return html[html.index('<footer class="site-footer">') :]


def test_footer_shows_each_setting_only_when_set(site_tree, client):
    footer = _footer(client)
    assert "主办单位" not in footer and "ICP" not in footer and "公网安备" not in footer

    _settings(
        organiser="重庆市某某单位",
        undertaker="某某中心",
        contact_phone="023-1111-2222",
        icp_number="渝ICP备12345678号-1",
        public_security_number="渝公网安备50010302000000号",
    )
    footer = _footer(client)
    assert "<dt>主办单位</dt><dd>重庆市某某单位</dd>" in footer
    assert "<dt>承办单位</dt><dd>某某中心</dd>" in footer
    assert 'href="tel:023-1111-2222"' in footer
    assert (
        '<a href="https://beian.miit.gov.cn/" rel="noopener" target="_blank">渝ICP备12345678号-1</a>'
        in footer
    )
    assert "code=50010302000000" in footer and "渝公网安备50010302000000号</a>" in footer
    assert "联系邮箱" not in footer  # not set
    assert "以上单位和联系方式为演示用示例" not in footer


def test_footer_marks_example_organisations(site_tree, client):
    _settings(organiser="示例单位", footer_is_example=True)
    footer = _footer(client)
    assert "以上单位和联系方式为演示用示例" in footer
    assert "badge--example" in footer


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("icp_number", "ICP备12345678号", "ICP 备案号格式不对"),
        ("icp_number", "渝ICP备示例号", "ICP 备案号格式不对"),
        ("public_security_number", "渝公网安备5001号", "公安备案号格式不对"),
    ],
)
def test_malformed_beian_numbers_are_refused_with_a_chinese_message(site_tree, field, value, message):
    with pytest.raises(ValidationError) as error:
        _settings(**{field: value})
    assert message in error.value.message_dict[field][0]


def test_sitemap_link_in_the_footer_opens_a_page_for_people(site_tree, client):
    _home, _courses, lessons = site_tree
    MicroLessonPageFactory(parent=lessons, title="共读一刻钟", slug="read")
    draft = MicroLessonPageFactory(parent=lessons, title="还没发布的微课", slug="draft")
    draft.unpublish()
    assert 'href="/sitemap/">网站地图</a>' in _footer(client)
    response = client.get("/sitemap/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>网站地图</h1>" in html
    assert '<h2><a href="/lessons/">微课</a></h2>' in html
    assert '<a href="/lessons/read/">共读一刻钟</a>' in html
    assert "还没发布的微课" not in html
    assert '<a href="/sitemap.xml">' in html


def test_sitemap_page_queries_do_not_grow_with_pages(site_tree, client):
    _home, _courses, lessons = site_tree
    MicroLessonPageFactory(parent=lessons, slug="a")
    client.get("/sitemap/")
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap/")
    for index in range(5):
        MicroLessonPageFactory(parent=lessons, slug=f"more-{index}")
    with CaptureQueriesContext(connection) as more:
        client.get("/sitemap/")
    assert len(more) == len(few)


def test_unknown_url_shows_the_chinese_404(site_tree, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<h1>页面没有找到</h1>" in response.content.decode()


def test_local_run_settings_have_debug_off_unless_asked():
    code = "from django.conf import settings; print(settings.DEBUG, settings.WHITENOISE_USE_FINDERS)"

    def run(debug=None):
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
        env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
        if debug is not None:
            env["DEBUG"] = debug
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert run() == ["False", "True"]
    assert run("true") == ["True", "True"]
