"""One relevance set of realistic parent queries, run against every backend.

Each backend must find partial Chinese words, whole names, mixed Chinese/Latin text and
pinyin, and rank title matches above body-only matches. The corpus is built once per module
and each engine indexes it once; each query is then one request to /search/."""

import pytest

from tests.factories import (
    BaseIndexPageFactory,
    CoursePageFactory,
    InnovationBasePageFactory,
    MicroLessonPageFactory,
    build_site,
)

from .conftest import BACKENDS, _use_engine

SHAHE = "万州区沙河小学的亲子阅读活动"
BEDTIME = "睡前共读：和孩子一起读绘本"
TEEN_COURSE = "青春期家长课：读懂孩子的情绪"
PHONE = "手机与网络：制定家庭上网公约"
PYTHON = "Python编程启蒙：和孩子一起做小实验"
INFANT = "0-3岁婴幼儿照护：辅食添加"
LAW = "家庭教育促进法解读"
BULLYING = "校园欺凌：孩子被欺负了怎么办"
# Pages for the second-generation kinds (folding, pinyin of topics, synonyms, questions, labels).
PARTNERSHIP = "老师和家长怎样配合"  # topic 家校共育; the title says nothing of it
TRANSITION = "入学前的准备：幼小衔接"
READING_HABIT = "培养幼儿的阅读兴趣"  # age stage 3-6岁
BASIC_COURSE = "新手爸妈成长课"  # a 基础课
ONLINE_COURSE = "隔代养育网上讲堂"  # a 网络课
FENGTIAN = "凤天路小学"  # a 小学 base in 沙坪坝区
QINJIAGANG = "覃家岗街道社区家长学校"  # a 社区 base in 沙坪坝区
GUNAN = "綦江区古南街道家长学校"  # a 社区 base in 綦江区


def _paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


@pytest.fixture(scope="module")
def _pages(module_transaction):
    """The corpus, built once for the module (each test reads it in its own transaction)."""
    home, courses, lessons = build_site()
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
    partnership = MicroLessonPageFactory(
        parent=lessons, title=PARTNERSHIP, summary="每学期和班主任聊一次。", topics=["家校共育"]
    )
    MicroLessonPageFactory(parent=lessons, title=TRANSITION, summary="九月入学以前，先练习整理书包。")
    reading = MicroLessonPageFactory(
        parent=lessons, title=READING_HABIT, summary="每天固定一段时间，一起翻图画书。", age_stages=["3-6"]
    )
    CoursePageFactory(parent=courses, title=BASIC_COURSE, kind="basic", summary="四次课，八个课时。")
    CoursePageFactory(parent=courses, title=ONLINE_COURSE, kind="online", summary="祖辈家长的线上课。")
    bases = BaseIndexPageFactory(parent=home)
    InnovationBasePageFactory(parent=bases, title=FENGTIAN, district="shapingba", kind="primary")
    InnovationBasePageFactory(parent=bases, title=QINJIAGANG, district="shapingba", kind="community")
    InnovationBasePageFactory(parent=bases, title=GUNAN, district="qijiang", kind="community")
    # The factories add topics and age stages after the page is saved; save once more so that
    # the index and the vocabulary see them, as the next publish would.
    for page in (partnership, reading):
        page.save()


@pytest.fixture(scope="module", params=BACKENDS)
def _backend(request, _pages):
    """The database, or a real OpenSearch / Elasticsearch node with the corpus indexed once
    under index names of its own (as `update_index` builds it)."""
    if request.param == "database":
        yield None
        return
    engine = _use_engine(request.param)
    helper = next(engine)
    helper.refresh()
    yield helper
    next(engine, None)  # deletes the indices


@pytest.fixture
def corpus(db, _backend):
    return _backend


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
    # traditional characters and full-width text are folded (NFKC, OpenCC)
    ("嬰幼兒照護", INFANT),
    ("校園欺凌", BULLYING),
    ("幼小銜接", TRANSITION),
    ("Ｐｙｔｈｏｎ", PYTHON),
    ("０-３岁婴幼儿", INFANT),
    ("ｊｉａｔｉｎｇｊｉａｏｙｕｃｕｊｉｎｆａ", LAW),
    # pinyin of topics and labels, mixed queries
    ("jiaxiaogongyu", PARTNERSHIP),
    ("jia xiao gong yu", PARTNERSHIP),
    ("家校gongyu", PARTNERSHIP),
    ("youxiaoxianjie", TRANSITION),
    ("幼小xianjie", TRANSITION),
    # pinyin as Chongqing parents type it: merged sounds, a dropped or swapped letter
    ("fentianlu", FENGTIAN),
    ("hentianlu", FENGTIAN),
    ("fengtiannu", FENGTIAN),
    ("sapinba xiaoxue", FENGTIAN),
    ("youxiaoxianjei", TRANSITION),
    ("jiaxiaogongu", PARTNERSHIP),
    ("jiatingjiaoyucujinfa", LAW),
    ("jiatinjiaoyuchujinfa", LAW),
    # initials of a title or topic; local readings (覃 is Qín in Chongqing)
    ("jtjycjfjd", LAW),
    ("jxgy", PARTNERSHIP),
    ("qinjiagang", QINJIAGANG),
    ("tanjiagang", QINJIAGANG),
    # editors' synonyms (the default list)
    ("早教", INFANT),
    ("霸凌", BULLYING),
    ("网瘾", PHONE),
    ("幼升小", TRANSITION),
    ("学龄前阅读", READING_HABIT),
    ("网课", ONLINE_COURSE),
    # questions: question words dropped, ranked by how much of the query a page matches
    ("孩子玩手机怎么办", PHONE),
    ("怎么培养孩子的阅读兴趣", READING_HABIT),
    ("三岁孩子不爱看书怎么办", READING_HABIT),
    ("幼小衔接要准备什么", TRANSITION),
    ("綦江古南街道家长学校", GUNAN),
    ("覃家岗社区家长学校在哪里", QINJIAGANG),
    # labels a card shows: course kinds, districts, base kinds, age stages
    ("基础课", BASIC_COURSE),
    ("网络课", ONLINE_COURSE),
    ("沙坪坝 小学", FENGTIAN),
    ("沙坪坝区凤天路", FENGTIAN),
    ("3-6岁 阅读", READING_HABIT),
    # one character
    ("沙", SHAHE),
    ("欺", BULLYING),
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
