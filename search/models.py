"""What parents search for, by week: the editors' view of demand and of gaps."""

import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from .chinese import fold

MAX_TERM_LENGTH = 30
MAX_TERMS_PER_WEEK = 2000
OTHER_TERM = "（其他）"


def week_start(day):
    return day - datetime.timedelta(days=day.weekday())


class SearchTermWeek(models.Model):
    """One search term in one week (Monday to Sunday, Asia/Shanghai): how often it was
    searched and how often it found nothing."""

    week = models.DateField("周（周一）", db_index=True)
    term = models.CharField("搜索词", max_length=100)
    searches = models.PositiveIntegerField("搜索次数", default=0)
    zero_results = models.PositiveIntegerField("无结果次数", default=0)

    class Meta:
        verbose_name = "搜索词统计"
        verbose_name_plural = "搜索词统计"
        constraints = [models.UniqueConstraint(fields=["week", "term"], name="unique_term_per_week")]
        ordering = ["-week", "-searches"]

    def __str__(self):
        return f"{self.week} {self.term}"

    @classmethod
    def record(cls, term, found):
        """Count one search; safe under concurrent requests. Bounded: terms longer than
        MAX_TERM_LENGTH are not stored, and a week holds at most MAX_TERMS_PER_WEEK terms
        (later new terms are counted under OTHER_TERM)."""
        term = " ".join(term.lower().split())
        if not term:
            return
        if len(term) > MAX_TERM_LENGTH:
            term = OTHER_TERM
        week = week_start(timezone.localdate())
        if (
            term != OTHER_TERM
            and not cls.objects.filter(week=week, term=term).exists()
            and cls.objects.filter(week=week).count() >= MAX_TERMS_PER_WEEK
        ):
            term = OTHER_TERM
        increments = {"searches": F("searches") + 1}
        if not found:
            increments["zero_results"] = F("zero_results") + 1
        if cls.objects.filter(week=week, term=term).update(**increments):
            return
        try:
            with transaction.atomic():
                cls.objects.create(week=week, term=term, searches=1, zero_results=0 if found else 1)
        except IntegrityError:  # another request created it first
            cls.objects.filter(week=week, term=term).update(**increments)

    @classmethod
    def popular(cls, weeks=4, limit=8):
        """大家常搜: the most searched terms of recent weeks that editors approved or that are
        the title of a page or a topic (the vocabulary). What visitors type is never shown
        as such: ten searches for spam do not put it on the page."""
        since = week_start(timezone.localdate()) - datetime.timedelta(weeks=weeks)
        allowed = SearchEntry.objects.filter(
            kind__in=[SearchEntry.Kind.TERM, SearchEntry.Kind.TOPIC, SearchEntry.Kind.PAGE],
            folded=models.OuterRef("term"),
        )
        return list(
            cls.objects.filter(week__gte=since, zero_results__lt=F("searches"))
            .filter(models.Exists(allowed))
            .values("term")
            .annotate(total=models.Sum("searches"))
            .order_by("-total", "term")
            .values_list("term", flat=True)[:limit]
        )


