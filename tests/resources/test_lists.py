"""/courses/ and /lessons/: filters in the query string, paging, empty results, bad input."""

import re

import pytest
from django.utils.html import escape

from tests.factories import CoursePageFactory, MicroLessonPageFactory, build_site


@pytest.fixture(scope="module")
def _catalogue(module_transaction):
    """Built once for the module: the tests only read it (or change it inside their own transaction)."""
    _, courses, lessons = build_site()
    made = {
        "basic_primary_reading": CoursePageFactory(
            parent=courses, title="小学基础课阅读", kind="basic", age_stages=["primary"], topics=["亲子阅读"]
        ),
        "basic_junior_phone": CoursePageFactory(
            parent=courses, title="初中基础课手机", kind="basic", age_stages=["junior"], topics=["手机与网络"]
        ),
        "general_primary_phone": CoursePageFactory(
            parent=courses,
            title="小学通识课手机",
            kind="general",
            age_stages=["primary", "junior"],
            topics=["手机与网络"],
        ),
        "online_infant": CoursePageFactory(
            parent=courses, title="婴幼儿网络课", kind="online", age_stages=["0-3"], topics=["婴幼儿照护"]
        ),
    }
    MicroLessonPageFactory(
        parent=lessons, title="睡前共读", age_stages=["3-6"], topics=["亲子阅读"], activity="reading"
    )
    MicroLessonPageFactory(
        parent=lessons, title="跳绳比赛", age_stages=["primary"], topics=["亲子运动"], activity="exercise"
    )
    MicroLessonPageFactory(
        parent=lessons, title="聊聊今天", age_stages=["primary"], topics=["亲子沟通"], activity="talk"
    )
    return made


@pytest.fixture
def catalogue(db, _catalogue):
    return _catalogue


def titles(response):
    return [item.title for item in response.context["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"小学基础课阅读", "初中基础课手机", "小学通识课手机", "婴幼儿网络课"}),
        ("?kind=basic", {"小学基础课阅读", "初中基础课手机"}),
        ("?kind=online", {"婴幼儿网络课"}),
        ("?kind=basic&kind=online", {"小学基础课阅读", "初中基础课手机", "婴幼儿网络课"}),
        ("?age=primary", {"小学基础课阅读", "小学通识课手机"}),
        ("?age=junior", {"初中基础课手机", "小学通识课手机"}),
        ("?topic=手机与网络", {"初中基础课手机", "小学通识课手机"}),
        ("?kind=basic&age=junior", {"初中基础课手机"}),
        ("?kind=general&topic=手机与网络&age=primary", {"小学通识课手机"}),
        ("?kind=custom", set()),
        ("?age=0-3&topic=亲子阅读", set()),
    ],
)
def test_course_filters_and_combinations(client, catalogue, query, expected):
    response = client.get("/courses/" + query)
    assert response.status_code == 200
    assert set(titles(response)) == expected
    assert response.context["page_obj"].paginator.count == len(expected)


def test_a_course_in_two_age_stages_is_listed_once(client, catalogue):
    response = client.get("/courses/?age=primary&age=junior")
    assert sorted(titles(response)) == sorted(["小学基础课阅读", "初中基础课手机", "小学通识课手机"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?activity=reading", {"睡前共读"}),
        ("?activity=exercise&activity=talk", {"跳绳比赛", "聊聊今天"}),
        ("?age=primary&topic=亲子沟通", {"聊聊今天"}),
        ("?media=text", {"睡前共读", "跳绳比赛", "聊聊今天"}),
        ("?media=video", set()),
    ],
)
def test_lesson_filters(client, catalogue, query, expected):
    response = client.get("/lessons/" + query)
    assert response.status_code == 200
    assert set(titles(response)) == expected


def test_filter_form_shows_the_choices_and_keeps_selection(client, catalogue):
    html = client.get("/courses/?kind=basic&age=primary").content.decode()
    for label in ["通识课", "基础课", "定制课", "网络课", "0-3岁", "3-6岁", "小学", "初中", "高中/中职"]:
        assert label in html
    checked = set(re.findall(r'<input type="checkbox" name="(\w+)" value="([^"]+)"[^>]*\bchecked\b', html))
    assert checked == {("kind", "basic"), ("age", "primary")}
    assert "当前筛选" in html and "课程类型：基础课" in html and "年龄段：小学" in html


def test_topics_offered_are_those_in_use_for_that_list(client, catalogue):
    course_topics = [
        str(c) for c in client.get("/courses/").context["filterset"].form.fields["topic"].queryset
    ]
    assert "手机与网络" in course_topics
    assert "亲子运动" not in course_topics  # only used by a lesson


def test_empty_result_says_so_clearly(client, catalogue):
    html = client.get("/courses/?kind=custom").content.decode()
    assert "没有找到符合条件的课程" in html
    assert 'href="/courses/"' in html


@pytest.mark.parametrize(
    "query",
    [
        "?kind=nonsense",
        "?age=99-100",
        "?topic=不存在的主题",
        "?kind=basic&age=%00",
        "?kind=" + "x" * 5000,
        "?page=abc",
        "?page=-1",
        "?page=0",
        "?page=99999999999999999999999",
        "?page=1.5",
        "?kind[]=basic",
        "?kind=<script>alert(1)</script>",
        "?topic=%E4%B8%AD%E6%96%87%22%3E%3Cimg%20src%3Dx%3E",
    ],
)
@pytest.mark.parametrize("path", ["/courses/", "/lessons/"])
def test_bad_input_never_fails(client, catalogue, path, query):
    response = client.get(path + query)
    assert response.status_code == 200


def test_unknown_values_are_ignored_and_explained(client, catalogue):
    response = client.get("/courses/?kind=nonsense&age=primary")
    html = response.content.decode()
    assert "筛选条件“课程类型”中有无法识别的值，已忽略。" in html
    # the valid filter still applies
    assert set(titles(response)) == {"小学基础课阅读", "小学通识课手机"}


def test_markup_in_parameters_is_escaped(client, catalogue):
    evil = '"><script>alert(1)</script>'
    html = client.get("/courses/", {"kind": evil, "page": evil}).content.decode()
    assert "<script>alert(1)</script>" not in html
    html = client.get("/search/", {"q": evil}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert escape('"><script>alert(1)</script>') in html


def test_paging_keeps_the_filters(client, site_tree):
    _, courses, _ = site_tree
    for n in range(15):
        CoursePageFactory(parent=courses, title=f"基础课{n:02d}", kind="basic")
    CoursePageFactory(parent=courses, title="一门通识课", kind="general")
    first = client.get("/courses/?kind=basic")
    assert len(first.context["items"]) == 12
    assert first.context["page_obj"].paginator.num_pages == 2
    html = first.content.decode()
    assert 'href="?kind=basic&amp;page=2"' in html
    second = client.get("/courses/?kind=basic&page=2")
    assert len(second.context["items"]) == 3
    assert "一门通识课" not in titles(first) + titles(second)
    # out-of-range pages show the last page instead of failing
    assert client.get("/courses/?kind=basic&page=40").context["page_obj"].number == 2


def test_only_live_pages_are_listed(client, catalogue):
    page = catalogue["online_infant"]
    page.unpublish()
    assert "婴幼儿网络课" not in titles(client.get("/courses/"))
