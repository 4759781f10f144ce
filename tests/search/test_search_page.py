"""The search page as parents use it, on every backend: facets, filters, sorting, paging,
highlighting, promotions, the zero-result page, suggestions and statistics."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.models import SearchTermWeek
from tests.denial import assert_denied
from tests.factories import CoursePageFactory, MicroLessonPageFactory
from tests.spreadsheets import csv_rows

from .conftest import refresh


@pytest.fixture
def pages(site_tree, backend):
    _, courses, lessons = site_tree
    made = {
        "basic": CoursePageFactory(
            parent=courses, title="亲子阅读基础课", kind="basic", age_stages=["primary"], topics=["亲子阅读"]
        ),
        "general": CoursePageFactory(
            parent=courses, title="亲子阅读讲座", kind="general", age_stages=["junior"], topics=["亲子阅读"]
        ),
    }
    for n in range(12):
        made[f"lesson{n}"] = MicroLessonPageFactory(
            parent=lessons,
            title=f"亲子阅读微课第{n + 1}讲",
            summary="每天睡前一起读十五分钟。",
            age_stages=["3-6"] if n % 2 else ["primary"],
            topics=["亲子阅读"],
            first_published_at=timezone.now() - datetime.timedelta(days=(n * 7) % 12),
        )
    refresh(backend)
    return made


def test_facet_counts_per_type_and_type_filter(client, pages):
    response = client.get("/search/", {"q": "亲子阅读"})
    counts = {name: count for name, _, count in response.context["outcome"].type_counts}
    assert counts["coursepage"] == 2 and counts["microlessonpage"] == 12
    assert response.context["outcome"].total == 14
    only_courses = client.get("/search/", {"q": "亲子阅读", "type": "coursepage"})
    assert {item.title for item in only_courses.context["items"]} == {"亲子阅读基础课", "亲子阅读讲座"}
    # the type facet still shows what the other type would give
    counts = {name: count for name, _, count in only_courses.context["outcome"].type_counts}
    assert counts["microlessonpage"] == 12


def test_filters_combine(client, pages):
    response = client.get("/search/", {"q": "亲子阅读", "kind": "basic"})
    assert [i.title for i in response.context["items"]] == ["亲子阅读基础课"]
    response = client.get("/search/", {"q": "亲子阅读", "age": "primary", "type": "microlessonpage"})
    assert response.context["outcome"].total == 6
    response = client.get("/search/", {"q": "亲子阅读", "age": ["primary", "junior"], "topic": "亲子阅读"})
    assert response.context["outcome"].total == 8


def test_paging_and_sorting(client, pages):
    first = client.get("/search/", {"q": "亲子阅读"})
    assert len(first.context["items"]) == 10
    second = client.get("/search/", {"q": "亲子阅读", "page": 2})
    assert len(second.context["items"]) == 4
    assert not {i.pk for i in first.context["items"]} & {i.pk for i in second.context["items"]}
    newest = client.get("/search/", {"q": "亲子阅读", "sort": "newest"}).context["items"]
    dates = [item.first_published_at for item in newest]
    dated = [d for d in dates if d is not None]
    assert dates[: len(dated)] == sorted(dated, reverse=True)  # never-published dates last


def test_matches_are_highlighted_and_escaped(client, pages):
    html = client.get("/search/", {"q": "亲子阅读"}).content.decode()
    # Highlighting is the same on every backend: the query's bigrams, merged into one mark.
    assert "<mark>亲子阅读</mark>基础课" in html
    html = client.get("/search/", {"q": "<b>亲子阅读</b>"}).content.decode()
    assert "<b>亲子阅读</b>" not in html.split("</form>", 1)[1]


def test_promoted_results_come_first(client, pages):
    SearchPromotion.objects.create(
        query=Query.get("阅读推荐"), page=pages["general"], sort_order=0, description="编辑推荐的讲座"
    )
    html = client.get("/search/", {"q": "阅读推荐"}).content.decode()
    assert "编辑推荐的讲座" in html
    assert html.index("result--promoted") < html.index("共找到")


def test_zero_result_page_suggests_popular_searches_and_related_terms(client, pages):
    SearchTermWeek.record("亲子阅读", found=True)
    response = client.get("/search/", {"q": "完全不存在的词语"})
    html = response.content.decode()
    assert "没有找到和“完全不存在的词语”相关的内容" in html
    # The popular searches are links that search again (the search box's placeholder also
    # names 亲子阅读, so the term alone in the page proves nothing).
    assert response.context["popular"] == ["亲子阅读"]
    assert '<a class="chip" href="?q=%E4%BA%B2%E5%AD%90%E9%98%85%E8%AF%BB">亲子阅读</a>' in html
    assert "相关主题：" in html and 'href="?q=%E4%BA%B2%E5%AD%90%E9%98%85%E8%AF%BB">#亲子阅读</a>' in html


def test_every_query_is_counted_by_week(client, pages):
    client.get("/search/", {"q": "亲子阅读"})
    client.get("/search/", {"q": " 亲子阅读 "})
    client.get("/search/", {"q": "找不到的东西"})
    counted = {row.term: (row.searches, row.zero_results) for row in SearchTermWeek.objects.all()}
    assert counted["亲子阅读"] == (2, 0)
    assert counted["找不到的东西"] == (1, 1)


def test_suggestions_are_json_completions(client, pages):
    response = client.get("/search/suggest", {"q": "亲子阅读"})
    assert response.status_code == 200
    data = response.json()
    assert data["query"] == "亲子阅读"
    titles = [s["title"] for s in data["suggestions"]]
    assert "亲子阅读基础课" in titles
    assert all(s["url"].startswith("/") for s in data["suggestions"])
    assert len(titles) <= 8
    assert client.get("/search/suggest", {"q": ""}).json()["suggestions"] == []


def test_editors_see_weekly_statistics_and_can_download_them(client, django_user_model, site_tree):

    SearchTermWeek.record("亲子阅读", found=True)
    SearchTermWeek.record("找不到的东西", found=False)
    editor = django_user_model.objects.create_user("editor", password="pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    html = client.get("/admin/reports/search-terms/").content.decode()
    assert "搜索词统计" in html and "亲子阅读" in html and "找不到的东西" in html
    zero_only = client.get("/admin/reports/search-terms/", {"zero": "on"}).content.decode()
    assert "找不到的东西" in zero_only and "亲子阅读" not in zero_only
    csv = client.get("/admin/reports/search-terms/", {"export": "csv"})
    assert csv.status_code == 200
    # With the byte-order mark (csv_rows asserts it), so Excel on Chinese Windows reads Chinese.
    week = SearchTermWeek.objects.get(term="找不到的东西").week.isoformat()
    rows = csv_rows(csv)
    assert rows[0] == ["周（周一）", "搜索词", "搜索次数", "无结果次数"]
    assert sorted(rows[1:]) == sorted([[week, "亲子阅读", "1", "0"], [week, "找不到的东西", "1", "1"]])
    xlsx = client.get("/admin/reports/search-terms/", {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")


def test_people_without_the_permission_cannot_see_the_statistics(client, django_user_model, site_tree):

    user = django_user_model.objects.create_user("someone", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert_denied(client.get("/admin/reports/search-terms/"))
