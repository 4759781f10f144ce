"""The relevance set on the demo content: what Chongqing parents really type, by kind, each
with the page they mean. Every query must bring its page onto the first results page (the
first 10), on the database backend of this run (SQLite or PostgreSQL) and on each engine.

The demo content is the one loaded once for the test process (`demo_database`, tests/conftest.py,
with its suggestion vocabulary) and the engine indexes it once; each query is then one request to
/search/."""

import io
import uuid

import pytest
from django.core.management import call_command
from django.test import override_settings

from search.config import DATABASE_BACKEND
from tests.conftest import IN_CI

from .conftest import BACKENDS, EngineHelper, _engine_reachable, engine_config, engine_url

FIRST_PAGE = 10

# (query, title of the page the parent means)
CASES = [
    # --- plain words and names (the baseline) ---
    ("沙河小学", "万州区沙河小学"),
    ("中华路小学", "渝中区中华路小学校"),
    ("康居西城小学", "沙坪坝区康居西城小学校"),
    ("走马古镇", "走马古镇"),
    ("手机公约", "和孩子一起订“手机公约”"),
    ("分离焦虑", "送托第一周：分离焦虑怎么陪"),
    ("家务轮值表", "一张家务轮值表，让孩子当家里的主人"),
    ("夜跑", "和初中生一起夜跑"),
    ("离异家庭", "两个家，一样的爱：离异家庭怎样陪伴孩子"),
    ("视频通话", "远程陪伴：和留守孩子视频通话的小技巧"),
    # --- traditional characters (OpenCC folds them) ---
    ("萬州區沙河小學", "万州区沙河小学"),
    ("親子三刻鐘", "亲子三刻钟：每天三段15分钟"),
    ("雙減之後作業時間", "“双减”之后，作业时间怎么安排"),
    ("嬰幼兒照護微課", "0-3岁婴幼儿照护微课"),
    ("青春期與手機", "青春期与手机：中学家长微课"),
    ("留守兒童家庭課", "留守儿童家庭课：隔着距离也能好好爱"),
    ("隔代帶娃", "祖辈家长课堂：隔代带娃有方法"),
    ("家庭教育促進法", "三分钟了解《家庭教育促进法》"),
    ("網絡交友", "网络交友与个人信息保护"),
    ("重慶歷史名人館", "重庆历史名人馆"),
    ("沙坪壩區康居西城小學校", "沙坪坝区康居西城小学校"),
    ("親子閱讀 繪本", "共读一刻钟：把绘本读“活”"),
    ("校園欺淩", "孩子在学校被欺负了吗？留意五个信号"),
    # --- full-width Latin and digits (NFKC) ---
    ("０-３岁婴幼儿照护", "0-3岁婴幼儿照护微课"),
    ("ｓｈａｈｅ ｘｉａｏｘｕｅ", "万州区沙河小学"),
    ("３-６岁挑绘本", "怎样给3-6岁孩子挑绘本"),
    ("亲子三刻钟４５分钟", "亲子三刻钟：每天45分钟的陪伴"),
    ("ＺＯＵＭＡＧＵＺＨＥＮ", "走马古镇"),
    ("ｓｈｏｕｊｉ ｇｏｎｇｙｕｅ", "和孩子一起订“手机公约”"),
    # --- pinyin of titles, topics, tags, labels, base and site names ---
    ("zoumaguzhen", "走马古镇"),
    ("zou ma gu zhen", "走马古镇"),
    ("jinfengshiyanshi", "金凤实验室"),
    ("guomoruoguju", "郭沫若故居"),
    ("pipashanbaoku", "枇杷山宝库"),
    ("kangjuxicheng", "沙坪坝区康居西城小学校"),
    ("longgangyoueryuan", "大足区龙岗幼儿园"),
    ("xiguancun", "璧山区七塘镇喜观村"),
    ("laodongjiaoyu", "幼儿也能做家务：按年龄分的小任务"),
    ("shengyajiaoyu", "生涯教育第一步：看见孩子的兴趣和长处"),
    ("xiaoyuanqiling", "孩子在学校被欺负了吗？留意五个信号"),
    ("kunjingertong", "困境儿童家庭支持小组"),
    ("jiafengjiajiao", "一起写一句我们家的家训"),
    ("kexuesuyang", "厨房里的小实验：溶解、沉浮和发芽"),
    ("danqinjiating", "两个家，一样的爱：离异家庭怎样陪伴孩子"),
    ("tesuxuyaoertong", "特殊需要儿童家长支持课"),
    ("feiyijidi", "走马古镇"),
    ("guju jiuzhi", "郭沫若故居"),
    ("qinziyundong", "周末公园一小时：亲子户外运动游戏"),
    ("shouji gongyue", "和孩子一起订“手机公约”"),
    ("jichuke", "幼儿园家长必修课：陪孩子快乐长大"),
    ("wangluoke", "青春期与手机：中学家长微课"),
    # --- mixed Chinese and pinyin ---
    ("幼小xianjie", "幼小衔接：比认字更重要的准备"),
    ("手机gongyue", "和孩子一起订“手机公约”"),
    ("qingchunqi手机", "青春期与手机：中学家长微课"),
    ("郭沫若guju", "郭沫若故居"),
    ("zouma古镇", "走马古镇"),
    ("家务lunzhibiao", "一张家务轮值表，让孩子当家里的主人"),
    ("shuangjian作业", "“双减”之后，作业时间怎么安排"),
    ("亲子sankezhong", "亲子三刻钟：每天三段15分钟"),
    ("留守ertong", "留守儿童家庭课：隔着距离也能好好爱"),
    ("亲子yuedu", "共读一刻钟：把绘本读“活”"),
    # --- Chongqing fuzzy pinyin: n/l, f/h, s/sh, z/zh, c/ch, an/ang, en/eng, in/ing ---
    ("niushouertong", "留守儿童家庭课：隔着距离也能好好爱"),
    ("naodongjiaoyu", "幼儿也能做家务：按年龄分的小任务"),
    ("banan fuaxi", "巴南区花溪街道红光社区"),
    ("hongdu funvertong", "丰都县妇女儿童活动中心"),
    ("sapingba kangju", "沙坪坝区康居西城小学校"),
    ("suangjian", "“双减”之后，作业时间怎么安排"),
    ("zonghualu xiaoxue", "渝中区中华路小学校"),
    ("cengkou heyu", "城口县河鱼乡河鱼社区妇女儿童之家"),
    ("congqing lishimingrenguan", "重庆历史名人馆"),
    ("jinfenshiyanshi", "金凤实验室"),
    ("qinchunqi shouji", "青春期与手机：中学家长微课"),
    ("fentianlu", "沙坪坝区覃家岗街道凤天路社区儿童之家"),
    ("hentianlu", "沙坪坝区覃家岗街道凤天路社区儿童之家"),
    ("nonggan youeryuan", "大足区龙岗幼儿园"),
    # --- one letter dropped, added, swapped or wrong ---
    ("youxiaoxianje", "幼小衔接：比认字更重要的准备"),
    ("guomoruogujv", "郭沫若故居"),
    ("zoumaguzehn", "走马古镇"),
    ("pipashanbaoqu", "枇杷山宝库"),
    ("kunjingetong", "困境儿童家庭支持小组"),
    ("shengyajiaoyo", "生涯教育第一步：看见孩子的兴趣和长处"),
    ("xiguncun", "璧山区七塘镇喜观村"),
    ("qinziyudu", "共读一刻钟：把绘本读“活”"),
    # --- initials ---
    ("zmgz", "走马古镇"),
    ("gmrgj", "郭沫若故居"),
    ("jtjycjf", "三分钟了解《家庭教育促进法》"),
    ("qzskz", "亲子三刻钟：每天三段15分钟"),
    ("shxx", "万州区沙河小学"),
    ("jfsys", "金凤实验室"),
    ("qzyd", "0-3岁婴幼儿照护微课"),  # 亲子阅读 and 亲子运动 both read qzyd
    # --- local readings (覃 is Qín in Chongqing) ---
    ("qinjiagang", "沙坪坝区覃家岗街道凤天路社区儿童之家"),
    ("tanjiagang", "沙坪坝区覃家岗街道凤天路社区儿童之家"),
    ("覃家岗", "沙坪坝区覃家岗街道凤天路社区儿童之家"),
    ("qinjiagang ertongzhijia", "沙坪坝区覃家岗街道凤天路社区儿童之家"),
    # --- synonyms and near words (the default synonym list) ---
    ("早教", "0-3岁婴幼儿照护微课"),
    ("霸凌", "孩子在学校被欺负了吗？留意五个信号"),
    ("网瘾", "游戏时间怎么管：从对抗到商量"),
    ("家长课堂", "祖辈家长课堂：隔代带娃有方法"),
    ("幼升小", "幼小衔接：比认字更重要的准备"),
    ("学龄前 绘本", "怎样给3-6岁孩子挑绘本"),
    ("隔代教养", "祖辈家长课堂：隔代带娃有方法"),
    ("老人带娃", "和老人一起带娃：分工不分心"),
    ("发脾气", "帮孩子说出情绪：“我生气了”"),
    ("叛逆期", "初中家长必修课：读懂青春期的孩子"),
    ("离婚", "两个家，一样的爱：离异家庭怎样陪伴孩子"),
    ("单亲", "两个家，一样的爱：离异家庭怎样陪伴孩子"),
    ("职业规划", "生涯教育第一步：看见孩子的兴趣和长处"),
    ("打游戏", "游戏时间怎么管：从对抗到商量"),
    ("托班", "送托第一周：分离焦虑怎么陪"),
    ("亲子共读", "共读一刻钟：把绘本读“活”"),
    ("家长夜校", "小学家长必修课：习惯、作业与沟通"),
    ("抑郁", "情绪低落还是需要帮助？留意这些信号"),
    ("红色教育", "杨闇公旧居"),
    ("科普", "厨房里的小实验：溶解、沉浮和发芽"),
    ("性教育", "青春期身体变化，家长怎么开口"),
    ("减负", "“双减”之后，作业时间怎么安排"),
    ("打工", "外出务工前，托付孩子要做好哪些事"),
    ("新高考选科", "选科不焦虑：家长可以做的三件事"),
    ("职高", "读中职也有好前程：陪孩子走技能之路"),
    # --- questions: question and function words dropped, ranked by coverage ---
    ("孩子玩手机怎么办", "智慧家长论坛：孩子与手机的相处之道"),
    ("三岁孩子不爱看书怎么办", "怎样给3-6岁孩子挑绘本"),
    ("宝宝晚上不睡觉怎么办", "宝宝睡眠：建立睡前小仪式"),
    ("孩子被同学欺负了怎么办", "孩子说“有人欺负我”，第一句话怎么回"),
    ("孩子打游戏停不下来怎么办", "游戏时间怎么管：从对抗到商量"),
    ("和老人带孩子意见不一样怎么办", "和老人一起带娃：分工不分心"),
    ("初二成绩下滑家长很焦虑", "初二“分水岭”焦虑：家长先稳住"),
    ("双减以后作业怎么安排", "“双减”之后，作业时间怎么安排"),
    ("怎么给孩子挑绘本", "怎样给3-6岁孩子挑绘本"),
    ("宝宝什么时候可以自己吃饭", "让宝宝自己吃饭：从手抓到用勺"),
    ("孩子发脾气怎么办", "帮孩子说出情绪：“我生气了”"),
    ("外出打工孩子交给谁照顾", "外出务工前，托付孩子要做好哪些事"),
    ("家里有困难孩子可以找谁帮忙", "家里遇到难处，孩子的照顾可以找谁"),
    ("高三孩子需要运动吗", "高三也要动起来：每天十五分钟的运动"),
    ("选科怎么选", "选科不焦虑：家长可以做的三件事"),
    ("周末带孩子去哪里", "周末去哪儿？用资源地图找科学实践点"),
    ("孩子在网上交朋友安全吗", "网络交友与个人信息保护"),
    ("离婚后怎么陪伴孩子", "两个家，一样的爱：离异家庭怎样陪伴孩子"),
    ("江津妇女儿童活动中心", "江津区妇女儿童活动中心"),
    ("沙坪坝康居西城小学", "沙坪坝区康居西城小学校"),
    ("青春期身体变化怎么跟孩子说", "青春期身体变化，家长怎么开口"),
    ("孩子看到同学被欺负应该怎么做", "当孩子是旁观者：教他安全地伸出手"),
    ("如何跟高中生谈话", "把高中生当“准成人”来谈话"),
    ("宝宝会爬了家里要注意什么", "宝宝会爬了：家里的安全检查清单"),
    ("有没有教孩子做家务的课", "幼儿也能做家务：按年龄分的小任务"),
    ("孩子不好好吃饭", "让宝宝自己吃饭：从手抓到用勺"),
    ("孩子写作业磨蹭", "“双减”之后，作业时间怎么安排"),
    ("怎么和青春期孩子沟通", "初中家长必修课：读懂青春期的孩子"),
    ("孩子挑食", "让宝宝自己吃饭：从手抓到用勺"),
    # --- ages and school years as age stages ---
    ("3到6岁 绘本", "怎样给3-6岁孩子挑绘本"),
    ("３～６岁绘本", "怎样给3-6岁孩子挑绘本"),
    ("5岁孩子做家务", "幼儿也能做家务：按年龄分的小任务"),
    ("两岁宝宝睡觉", "宝宝睡眠：建立睡前小仪式"),
    ("十三岁孩子沉迷手机", "青春期与手机：中学家长微课"),
    ("6-12岁 运动", "运动一刻钟：跳绳、踢毽和快走"),
    ("初一 家长课", "初中家长必修课：读懂青春期的孩子"),
    ("一年级 家长必修课", "小学家长必修课：习惯、作业与沟通"),
    ("大班 幼小衔接", "幼小衔接：比认字更重要的准备"),
    # --- labels a card shows: course kinds, districts, base kinds, categories, age stages ---
    ("基础课 初中", "初中家长必修课：读懂青春期的孩子"),
    ("网课 青春期", "青春期与手机：中学家长微课"),
    ("网络课 婴幼儿", "0-3岁婴幼儿照护微课"),
    ("定制课 留守", "留守儿童家庭课：隔着距离也能好好爱"),
    ("通识课 手机", "智慧家长论坛：孩子与手机的相处之道"),
    ("沙坪坝 小学", "沙坪坝区康居西城小学校"),
    ("渝中 博物馆", "重庆抗战戏剧博物馆"),
    ("高新区 实验室", "重庆国家应用数学中心"),
    ("巴南 社区", "巴南区花溪街道红光社区"),
    ("大足 幼儿园", "大足区龙岗幼儿园"),
    ("秀山 图书馆", "秀山土家族苗族自治县图书馆"),
    ("故居旧址", "郭沫若故居"),
    ("非遗基地", "走马古镇"),
    ("劳动教育基地", "中小学劳动技术教育基地"),
    ("0-3岁 睡眠", "宝宝睡眠：建立睡前小仪式"),
    ("小学 跳绳", "运动一刻钟：跳绳、踢毽和快走"),
    ("高中 生涯教育", "选科不焦虑：家长可以做的三件事"),
    ("音频 亲子沟通", "共话一刻钟：饭桌上的好问题"),
    ("视频 婴幼儿照护", "宝宝睡眠：建立睡前小仪式"),
    ("妇女儿童活动中心 江北", "江北区妇女儿童活动中心"),
    ("铜梁 中学", "铜梁区巴川初级中学校"),
    ("璧山 村", "璧山区七塘镇喜观村"),
    # --- one character ---
    ("沙", "万州区沙河小学"),
    ("书", "给小宝宝读书：布书、翻翻书和儿歌"),
    ("爬", "趴一趴、爬一爬：宝宝的大运动游戏"),
    ("毽", "运动一刻钟：跳绳、踢毽和快走"),
    ("娃", "和老人一起带娃：分工不分心"),
    ("训", "一起写一句我们家的家训"),
]


