"""Sign-ups (报名) for open days and course sessions, and the night-school certificates.

- ``SignupWindow``: an editor opens online sign-up for one open day (bases.OpenDay) or one course
  session (resources.CourseSession), between two times, with a number of places (an open day's
  own 名额 by default) and a waitlist. It is the row locked (SELECT ... FOR UPDATE) while a sign-up
  or a cancellation is decided, so two requests at the same moment never both take the last place.
- ``Signup``: one family's sign-up. The mobile number is kept for the organisers until the
  retention date; uniqueness per event is on its keyed hash. Rows are anonymised, never deleted,
  by the retention command, so the counts stay for the statistics.
- ``Certificate``: the night-school certificate of one parent for one school year; its code is
  random and long (not enumerable) and its public page shows only the masked name.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from resources.validation import school_year_of

from .security import mask_mobile


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", "报名成功"
    WAITLISTED = "waitlisted", "候补中"
    CANCELLED = "cancelled", "已取消"


ACTIVE_STATUSES = (SignupStatus.CONFIRMED, SignupStatus.WAITLISTED)


class SignupWindow(models.Model):
    open_day = models.OneToOneField(
        "bases.OpenDay",
        verbose_name="开放日",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="signup_window",
    )
    session = models.OneToOneField(
        "resources.CourseSession",
        verbose_name="课程（某一次课）",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="signup_window",
    )
    opens_at = models.DateTimeField("开始报名时间")
    closes_at = models.DateTimeField("截止报名时间", help_text="不能晚于活动开始时间。")
    places = models.PositiveIntegerField(
        "名额（组家庭）",
        null=True,
        blank=True,
        help_text="开放日留空时使用开放日填写的名额；课程必须填写。",
    )
    waitlist_places = models.PositiveIntegerField(
        "候补名额", default=20, help_text="名额报满后可以排队候补的家庭数；0 表示不设候补。"
    )
    is_example = models.BooleanField("示例", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    panels = [
        FieldPanel("open_day"),
        FieldPanel("session"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("places"), FieldPanel("waitlist_places")]),
        FieldPanel("is_example"),
    ]

    class Meta:
        verbose_name = "报名设置"
        verbose_name_plural = "报名设置"
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(open_day__isnull=False) & Q(session__isnull=True))
                | (Q(open_day__isnull=True) & Q(session__isnull=False)),
                name="signup_window_one_event",
            )
        ]

    def __str__(self):
        return f"{self.event_title}（{self.when_text}）"

    def get_absolute_url(self):
        return reverse("signup:form", args=[self.pk])

    # --- The event, whichever kind it is --------------------------------------------------------

    @property
    def event(self):
        return self.open_day if self.open_day_id else self.session

    @property
    def is_session(self):
        return bool(self.session_id)

    @property
    def kind_label(self):
        return "课程" if self.is_session else "开放日"

    @property
    def page(self):
        """The practice site or the course the event belongs to."""
        return self.event.page

    @property
    def event_title(self):
        if self.is_session:
            title = self.session.title
            return f"{self.session.page.title}：{title}" if title else self.session.page.title
        return f"{self.open_day.page.title}：{self.open_day.display_title}"

    @property
    def starts_at(self):
        return self.event.starts_at

    @property
    def ends_at(self):
        event = self.event
        return event.ends_at or event.starts_at + datetime.timedelta(hours=2)

    @property
    def when_text(self):
        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        weekday = "一二三四五六日"[start.weekday()]
        text = f"{start:%Y年%-m月%-d日}（周{weekday}）{start:%H:%M}"
        return f"{text}—{end:%H:%M}" if end.date() == start.date() else f"{text} 至 {end:%-m月%-d日 %H:%M}"

    @property
    def place_text(self):
        if self.is_session:
            return self.session.venue or "线上"
        return self.open_day.page.location_text

    @property
    def class_hours(self):
        return self.session.class_hours if self.is_session else Decimal(0)

    @property
    def school_year(self):
        return school_year_of(self.starts_at)

    @property
    def total_places(self):
        if self.places is not None:
            return self.places
        if self.open_day_id:
            return self.open_day.capacity or 0
        return 0

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at and now < self.starts_at

    def state_text(self, now=None):
        now = now or timezone.now()
        if now < self.opens_at:
            return f"{timezone.localtime(self.opens_at):%-m月%-d日 %H:%M} 开始报名"
        if not self.is_open(now):
            return "报名已截止"
        return "正在报名"

    def counts(self):
        rows = self.signups.values("status").annotate(n=models.Count("pk"))
        found = {row["status"]: row["n"] for row in rows}
        return {status: found.get(status, 0) for status in SignupStatus.values}

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if bool(self.open_day_id) == bool(self.session_id):
            errors["open_day"] = "请选择一个开放日或一次课（只选一个）。"
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "截止时间必须晚于开始报名时间。"
        event = self.open_day if self.open_day_id else (self.session if self.session_id else None)
        if event is not None and self.closes_at and self.closes_at > event.starts_at:
            errors["closes_at"] = "截止报名时间不能晚于活动开始时间。"
        if self.session_id and self.places is None:
            errors["places"] = "课程报名需要填写名额。"
        if self.open_day_id and self.places is None and not self.open_day.capacity:
            errors["places"] = "这个开放日没有填写名额，请在这里填写。"
        if self.places is not None and self.places < 1:
            errors["places"] = "名额至少为 1。"
        if errors:
            raise ValidationError(errors)


class Signup(models.Model):
    window = models.ForeignKey(
        SignupWindow, verbose_name="活动", on_delete=models.CASCADE, related_name="signups"
    )
    name = models.CharField("家长姓名", max_length=20)
    mobile = models.CharField("手机号", max_length=11, blank=True)
    mobile_hash = models.CharField("手机号密钥散列", max_length=64, null=True, blank=True, db_index=True)
    adults = models.PositiveSmallIntegerField("成人人数", default=1)
    children = models.PositiveSmallIntegerField("儿童人数", default=1)
    age_stage = models.ForeignKey(
        "resources.AgeStage", verbose_name="孩子年龄段", null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField("状态", max_length=12, choices=SignupStatus.choices, db_index=True)
    code = models.CharField("报名码", max_length=8)
    token_hash = models.CharField("个人链接散列", max_length=64, null=True, blank=True, unique=True)
    consented_at = models.DateTimeField("同意隐私说明时间")
    created_at = models.DateTimeField("报名时间", default=timezone.now, db_index=True)
    promoted_at = models.DateTimeField("候补转正时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    attended_at = models.DateTimeField("签到时间", null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签到人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymised_at = models.DateTimeField("匿名化时间", null=True, blank=True)

    class Meta:
        verbose_name = "报名"
        verbose_name_plural = "报名"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["window", "mobile_hash"],
                condition=Q(status__in=["confirmed", "waitlisted"]),
                name="signup_one_active_per_mobile",
            ),
            models.UniqueConstraint(fields=["window", "code"], name="signup_code_unique_per_window"),
        ]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    @property
    def masked_mobile(self):
        return mask_mobile(self.mobile)

    @property
    def waitlist_position(self):
        if self.status != SignupStatus.WAITLISTED:
            return None
        before = Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
        return self.window.signups.filter(before, status=SignupStatus.WAITLISTED).count() + 1


class Certificate(models.Model):
    code = models.CharField("验证码", max_length=19, unique=True)
    mobile_hash = models.CharField("手机号密钥散列", max_length=64, null=True, blank=True)
    school_year = models.PositiveSmallIntegerField("学年（起始年）")
    name = models.CharField("姓名", max_length=20, blank=True)
    masked_name = models.CharField("姓名（遮挡）", max_length=20)
    hours = models.DecimalField("课时", max_digits=5, decimal_places=1)
    issued_at = models.DateTimeField("颁发时间", default=timezone.now)
    anonymised_at = models.DateTimeField("匿名化时间", null=True, blank=True)

    class Meta:
        verbose_name = "家长夜校证书"
        verbose_name_plural = "家长夜校证书"
        constraints = [
            models.UniqueConstraint(
                fields=["mobile_hash", "school_year"], name="certificate_one_per_parent_year"
            )
        ]

    def __str__(self):
        return f"{self.masked_name} {self.school_year_label}"

    def get_absolute_url(self):
        return reverse("signup:verify_code", args=[self.code])

    @property
    def school_year_label(self):
        return f"{self.school_year}—{self.school_year + 1} 学年"