class SearchSynonym(models.Model):
    """An editor-managed rule: a query containing `term` also finds pages with any of the
    alternatives (早教 -> 婴幼儿照护、早期教育). Applied to the query before it reaches any
    backend, so it works the same on the database and on the engines."""

    term = models.CharField("搜索词", max_length=30, unique=True, help_text="家长会输入的词，例如“早教”。")
    alternatives = models.TextField(
        "同义词 / 近义词",
        max_length=500,
        help_text="用顿号、逗号或换行分隔，例如“婴幼儿照护、早期教育”。搜索“搜索词”时也会找到包含这些词的内容。",
    )
    both_ways = models.BooleanField(
        "双向", default=False, help_text="勾选后，搜索任一同义词时也会找到包含“搜索词”的内容。"
    )

    class Meta:
        verbose_name = "搜索同义词"
        verbose_name_plural = "搜索同义词"
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} → {'、'.join(self.alternative_list())}"

    def alternative_list(self):
        import re

        words = (w.strip() for w in re.split(r"[、,，;；/\n\r]+", self.alternatives or ""))
        return [w for w in dict.fromkeys(words) if w and w != self.term][:10]

    def clean(self):
        self.term = fold(self.term).strip()
        if not self.term:
            raise ValidationError({"term": "请填写搜索词。"})
        if not self.alternative_list():
            raise ValidationError({"alternatives": "请至少填写一个不同于搜索词的同义词。"})

    @classmethod
    def rules(cls):
        """{term: [alternatives]} for every rule (both-way rules in both directions), folded,
        cached until an editor changes a rule."""
        rules = cache.get(SYNONYM_CACHE_KEY)
        if rules is None:
            rules = {}
            for synonym in cls.objects.all():
                term = fold(synonym.term)
                alternatives = [fold(a) for a in synonym.alternative_list()]
                rules.setdefault(term, []).extend(alternatives)
                if synonym.both_ways:
                    for alternative in alternatives:
                        rules.setdefault(alternative, []).append(term)
            cache.set(SYNONYM_CACHE_KEY, rules, 3600)
        return rules


SYNONYM_CACHE_KEY = "search:synonyms:v1"


class ApprovedSearchTerm(models.Model):
    """A term editors allow on public pages (大家常搜). Only these, content titles and topic
    names are ever shown to visitors as suggestions; what anonymous visitors type is not."""

    term = models.CharField("搜索词", max_length=30, unique=True)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "推荐搜索词"
        verbose_name_plural = "推荐搜索词"
        ordering = ["term"]

    def __str__(self):
        return self.term


class SearchEntry(models.Model):
    """The suggestion vocabulary: one row per searchable page title, topic and label, with its
    pinyin (fuzzy form, see search/chinese.py), initials and the URL a suggestion leads to.
    Kept current when pages and topics are saved; `rebuild_search_vocabulary` rebuilds it."""

    class Kind(models.TextChoices):
        PAGE = "page", "页面"
        TOPIC = "topic", "主题"
        LABEL = "label", "标签"
        TERM = "term", "推荐搜索词"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    text = models.CharField("文字", max_length=255)
    folded = models.CharField("检索用文字", max_length=255, db_index=True)
    pinyin = models.CharField("拼音（模糊）", max_length=255, db_index=True)
    initials = models.CharField("拼音首字母", max_length=64, db_index=True)
    url = models.CharField("链接", max_length=500)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    weight = models.PositiveSmallIntegerField("权重", default=0)
    keywords = models.TextField("检索用简介与标签", blank=True)

    class Meta:
        verbose_name = "搜索提示词"
        verbose_name_plural = "搜索提示词"
        constraints = [models.UniqueConstraint(fields=["kind", "text", "url"], name="unique_search_entry")]
        indexes = [
            models.Index(fields=["kind", "folded"]),
            # The ranking reads the rows of a page list (page_id IN ..., kind = page): without it
            # SQLite walks the (kind, folded) index over every page row.
            models.Index(fields=["page", "kind"], name="search_entry_page_kind"),
        ]

    def __str__(self):
        return self.text


class SearchKey(models.Model):
    """The suggestion lookup keys of a SearchEntry (search/vocabulary.py `entry_keys`): every
    suffix of its folded text and of its fuzzy pinyin (at each character / syllable) and its
    initials, so that a completion anywhere in a title (亲子 in 示例微课：亲子阅读, sahe in
    万州区沙河小学) is an indexed prefix range scan ordered by the index itself. The key starts
    with the match's rank (a match at the start before one inside, then pages, topics and labels)
    and the kind of text (t folded, p pinyin, i initials): a request reads at most a few rows of
    each rank, however many entries match. The column is compared byte-wise (SQLite's BINARY;
    COLLATE "C" on PostgreSQL, set by the migration) so that a prefix is a range."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField("检索键", max_length=40)

    class Meta:
        verbose_name = "搜索提示检索键"
        verbose_name_plural = "搜索提示检索键"
        indexes = [models.Index(fields=["key"], name="search_key_prefix")]

    def __str__(self):
        return self.key
