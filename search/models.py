"""What parents search for, by week: the editors' view of demand and of gaps."""

import datetime

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone


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
        """Count one search; safe under concurrent requests."""
        term = " ".join(term.lower().split())[:100]
        if not term:
            return
        week = week_start(timezone.localdate())
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
        since = week_start(timezone.localdate()) - datetime.timedelta(weeks=weeks)
        return list(
            cls.objects.filter(week__gte=since, zero_results__lt=F("searches"))
            .values("term")
            .annotate(total=models.Sum("searches"))
            .order_by("-total", "term")
            .values_list("term", flat=True)[:limit]
        )
