"""One relevance set of realistic parent queries, run against every backend.

Each backend must find partial Chinese words, whole names, mixed Chinese/Latin text and
pinyin, and rank title matches above body-only matches."""

import pytest

from tests.factories import CoursePageFactory, MicroLessonPageFactory

from .conftest import refresh

SHAHE = "万州区沙河小学的亲子阅读活动"
BEDTIME = "睡前共读：和孩子一起读绘本"
TEEN_COURSE = "青春期家长课：读懂孩子的情绪"
PHONE = "手机与网络：制定家庭上网公约"
PYTHON = "Python编程启蒙：和孩子一起做小实验"
INFANT = "0-3岁婴幼儿照护：辅食添加"
LAW = "家庭教育促进法解读"
BULLYING = "校园欺凌：孩子被欺负了怎么办"


def _paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


@pytest.fixture
def corpus(site_tree, backend):
    _, courses, lessons = site_tree
    MicroLessonPageFactory(parent=lessons, title=SHAHE, summary="一所小学怎样带着家长读书。")
    MicroLessonPageFactory(parent=lessons, title=BEDTIME, summary="每晚十五分钟，读一本喜欢的书。")
    CoursePageFactory(parent=courses, title=TEEN_COURSE, summary="四次课，陪孩子走过情绪起伏。")
    MicroLessonPageFactory(
        parent=lessons,
        title=PHONE,
        summary="和孩子商量上网时间。",
        body=_paragraph("进入青春期以后，孩子更想自己安排手机时间。"),
    )
    MicroLessonPageFactory(parent=lessons, title=PYTHON, summary="在家用 Python 画一只小乌龟。")
    MicroLessonPageFactory(parent=lessons, title=INFANT, summary="六个月后怎样开始添加辅食。")
    CoursePageFactory(parent=courses, title=LAW, summary="家长的责任与权利。")
    MicroLessonPageFactory(parent=lessons, title=BULLYING, summary="先听孩子说，再和学校一起处理。")
    MicroLessonPageFactory(
        parent=lessons,
        title="亲子运动：一起跳绳",
        summary="每天运动十五分钟。",
        body=_paragraph("沙发上也能做的拉伸。"),
    )
    refresh(backend)
    return backend


CASES = [
    # partial words inside a name
    ("沙河", SHAHE),
    ("沙河小学", SHAHE),
    ("万州", SHAHE),
    # whole names
    ("万州区沙河小学", SHAHE),
    ("家庭教育促进法", LAW),
    # everyday questions
    ("绘本", BEDTIME),
    ("辅食", INFANT),
    ("被欺负", BULLYING),
    ("孩子被欺负了怎么办", BULLYING),
    # title above body: 青春期 is in one title and in another page's body
    ("青春期", TEEN_COURSE),
    # mixed Chinese / Latin
    ("python", PYTHON),
    ("Python编程", PYTHON),
    ("编程", PYTHON),
    # pinyin, joined and spaced
    ("shuiqiangongdu", BEDTIME),
    ("shui qian gong du", BEDTIME),
    ("jiatingjiaoyucujinfa", LAW),
]


def _titles(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [item.title for item in response.context["items"]]


@pytest.mark.parametrize(("query", "expected_first"), CASES)
def test_relevance(client, corpus, query, expected_first):
    titles = _titles(client, query)
    assert titles, f"nothing found for {query!r}"
    assert titles[0] == expected_first, f"{query!r}: {titles}"


def test_body_matches_are_found_after_title_matches(client, corpus):
    assert _titles(client, "青春期")[:2] == [TEEN_COURSE, PHONE]


def test_unrelated_query_finds_nothing(client, corpus):
    assert _titles(client, "沙漠骆驼") == []
    assert _titles(client, "zzzz") == []
