"""Filters of the map (/map/, /map/sites.geojson, /map/open-days.ics), one definition for all
three so the list, the map and the data always agree.

Query string: ?category=museum&district=yuzhong&when=week&no_appointment=1&barrier_free=1&age=primary
&layer=sites. Several values of one filter match any of them; different filters combine.

- ``when``: ``week`` (an open day from now to the end of Sunday) or ``month`` (to the end of
  this calendar month), in Chongqing's time; an open day already under way counts.
- ``layer``: ``sites`` and/or ``bases`` (both when absent). Bases are filtered by district
  only: they have no categories, open days or age stages, so when any of those filters is on,
  the bases layer is empty rather than pretending to match.

On the page an unknown value is ignored with a message (like the other lists); the data
endpoints answer 400 with the reason instead.
"""

import datetime
from urllib.parse import urlencode

import django_filters
from django import forms
from django.utils import timezone
from django.utils.functional import cached_property

from ..districts import DISTRICT_CHOICES, DISTRICT_ORDER
from ..models import InnovationBasePage
from ..models.sites import PracticeSitePage, SiteCategory, age_stages, sort_by_district

WHEN_CHOICES = [("week", "本周有开放日"), ("month", "本月有开放日")]
LAYER_CHOICES = [("sites", "实践点位"), ("bases", "创新实践基地")]
SITE_ONLY_FILTERS = ("category", "when", "no_appointment", "barrier_free", "age")
FILTER_NAMES = ("category", "district", "when", "no_appointment", "barrier_free", "age", "layer")
MAX_VALUES = 50  # per parameter: more is not a person using the page


class FlagWidget(forms.CheckboxInput):
    """A checkbox that sends 1 and keeps the raw value, so that anything else is an error."""

    def format_value(self, value):
        return "1"

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")


class FlagFilter(django_filters.Filter):
    field_class = forms.ChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FlagWidget)
        kwargs.setdefault("choices", [("1", "是")])
        super().__init__(*args, **kwargs)


def period_end(now, when):
    """The first instant after the period ``when`` (week: Monday 00:00 next week; month: the
    1st of next month), in Chongqing's time."""
    today = timezone.localdate(now)
    if when == "week":
        end = today + datetime.timedelta(days=7 - today.weekday())
    else:
        end = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return timezone.make_aware(datetime.datetime.combine(end, datetime.time.min))


