# ruff: noqa: E501
"""Demo practice sites for the map (loaded by bases.demo.sites).

Names and districts come from the two source documents:

- 重庆高新区深化家庭教育三年行动方案（2025—2027年）: its 家庭教育资源地图 names three examples of the
  50+ sites it integrates (重庆国家应用数学中心, 金凤实验室, 走马古镇), each to be open to families
  at least 4 times a semester. They are listed under 重庆高新区, the area the plan covers.
- 重庆市渝中区全国学校家庭社会协同育人实验区建设实施方案: the 16 units it names for its 实践基地
  (all 渝中区: "整合区内优质教育资源").

Categories are our reading of each name. No address or coordinates are given: every site stays
at district level and says so. Descriptions and open days are written for the demo and marked
示例. Recipe: edit this file and run `make demo` on a fresh database.
"""

INDEX = {
    "title": "实践点位地图",
    "slug": "map",
    "intro": "带孩子走出家门：实验室、科技馆、博物馆、非遗基地、故居旧址和社区里的家庭开放日，按区县、类别和开放时间找。",
    "summary": "重庆家庭教育实践点位和创新实践基地地图，附开放日日历。",
}

# (slug, name, description), in display order.
CATEGORIES = [
    ("lab", "高校实验室", "高校和科研机构向家庭开放的实验室、研究中心。"),
    ("science-hall", "企业科技馆", "企业和新型研发机构的展厅、科技馆。"),
    ("heritage", "非遗基地", "非物质文化遗产的体验、传习场所和古镇。"),
    ("museum", "博物馆", "博物馆、纪念馆、陈列馆。"),
    ("former-residence", "故居旧址", "名人故居、旧居和历史旧址。"),
    ("research", "文博科研机构", "文物考古等研究机构的公众开放区域。"),
    ("youth-centre", "青少年活动场所", "青少年活动中心、少年宫。"),
    ("community", "社区", "向家庭开放的社区阵地。"),
    ("labour", "劳动教育基地", "劳动技术教育和劳动实践基地。"),
    ("health", "医疗健康机构", "开展健康科普的医院和中医药文化场所。"),
]

# What a family does there, by category: (activity title, audience).
ACTIVITIES = {
    "lab": [("亲子数学探究课", "小学高年级、初中学生及家长"), ("实验室开放参观", "初中、高中学生及家长")],
    "science-hall": [("科技展厅亲子导览", "小学、初中学生及家长"), ("小小研究员体验", "小学学生及家长")],
    "heritage": [("非遗手作体验", "全年龄段家庭"), ("古镇寻访与故事会", "幼儿园至小学家庭")],
    "museum": [("亲子讲解专场", "小学、初中学生及家长"), ("文物小侦探", "小学学生及家长")],
    "former-residence": [("红色家风故事会", "小学、初中学生及家长"), ("旧址寻访", "初中、高中学生及家长")],
    "research": [("考古体验开放日", "小学高年级、初中学生及家长"), ("文物修复科普", "初中、高中学生及家长")],
    "youth-centre": [("亲子艺术工作坊", "3-6岁幼儿至小学家庭"), ("周末亲子运动会", "全年龄段家庭")],
    "community": [("社区亲子阅读会", "3-6岁幼儿至小学家庭"), ("亲子志愿服务", "小学、初中学生及家长")],
    "labour": [("家务小能手工作坊", "小学学生及家长"), ("种植与木工体验", "小学、初中学生及家长")],
    "health": [("护眼科普亲子课", "小学、初中学生及家长"), ("中医药文化体验", "小学学生及家长")],
}

HIGH_TECH_PLAN = "《西部科学城重庆高新区深化家庭教育三年行动方案（2025—2027年）》"
YUZHONG_PLAN = "《重庆市渝中区全国学校家庭社会协同育人实验区建设实施方案》"

