"""Demo content for the innovation practice bases, read by bases.demo.bases.load_bases.

Facts from the naming notice of the city women's federation and education commission: the 20
names, their districts and kinds, batch 2020, term 2020-01-01 to 2024-12-31. Everything else
(summaries, introductions, practices, yearly reports) is written for the demo and every page
is marked 示例. No address or coordinates are invented: every base is placed at its district.

Districts: taken from the name where it contains one; 大渡口幼儿园 is in 大渡口区 by its name;
重庆外国语学校森林小学 is placed in 沙坪坝区 (where 重庆外国语学校 is), which is not verified.
"""

INDEX = {
    "title": "创新实践基地",
    "slug": "bases",
    "intro": (
        "市妇联、市教委联合命名的重庆市家庭教育创新实践基地：学校、幼儿园、社区、妇女儿童活动中心、"
        "图书馆和村，就近为家庭提供家庭教育指导服务。已到期和已撤销的基地作为历史记录保留。"
    ),
    "summary": "重庆市家庭教育创新实践基地名录：有效状态、所在区县、特色做法和年度工作报告。",
}

TERM = {
    "batch_year": 2020,
    "document_title": "关于命名重庆市家庭教育创新实践基地的通知",
    "document_number": "",
    "start_date": "2020-01-01",
    "end_date": "2024-12-31",
}