class SiteFilter(django_filters.FilterSet):
    # Declared first: the form shows the layers first.
    layer = django_filters.MultipleChoiceFilter(
        label="显示", choices=LAYER_CHOICES, method="filter_layer", widget=forms.CheckboxSelectMultiple
    )
    category = django_filters.ModelMultipleChoiceFilter(
        label="类别",
        field_name="category__slug",
        to_field_name="slug",
        queryset=SiteCategory.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    district = django_filters.MultipleChoiceFilter(
        label="区县", choices=DISTRICT_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    when = django_filters.ChoiceFilter(
        label="开放日",
        choices=WHEN_CHOICES,
        method="filter_when",
        empty_label="不限",
        widget=forms.RadioSelect,
    )
    no_appointment = FlagFilter(label="无需预约", method="filter_no_appointment")
    barrier_free = FlagFilter(label="无障碍", method="filter_barrier_free")
    age = django_filters.ModelMultipleChoiceFilter(
        label="适合年龄段",
        field_name="age_stages__slug",
        to_field_name="slug",
        queryset=age_stages(),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )
    # The shared filter form (templates/includes/filters.html) shows both flags under one legend.
    field_groups = {"到访条件": ("no_appointment", "barrier_free")}

    def __init__(self, *args, now=None, used_districts=None, **kwargs):
        self.now = now or timezone.now()
        super().__init__(*args, **kwargs)
        if used_districts is not None:
            # Every district is accepted in the URL; the form offers those that have places.
            field = self.form.fields["district"]
            field.widget.choices = [(code, name) for code, name in DISTRICT_CHOICES if code in used_districts]

    def filter_when(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.with_open_day_between(self.now, period_end(self.now, value))

    def filter_no_appointment(self, queryset, name, value):
        return queryset.filter(appointment_required=False) if value else queryset

    def filter_barrier_free(self, queryset, name, value):
        return queryset.filter(barrier_free=True) if value else queryset

    def filter_layer(self, queryset, name, value):
        return queryset  # which layers to show: read by MapQuery


# Sites listed per page under the map (the map itself shows all of them, from the GeoJSON).
SITES_PER_PAGE = 50


class MapQuery:
    """The filters of one request, applied to the sites and to the bases.

    ``root``: only places under this page (the map page, or the site's root page)."""

    def __init__(self, params, root=None, index=None, now=None):
        self.params = params
        self.now = now or timezone.now()
        self.root = index or root
        bound = any(name in params for name in FILTER_NAMES)
        self.too_many = [name for name in FILTER_NAMES if len(params.getlist(name)) > MAX_VALUES]
        self.filterset = SiteFilter(
            params if bound else None,
            queryset=self._site_queryset(),
            now=self.now,
            used_districts=self._used_districts() if index is not None else None,
        )

    def _site_queryset(self):
        queryset = PracticeSitePage.objects.live().public()
        if self.root is not None:
            queryset = queryset.descendant_of(self.root)
        return queryset.with_listing_data(self.now)

    def _base_queryset(self):
        return InnovationBasePage.objects.live().public().with_status()

    def _used_districts(self):
        sites = PracticeSitePage.objects.live().order_by().values_list("district", flat=True).distinct()
        bases = self._base_queryset().order_by().values_list("district", flat=True).distinct()
        return set(sites) | set(bases)

    # --- validity ---

    @cached_property
    def errors(self):
        """{parameter: message} for every parameter the site cannot use."""
        errors = {}
        for name in self.too_many:
            errors[name] = f"“{name}”的取值太多（最多 {MAX_VALUES} 个）。"
        if self.filterset.is_bound and not self.filterset.form.is_valid():
            for name, messages in self.filterset.form.errors.items():
                if name in self.filterset.form.fields:
                    label = self.filterset.form.fields[name].label
                    values = "、".join(self.params.getlist(name))
                    errors.setdefault(
                        name, f"筛选条件“{label}”（{name}）的值“{values}”无法识别：{' '.join(messages)}"
                    )
        return errors

    @property
    def is_valid(self):
        return not self.errors

    def error_messages(self):
        """For the page: what was ignored."""
        if not self.filterset.is_bound or self.filterset.form.is_valid():
            return []
        return [
            f"筛选条件“{self.filterset.form.fields[name].label}”中有无法识别的值，已忽略。"
            for name in self.filterset.form.errors
            if name in self.filterset.form.fields
        ]

    @cached_property
    def cleaned(self):
        if not self.filterset.is_bound:
            return {}
        self.filterset.form.is_valid()
        return getattr(self.filterset.form, "cleaned_data", {})

    # --- results ---

    def shows(self, layer):
        layers = self.cleaned.get("layer") or [value for value, _ in LAYER_CHOICES]
        return layer in layers

    def site_only_filter_active(self):
        return any(self.cleaned.get(name) for name in SITE_ONLY_FILTERS)

    def sites(self):
        if not self.shows("sites"):
            return []
        return sort_by_district(self.filterset.qs)

    def sites_page(self, number, per_page=None):
        """One page of the list under the map, in the order of ``sites()`` (districts in the
        official order, then title), sorted and cut by the database: the page reads only the
        sites it shows, however many there are. Page links reach every site without JavaScript."""
        from django.core.paginator import Paginator
        from django.db.models import Case, IntegerField, Value, When

        per_page = per_page or SITES_PER_PAGE
        queryset = self.filterset.qs if self.shows("sites") else PracticeSitePage.objects.none()
        rank = Case(
            *[When(district=code, then=Value(position)) for code, position in DISTRICT_ORDER.items()],
            default=Value(99),
            output_field=IntegerField(),
        )
        ordered = queryset.annotate(district_rank=rank).order_by("district_rank", "title", "pk")
        return Paginator(ordered, per_page).get_page(number)

    def bases(self):
        if not self.shows("bases") or self.site_only_filter_active():
            return []
        queryset = self._base_queryset()
        districts = self.cleaned.get("district")
        if districts:
            queryset = queryset.filter(district__in=districts)
        return sort_by_district(queryset)

    def query_string(self):
        """The filters in effect as a canonical query string (sorted, only what is valid)."""
        pairs = []
        for name in FILTER_NAMES:
            if name in self.errors:
                continue
            for value in sorted(set(self.params.getlist(name))):
                if value:
                    pairs.append((name, value))
        return urlencode(pairs)

    def active_filters(self):
        """(label, value label) pairs for the filters in effect, for the summary line."""
        active = []
        for name, value in self.cleaned.items():
            if not value:
                continue
            field = self.filterset.form.fields[name]
            values = list(value) if isinstance(value, list | tuple) or hasattr(value, "model") else [value]
            if hasattr(value, "model"):  # a queryset of categories or age stages
                names = [str(item) for item in value]
            else:
                choices = dict(getattr(field, "choices", []))
                names = [str(choices.get(v, v)) for v in values]
            active.append((field.label, "、".join(names)))
        return active
