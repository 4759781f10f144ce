"""More of the default synonym list: the words Chongqing parents use for what the site's
content calls otherwise (the source documents' terms: 托育, 家长夜校, 困境儿童, 家风家训, 生涯教育,
劳动教育, 实践基地 ...). Editors change them in the admin (设置 → 搜索同义词). Only adds rules
whose term does not exist yet; an editor's own rule of the same term is kept."""

from django.db import migrations

MORE_SYNONYMS = [
    # infants, nurseries, pre-school
    ("托育", "托班、送托、婴幼儿照护", True),
    ("托班", "送托、托育", False),
    ("宝宝", "婴幼儿、0-3岁", False),
    ("婴儿", "婴幼儿、宝宝、0-3岁", False),
    ("学前", "3-6岁、幼儿园、学龄前", False),
    ("入园", "入园适应、送托、分离焦虑", False),
    ("分离焦虑", "入园适应、送托", False),
    # school years and kindergarten classes as the site's age stages
    *[(f"{n}年级", "小学", False) for n in "一二三四五六"],
    *[(f"初{n}", "初中", False) for n in "一二三"],
    *[(f"高{n}", "高中", False) for n in "一二三"],
    *[(f"{n}班", "幼儿园、3-6岁", False) for n in "小中大"],
    ("小学生", "小学", False),
    ("中学生", "初中、高中", False),
    # everyday worries
    ("听话", "亲子沟通、规矩、规则", False),
    ("说话", "沟通、谈话、聊天", False),
    ("挑食", "吃饭、辅食", False),
    ("磨蹭", "作业时间、时间表、习惯", False),
    ("拖拉", "作业时间、时间表、习惯", False),
    ("哄睡", "睡前、睡眠", False),
    ("睡觉", "睡眠、睡前", False),
    # reading, play, chores
    ("亲子共读", "亲子阅读、共读、绘本", False),
    ("讲故事", "绘本、共读、故事", False),
    ("做家务", "家务、劳动教育", False),
    ("劳动", "家务、劳动教育", False),
    ("体育锻炼", "运动、亲子运动", False),
    ("锻炼", "运动", False),
    # phones, games, online safety
    ("打游戏", "游戏、手机与网络", False),
    ("玩游戏", "游戏、手机与网络", False),
    ("沉迷游戏", "游戏、手机与网络、网瘾", False),
    ("沉迷手机", "手机与网络、手机、网瘾", False),
    ("网络安全", "网络交友、个人信息保护", False),
    ("隐私", "个人信息", False),
    # feelings, mental health
    ("抑郁", "情绪低落、心理健康、求助", False),
    ("焦虑", "情绪、心理健康、压力", False),
    ("心理咨询", "心理健康、求助", False),
    ("厌学", "学业、压力、心理健康", False),
    ("哭闹", "情绪、分离焦虑", False),
    # families
    ("离婚", "离异、单亲家庭", False),
    ("单亲", "单亲家庭、离异", False),
    ("打工", "务工、外出务工、留守儿童", False),
    ("外出务工", "留守儿童、务工", False),
    ("困难家庭", "困境儿童、难处", True),
    ("特殊儿童", "特殊需要儿童", True),
    ("孤独症", "特殊需要儿童", False),
    ("自闭症", "特殊需要儿童、孤独症", False),
    ("老人带娃", "隔代教育、祖辈、老人", False),
    ("爷爷奶奶", "祖辈、隔代教育、老人", False),
    ("外公外婆", "祖辈、隔代教育、老人", False),
    ("家训", "家风家教、家风", True),
    # school, study, the future
    ("减负", "双减、作业", False),
    ("作业", "作业时间、双减", False),
    ("中考", "初中、升学、学业", False),
    ("高考", "高中、升学、选科", False),
    ("新高考", "选科、高中", False),
    ("职业规划", "生涯教育、生涯规划", True),
    ("职高", "中职、职业教育", False),
    ("职业教育", "中职、技能", False),
    ("家校合作", "家校共育、家校沟通", True),
    ("家长会", "家长课堂、家长学校", False),
    ("家长夜校", "家长学校、家长课堂", False),
    # places to go
    ("科普", "科学素养、科学启蒙、实验", False),
    ("研学", "实践点位、开放日、实验室", False),
    ("红色教育", "红色家风、革命、故居旧址", False),
    ("非遗", "非物质文化遗产、非遗基地、老手艺", False),
    ("护眼", "眼科、视力", False),
    ("近视", "眼科、护眼、视力", False),
    ("妇联", "妇女儿童活动中心、妇女儿童之家、妇女联合会", False),
    ("少年宫", "青少年活动中心、青少年活动场所", True),
    ("法律", "法治、家庭教育促进法", False),
]


def add_defaults(apps, schema_editor):
    SearchSynonym = apps.get_model("search", "SearchSynonym")
    existing = set(SearchSynonym.objects.values_list("term", flat=True))
    SearchSynonym.objects.bulk_create(
        [
            SearchSynonym(term=term, alternatives=alternatives, both_ways=both_ways)
            for term, alternatives, both_ways in MORE_SYNONYMS
            if term not in existing
        ]
    )


def remove_defaults(apps, schema_editor):
    SearchSynonym = apps.get_model("search", "SearchSynonym")
    SearchSynonym.objects.filter(term__in=[term for term, _, _ in MORE_SYNONYMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0004_default_synonyms")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