BASES = [
    {
        "slug": "wanzhou-shahe-primary",
        "title": "万州区沙河小学",
        "district": "wanzhou",
        "kind": "primary",
        "summary": "以家长学校为依托，把家访、家长课堂和亲子阅读连成一条线的城区小学。",
        "introduction": (
            "<p>学校把家庭教育指导纳入每学期的工作计划，由班主任和心理老师组成指导小组，"
            "面向全体学生家庭开展家长课堂和入户走访。</p>"
            "<p>对留守儿童和困境儿童家庭，学校建立一对一的联系人，定期电话沟通，假期上门看望。</p>"
        ),
        "practices": [
            ("heading", {"text": "家长课堂“每月一讲”", "level": "h2"}),
            (
                "paragraph",
                "<p>每月选一个家长最关心的话题，例如作业陪伴、手机使用、青春期沟通，由老师先讲二十分钟，"
                "再留时间给家长分组交流。</p>",
            ),
            (
                "steps",
                {
                    "title": "一次家访怎么做",
                    "steps": [
                        "提前和家长约好时间",
                        "先听家长说孩子在家的样子",
                        "一起商量一件能马上试的小事",
                        "两周后电话回访",
                    ],
                },
            ),
        ],
        "reports": [
            {
                "year": 2023,
                "activities": 24,
                "families": 860,
                "summary": (
                    "<p>全年举办家长课堂 10 次、亲子阅读活动 8 次，完成家访 6 轮。"
                    "重点关注留守儿童家庭，建立了联系人台账。</p>"
                    "<p>下一年打算把家长课堂录成短视频，方便在外务工的家长观看。</p>"
                ),
            },
            {
                "year": 2024,
                "activities": 27,
                "families": 910,
                "summary": (
                    "<p>家长课堂短视频上线 12 期；暑假开展“亲子三刻钟”打卡，约三百个家庭参加。"
                    "总结了家访“听、商、试、访”四步做法，在片区学校交流。</p>"
                ),
            },
        ],
    },
    {
        "slug": "yuzhong-zhonghualu-primary",
        "title": "渝中区中华路小学校",
        "district": "yuzhong",
        "kind": "primary",
        "summary": "老城区里的小学，把家校沟通做进每一次放学接送的几分钟里。",
        "introduction": (
            "<p>学校地处老城区，不少孩子由祖辈接送。学校面向祖辈家长开设专场讲座，"
            "并在校门口设置家长信息角，张贴每周的家庭教育小建议。</p>"
        ),
        "practices": [
            ("tip", {"title": "给祖辈家长的一句话", "text": "接孩子时先问“今天有什么开心的事”，再问作业。"}),
        ],
    },
    {
        "slug": "dadukou-kindergarten",
        "title": "大渡口幼儿园",
        "district": "dadukou",
        "kind": "kindergarten",
        "summary": "面向三到六岁孩子家庭的幼儿园，入园适应和幼小衔接是两项常设指导。",
        "introduction": (
            "<p>幼儿园在新生入园前为家长开设适应指导，在大班下学期开展幼小衔接家长会，"
            "帮助家长把注意力从“提前学”转到作息、自理和表达上。</p>"
        ),
    },
    {
        "slug": "jiangbei-women-children-centre",
        "title": "江北区妇女儿童活动中心",
        "district": "jiangbei",
        "kind": "centre",
        "summary": "区级妇女儿童活动阵地，周末开放亲子活动，常年提供家庭教育咨询。",
        "introduction": (
            "<p>中心在周末组织亲子手工、亲子阅读和亲子运动活动，"
            "并联合社区开展家庭教育公益讲座，把服务送到家门口。</p>"
        ),
        "practices": [
            ("heading", {"text": "周末亲子活动", "level": "h2"}),
            ("paragraph", "<p>活动按孩子年龄分组，每次控制在十几个家庭，方便老师照顾到每一对亲子。</p>"),
        ],
        "reports": [
            {
                "year": 2024,
                "activities": 48,
                "families": 1520,
                "summary": (
                    "<p>全年开展周末亲子活动 36 场、公益讲座 12 场。"
                    "与辖区社区合作的“家门口的家长课堂”覆盖了多个街道。</p>"
                ),
            },
        ],
    },
    {
        "slug": "shapingba-fengtianlu-children-home",
        "title": "沙坪坝区覃家岗街道凤天路社区儿童之家",
        "district": "shapingba",
        "kind": "community",
        "summary": "社区里的儿童之家，放学后和假期为孩子和家长提供一个安全、有人陪伴的地方。",
        "introduction": (
            "<p>儿童之家由社区工作者和志愿者共同运营，放学后提供作业陪伴和阅读角，"
            "假期组织亲子游戏和家长沙龙。</p>"
        ),
    },
    {
        "slug": "cfls-forest-primary",
        "title": "重庆外国语学校森林小学",
        "district": "shapingba",
        "kind": "primary",
        "summary": "以自然教育和亲子实践见长的小学，鼓励家长和孩子一起走进户外。",
        "introduction": (
            "<p>学校把亲子户外实践作为家庭教育的一部分，每学期安排家庭共同参与的自然观察活动，"
            "并通过家长会分享陪伴孩子的方法。</p>"
        ),
    },
    {
        "slug": "yubei-konggang-primary",
        "title": "渝北区空港新城小学校",
        "district": "yubei",
        "kind": "primary",
        "summary": "新城区小学，新迁入家庭多，家长互助和邻里联结是家庭教育的切入点。",
        "introduction": (
            "<p>学校许多家庭是新近迁入的，学校通过班级家长小组帮助家长互相认识，"
            "并组织周末亲子运动，让孩子和家长更快融入新社区。</p>"
        ),
    },
    {
        "slug": "banan-hongguang-community",
        "title": "巴南区花溪街道红光社区",
        "district": "banan",
        "kind": "community",
        "summary": "街道社区阵地，把家庭教育讲座和邻里活动放在一起办。",
        "introduction": (
            "<p>社区依托党群服务中心开展家长讲座和亲子活动，"
            "与辖区学校联合开展寒暑假安全教育和家风家教主题活动。</p>"
        ),
    },
    {
        "slug": "jiangjin-women-children-centre",
        "title": "江津区妇女儿童活动中心",
        "district": "jiangjin",
        "kind": "centre",
        "summary": "区级妇女儿童活动中心，提供家庭教育咨询和亲子实践活动。",
        "introduction": (
            "<p>中心面向全区家庭开放，常年开展家庭教育咨询和亲子实践活动，"
            "并组织志愿者到乡镇开展送教活动。</p>"
        ),
    },
    {
        "slug": "nanchuan-guanba-parent-school",
        "title": "南川区东城街道灌坝社区家长学校",
        "district": "nanchuan",
        "kind": "community",
        "summary": "办在社区里的家长学校，晚上和周末开课，方便上班的家长。",
        "introduction": (
            "<p>家长学校利用社区活动室在晚上和周末开课，内容包括亲子沟通、"
            "孩子的情绪管理和家庭安全，课后留出时间答疑。</p>"
        ),
    },
    {
        "slug": "dazu-longgang-kindergarten",
        "title": "大足区龙岗幼儿园",
        "district": "dazu",
        "kind": "kindergarten",
        "summary": "幼儿园以亲子阅读和家园共育为重点，定期请家长走进课堂。",
        "introduction": (
            "<p>幼儿园每学期举办家长开放日，请家长走进班级看一看孩子的一日生活，"
            "并向家庭推荐适合的绘本，开展亲子共读打卡。</p>"
        ),
    },
    {
        "slug": "bishan-xiguan-village",
        "title": "璧山区七塘镇喜观村",
        "district": "bishan",
        "kind": "village",
        "summary": "村级家庭教育阵地，关注留守儿童和隔代养育家庭。",
        "introduction": (
            "<p>村里依托村委会活动室和农家书屋开展家庭教育宣传，"
            "关注留守儿童和祖辈带娃的家庭，假期组织亲子劳动和农事体验。</p>"
        ),
    },
    {
        "slug": "tongliang-bachuan-junior",
        "title": "铜梁区巴川初级中学校",
        "district": "tongliang",
        "kind": "secondary",
        "summary": "初中阶段的家庭教育：青春期沟通、学业压力和生涯规划。",
        "introduction": (
            "<p>学校针对初中学生的成长特点，为家长开设青春期沟通和心理健康专题讲座，"
            "在初三开展升学和生涯规划家长会。</p>"
        ),
        "reports": [
            {
                "year": 2023,
                "activities": 15,
                "families": 1200,
                "summary": (
                    "<p>全年开展家长讲座 9 场、心理健康家庭辅导 6 次，"
                    "初三年级召开生涯规划家长会，帮助家长了解升学路径。</p>"
                ),
            },
        ],
    },
    {
        "slug": "liangping-xiyuan-primary",
        "title": "梁平区西苑小学",
        "district": "liangping",
        "kind": "primary",
        "summary": "小学家庭教育阵地，以好习惯养成为主线开展家校共育。",
        "introduction": (
            "<p>学校以作息、阅读、劳动三个好习惯为主线，每月向家长发放一份家庭小任务，"
            "请家长和孩子一起完成并在班级里分享。</p>"
        ),
    },
    {
        "slug": "wulong-experimental-secondary",
        "title": "武隆区实验中学",
        "district": "wulong",
        "kind": "secondary",
        "summary": "中学家庭教育阵地，面向住校生家庭开展远程沟通指导。",
        "introduction": (
            "<p>学校住校生较多，学校帮助家长学会在每周有限的通话时间里和孩子好好说话，"
            "并在返校日组织家长交流会。</p>"
        ),
    },
    {
        "slug": "chengkou-heyu-women-children-home",
        "title": "城口县河鱼乡河鱼社区妇女儿童之家",
        "district": "chengkou",
        "kind": "community",
        "summary": "山区乡镇的妇女儿童之家，为留守儿童和他们的照顾者提供陪伴和指导。",
        "introduction": (
            "<p>妇女儿童之家由乡妇联和社区共同管理，放学后和周末开放，"
            "组织志愿者陪伴留守儿童，并为祖辈照顾者讲解安全和健康常识。</p>"
        ),
    },
    {
        "slug": "fengdu-women-children-centre",
        "title": "丰都县妇女儿童活动中心",
        "district": "fengdu",
        "kind": "centre",
        "summary": "县级妇女儿童活动中心，开展家庭教育讲座和亲子实践。",
        "introduction": (
            "<p>中心面向全县家庭开展家庭教育讲座和亲子实践活动，并与学校、社区合作把活动送到乡镇。</p>"
        ),
    },
    {
        "slug": "yunyang-women-children-centre",
        "title": "云阳县妇女儿童中心",
        "district": "yunyang",
        "kind": "centre",
        "summary": "县级妇女儿童中心，提供家庭教育咨询、讲座和亲子活动。",
        "introduction": (
            "<p>中心设有家庭教育咨询室，定期开展家长讲座和亲子活动，寒暑假为留守儿童组织集中陪伴活动。</p>"
        ),
    },
    {
        "slug": "xiushan-library",
        "title": "秀山土家族苗族自治县图书馆",
        "district": "xiushan",
        "kind": "library",
        "summary": "公共图书馆里的家庭教育：亲子阅读推广和少儿阅览服务。",
        "introduction": (
            "<p>图书馆在少儿阅览区开展亲子阅读推广活动，为家长推荐分年龄段书单，"
            "并组织故事会和阅读分享，鼓励全家一起读书。</p>"
        ),
        "practices": [
            ("heading", {"text": "周末故事会", "level": "h2"}),
            (
                "paragraph",
                "<p>由馆员和家长志愿者轮流讲故事，讲完一起做一个小手工，让孩子把故事带回家讲给家人听。</p>",
            ),
        ],
    },
    {
        "slug": "shapingba-kangjuxicheng-primary",
        "title": "沙坪坝区康居西城小学校",
        "district": "shapingba",
        "kind": "primary",
        "summary": "小学家庭教育阵地，家长志愿者深度参与学校活动。",
        "introduction": (
            "<p>学校组建家长志愿者队伍，参与护学、阅读推广和校园活动，并通过家长沙龙分享各自的育儿经验。</p>"
        ),
    },
]
