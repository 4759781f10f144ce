"""The fixed vocabularies of the resource library, from the source documents.

Course kinds (渝中区方案 的“4类”课程体系) and the 亲子三刻钟 activities are fixed choices; age
stages are rows (AgeStage) so pages can carry several; topics are free tags editors extend.
"""

from django.db import models


class CourseKind(models.TextChoices):
    GENERAL = "general", "通识课"
    BASIC = "basic", "基础课"
    CUSTOM = "custom", "定制课"
    ONLINE = "online", "网络课"


class Activity(models.TextChoices):
    """The three daily 15-minute activities of 亲子三刻钟."""

    READING = "reading", "亲子共读"
    EXERCISE = "exercise", "亲子运动"
    TALK = "talk", "亲子共话"


# slug, name, short description; loaded by a data migration, in this order.
AGE_STAGES = [
    ("0-3", "0-3岁", "婴幼儿照护"),
    ("3-6", "3-6岁", "幼儿园阶段"),
    ("primary", "小学", "6-12岁"),
    ("junior", "初中", "12-15岁"),
    ("senior", "高中/中职", "15-18岁"),
]

# A 基础课 is 4 sessions and 8 class-hours in every school year (1 Sep - 31 Aug).
BASIC_SESSIONS_PER_YEAR = 4
BASIC_HOURS_PER_YEAR = 8