@pytest.fixture(scope="module", params=BACKENDS)
def demo_backend(request, demo_database):
    """The search backend under test: the database, or a real OpenSearch / Elasticsearch node
    with the demo content indexed under index names of its own."""
    kind = request.param
    if kind == "database":
        yield None
        return
    if not _engine_reachable(kind):
        message = f"no {kind} node at {engine_url(kind)!r} (run `make test`)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    prefix = f"family_test_demo_{uuid.uuid4().hex[:8]}_"
    override = override_settings(
        WAGTAILSEARCH_BACKENDS={
            "default": engine_config(prefix, timeout=30, kind=kind),
            "fallback": DATABASE_BACKEND,
        }
    )
    override.enable()
    helper = EngineHelper(prefix, kind)
    try:
        call_command("update_index", backend_name="default", stdout=io.StringIO())
        helper.refresh()
        yield helper
    finally:
        helper.delete_indices()
        override.disable()


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[q for q, _ in CASES])
def test_demo_relevance(client, db, demo_backend, query, expected):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    titles = [item.title for item in response.context["items"]][:FIRST_PAGE]
    assert expected in titles, f"{query!r}: {titles}"


def test_the_set_covers_every_kind():
    assert len(CASES) >= 150
    assert len({query for query, _ in CASES}) == len(CASES), "a query is listed twice"
