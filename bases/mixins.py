"""Field groups that recur on places (bases now, practice sites next): location, public contact,
a validity period, and a page's ordered photos. Each validates itself and collects every error
at once, so an editor sees all problems of a form in one go instead of one per save."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from .choices import LocationPrecision
from .districts import DISTRICT_CHOICES, district_name

# Chongqing lies within these bounds (GCJ-02, as Chinese map services use); a point outside is a typo.
LATITUDE_RANGE = (Decimal("28.1"), Decimal("32.3"))
LONGITUDE_RANGE = (Decimal("105.2"), Decimal("110.2"))


def _merge(errors, exc):
    """Add the errors of a ValidationError to a {field: [messages]} dict."""
    if hasattr(exc, "error_dict"):
        for name, messages in exc.error_dict.items():
            errors.setdefault(name, []).extend(messages)
    else:
        errors.setdefault("__all__", []).extend(exc.error_list)


class CollectErrorsMixin:
    """Cooperative clean(): every mixin adds its errors, the model raises them together."""

    def collect_errors(self):
        return {}

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as exc:
            _merge(errors, exc)
        for name, message in self.collect_errors().items():
            errors.setdefault(name, []).append(message)
        if errors:
            raise ValidationError(errors)


class LocationMixin(CollectErrorsMixin, models.Model):
    """Where a place is: district (always), address (when verified) and a map point.

    A place with no verified point is shown at its district and says so, instead of being
    put on a made-up spot."""

    district = models.CharField("区县", max_length=20, choices=DISTRICT_CHOICES, db_index=True)
    address = models.CharField(
        "地址", max_length=200, blank=True, help_text="核实过的详细地址；不确定时留空，页面只显示区县。"
    )
    location_precision = models.CharField(
        "位置精度",
        max_length=10,
        choices=LocationPrecision.choices,
        default=LocationPrecision.DISTRICT,
        help_text="没有核实过的坐标时选“仅精确到区县”，地图上放在区县位置并注明。",
    )
    latitude = models.DecimalField(
        "纬度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(LATITUDE_RANGE[0]), MaxValueValidator(LATITUDE_RANGE[1])],
        help_text="高德或腾讯地图上取的坐标（GCJ-02），例如 29.563010。",
    )
    longitude = models.DecimalField(
        "经度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(LONGITUDE_RANGE[0]), MaxValueValidator(LONGITUDE_RANGE[1])],
        help_text="例如 106.551557。",
    )

    class Meta:
        abstract = True

    @property
    def district_label(self):
        return district_name(self.district)

    @property
    def has_exact_location(self):
        return (
            self.location_precision == LocationPrecision.EXACT
            and self.latitude is not None
            and self.longitude is not None
        )

    def collect_errors(self):
        errors = super().collect_errors()
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = (
                "纬度和经度要同时填写，或者都留空。"
            )
        if self.location_precision == LocationPrecision.EXACT and (
            self.latitude is None or self.longitude is None
        ):
            errors["location_precision"] = (
                "选择“精确位置”时必须填写纬度和经度；没有核实过的坐标请选“仅精确到区县”。"
            )
        return errors


class ContactMixin(CollectErrorsMixin, models.Model):
    """The public contact of a place: what a parent needs to ask before going."""

    contact_phone = models.CharField(
        "联系电话", max_length=40, blank=True, help_text="对外公开的电话，例如 023-12345678。"
    )
    contact_email = models.EmailField("电子邮箱", blank=True)
    visit_notes = models.CharField(
        "来访须知",
        max_length=300,
        blank=True,
        help_text="开放时间、是否需要预约、无障碍设施等，家长出发前需要知道的事。",
    )

    class Meta:
        abstract = True

    def collect_errors(self):
        errors = super().collect_errors()
        phone = self.contact_phone.strip()
        if phone and not any(ch.isdigit() for ch in phone):
            errors["contact_phone"] = "联系电话里要有号码。"
        return errors


class ValidityPeriodMixin(CollectErrorsMixin, models.Model):
    """A period with a first and a last valid day (both inclusive)."""

    start_date = models.DateField("有效期开始")
    end_date = models.DateField("有效期结束", help_text="最后一个有效日，当天仍然有效。")

    class Meta:
        abstract = True

    def collect_errors(self):
        errors = super().collect_errors()
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = "有效期结束日期必须晚于开始日期。"
        return errors


class PhotoOrderable(Orderable):
    """One photo of a page's ordered gallery, with a caption (a yearly report's activity photos,
    a practice site's photos). A subclass adds the ``page`` ParentalKey and its verbose names."""

    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name="照片", on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField("说明", max_length=120, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        abstract = True