# open_days: how many sample open days in the current semester (4 is the target; a few sites
# have fewer, so the editors' list of sites short of the target is not empty).
SITES = [
    {
        "title": "重庆国家应用数学中心",
        "slug": "chongqing-national-applied-mathematics-center",
        "district": "gaoxin",
        "category": "lab",
        "organisation": "重庆师范大学",
        "age_stages": ["primary", "junior", "senior"],
        "source": HIGH_TECH_PLAN,
        "about": "数学研究机构走进家庭：孩子和家长一起看数学怎样解决身边的问题，回家后还能接着玩几道亲子数学题。",
        "open_days": 5,
    },
    {
        "title": "金凤实验室",
        "slug": "jinfeng-laboratory",
        "district": "gaoxin",
        "category": "science-hall",
        "age_stages": ["primary", "junior", "senior"],
        "source": HIGH_TECH_PLAN,
        "about": "在实验室的开放区域了解科研人员每天在做什么，让孩子对科学工作有一个看得见的印象。",
        "open_days": 4,
    },
    {
        "title": "走马古镇",
        "slug": "zouma-ancient-town",
        "district": "gaoxin",
        "category": "heritage",
        "age_stages": ["3-6", "primary", "junior"],
        "appointment_required": False,
        "source": HIGH_TECH_PLAN,
        "about": "古镇里的老街、老手艺和民间故事，适合一家人慢慢走、慢慢听，把看到的讲给家里人听。",
        "open_days": 4,
    },
    {
        "title": "重庆抗战戏剧博物馆",
        "slug": "chongqing-anti-war-drama-museum",
        "district": "yuzhong",
        "category": "museum",
        "age_stages": ["primary", "junior", "senior"],
        "source": YUZHONG_PLAN,
        "about": "从一出出老戏和一个个戏剧人身上了解那段岁月，适合和孩子一起读剧本、演片段。",
        "open_days": 4,
    },
    {
        "title": "重庆市文物考古研究院",
        "slug": "chongqing-institute-of-cultural-heritage-archaeology",
        "district": "yuzhong",
        "category": "research",
        "age_stages": ["primary", "junior", "senior"],
        "source": YUZHONG_PLAN,
        "about": "了解考古工作者怎样发现、整理和保护文物，让孩子知道脚下这座城市的过去是怎样被读出来的。",
        "open_days": 4,
    },
    {
        "title": "重庆中医少林堂",
        "slug": "chongqing-tcm-shaolintang",
        "district": "yuzhong",
        "category": "health",
        "age_stages": ["primary", "junior"],
        "source": YUZHONG_PLAN,
        "about": "认识常见的中药材，听一听中医药里的养生常识，和孩子一起聊聊好好吃饭、好好睡觉。",
        "open_days": 4,
    },
    {
        "title": "重庆普瑞眼科医院",
        "slug": "chongqing-purui-eye-hospital",
        "district": "yuzhong",
        "category": "health",
        "age_stages": ["3-6", "primary", "junior"],
        "source": YUZHONG_PLAN,
        "about": "眼睛是怎样看见东西的？为什么要少看屏幕、多去户外？一次护眼科普，让全家一起养成用眼好习惯。",
        "open_days": 2,
    },
    {
        "title": "杨闇公旧居",
        "slug": "yang-angong-former-residence",
        "district": "yuzhong",
        "category": "former-residence",
        "age_stages": ["primary", "junior", "senior"],
        "source": YUZHONG_PLAN,
        "about": "在旧居里讲一段革命先辈的故事，和孩子聊聊家国情怀与家风传承。",
        "open_days": 4,
    },
    {
        "title": "重庆历史名人馆",
        "slug": "chongqing-historical-celebrities-museum",
        "district": "yuzhong",
        "category": "museum",
        "age_stages": ["primary", "junior", "senior"],
        "source": YUZHONG_PLAN,
        "about": "认识从这片土地走出的历史人物，找一位孩子最喜欢的人物，回家一起查资料、讲故事。",
        "open_days": 5,
    },
    {
        "title": "中法学校旧址",
        "slug": "sino-french-school-site",
        "district": "yuzhong",
        "category": "former-residence",
        "age_stages": ["junior", "senior"],
        "source": YUZHONG_PLAN,
        "about": "走进一所老学校的旧址，听听一百年前的年轻人怎样求学、怎样走向世界。",
        "open_days": 4,
    },
    {
        "title": "中小学劳动技术教育基地",
        "slug": "yuzhong-labour-technology-education-base",
        "district": "yuzhong",
        "category": "labour",
        "age_stages": ["primary", "junior"],
        "source": YUZHONG_PLAN,
        "about": "动手做一件小东西，学一样生活技能，让孩子在劳动里体会认真和耐心。",
        "open_days": 4,
    },
    {
        "title": "渝中区青少年活动中心",
        "slug": "yuzhong-youth-activity-center",
        "district": "yuzhong",
        "category": "youth-centre",
        "age_stages": ["3-6", "primary", "junior"],
        "source": YUZHONG_PLAN,
        "about": "艺术、科技、体育活动的亲子专场，周末带孩子来试一试，发现新的兴趣。",
        "open_days": 5,
    },
    {
        "title": "渝铁村社区微型少年宫",
        "slug": "yutiecun-community-mini-youth-palace",
        "district": "yuzhong",
        "category": "community",
        "age_stages": ["3-6", "primary"],
        "source": YUZHONG_PLAN,
        "about": "家门口的少年宫：社区里的亲子阅读、手工和游戏，邻里家庭一起参加。",
        "open_days": 4,
    },
    {
        "title": "枇杷山宝库",
        "slug": "pipashan-treasury",
        "district": "yuzhong",
        "category": "museum",
        "age_stages": ["primary", "junior", "senior"],
        "source": YUZHONG_PLAN,
        "about": "在枇杷山上看珍藏、听故事，和孩子一起为一件藏品写一张自己的说明卡。",
        "open_days": 1,
    },
    {
        "title": "二厂记忆博物馆",
        "slug": "erchang-memory-museum",
        "district": "yuzhong",
        "category": "museum",
        "age_stages": ["primary", "junior", "senior"],
        "source": YUZHONG_PLAN,
        "about": "老厂房里的城市记忆：看看过去的工厂和工人生活，和孩子聊聊爷爷奶奶那一辈的故事。",
        "open_days": 4,
    },
    {
        "title": "重庆市非遗体验基地",
        "slug": "chongqing-intangible-heritage-experience-base",
        "district": "yuzhong",
        "category": "heritage",
        "age_stages": ["3-6", "primary", "junior"],
        "source": YUZHONG_PLAN,
        "about": "跟着传承人学一样老手艺，亲手做一件作品带回家。",
        "open_days": 4,
    },
    {
        "title": "巴渝文化博物馆",
        "slug": "bayu-culture-museum",
        "district": "yuzhong",
        "category": "museum",
        "age_stages": ["primary", "junior", "senior"],
        "source": YUZHONG_PLAN,
        "about": "从巴渝文化里认识重庆人的来处：一次亲子讲解，加一张寻宝任务单。",
        "open_days": 3,
    },
    {
        "title": "郭沫若故居",
        "slug": "guo-moruo-former-residence",
        "district": "yuzhong",
        "category": "former-residence",
        "age_stages": ["primary", "junior", "senior"],
        "source": YUZHONG_PLAN,
        "about": "在故居读一首诗、讲一段往事，和孩子聊聊读书与写作。",
        "open_days": 4,
    },
    {
        "title": "嘉西村学习强国主题社区",
        "slug": "jiaxicun-xuexi-qiangguo-community",
        "district": "yuzhong",
        "category": "community",
        "age_stages": ["3-6", "primary", "junior"],
        "appointment_required": False,
        "source": YUZHONG_PLAN,
        "about": "社区里的学习角和主题活动，家长和孩子一起参加邻里读书和志愿服务。",
        "open_days": 4,
    },
]
