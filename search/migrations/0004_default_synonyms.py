"""The default synonym list for family education in Chongqing; editors change it in the admin
(设置 → 搜索同义词). Only adds rules whose term does not exist yet."""

from django.db import migrations

DEFAULT_SYNONYMS = [
    ("早教", "婴幼儿照护、早期教育、0-3岁", False),
    ("霸凌", "欺凌、被欺负", True),
    ("网瘾", "沉迷网络、沉迷手机、手机、上网", False),
    ("玩手机", "手机、沉迷网络、上网", False),
    ("家长课堂", "家长学校、家长大课堂", True),
    ("幼升小", "幼小衔接", True),
    ("小升初", "初小衔接、初中", False),
    ("学龄前", "3-6岁、幼儿园", False),
    ("网课", "网络课", True),
    ("看书", "阅读、读书、绘本", False),
    ("读书", "阅读", False),
    ("叛逆", "青春期、逆反", False),
    ("早恋", "青春期、异性交往", False),
    ("心理健康", "心理、情绪", False),
    ("二胎", "二孩、多子女、同胞", False),
    ("隔代教养", "隔代教育、祖辈", True),
    ("留守儿童", "留守、困境儿童", False),
    ("亲子关系", "亲子沟通", False),
    ("发脾气", "情绪", False),
    ("性教育", "性别教育、青春期", False),
    ("双减", "减负、课后服务", False),
    ("三岁", "3-6岁", False),
    ("两岁", "0-3岁", False),
    ("一岁", "0-3岁", False),
]


def add_defaults(apps, schema_editor):
    SearchSynonym = apps.get_model("search", "SearchSynonym")
    existing = set(SearchSynonym.objects.values_list("term", flat=True))
    SearchSynonym.objects.bulk_create(
        [
            SearchSynonym(term=term, alternatives=alternatives, both_ways=both_ways)
            for term, alternatives, both_ways in DEFAULT_SYNONYMS
            if term not in existing
        ]
    )


def remove_defaults(apps, schema_editor):
    SearchSynonym = apps.get_model("search", "SearchSynonym")
    SearchSynonym.objects.filter(term__in=[term for term, _, _ in DEFAULT_SYNONYMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_vocabulary_synonyms_approved_terms")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
