"""Admin forms of the base pages: what a base account may change, and one report per year."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from .status import local_today

# Facts the city decided when it named the base: a base account sees them but cannot change them.
OFFICIAL_FIELDS = ("title", "slug", "district", "kind", "is_example")


class InnovationBasePageForm(WagtailAdminPageForm):
    """A base account edits its own profile, but its name, district and kind stay as named."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import can_manage_bases

        user = self.for_user
        if user is not None and not can_manage_bases(user):
            for name in OFFICIAL_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = "由市妇联、市教委命名时确定；需要更正请联系审核员。"


class YearlyReportPageForm(WagtailAdminPageForm):
    """Prefills this year's report and refuses a second report for the same year."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            year = local_today().year
            if not self.initial.get("year"):
                self.initial["year"] = year
            if not self.initial.get("title"):
                self.initial["title"] = f"{year}年度工作报告"

    def clean(self):
        cleaned_data = super().clean()
        from .models import duplicate_year_error

        # An existing report is checked by the model's clean(); a new one has no parent yet there.
        year = cleaned_data.get("year")
        parent = self.parent_page
        if year and self.instance.pk is None and parent is not None:
            try:
                duplicate_year_error(parent, year, self.instance.pk)
            except ValidationError as exc:
                self.add_error("year", exc.message_dict["year"])
        return cleaned_data


class RevocationRequestForm(WagtailAdminModelForm):
    """Records who asked and who decided; a district reviewer may only ask about a base of
    their own districts."""

    def clean(self):
        cleaned_data = super().clean()
        from .models import can_manage_bases, reviewer_districts

        base = cleaned_data.get("base")
        user = self.for_user
        if (
            base is not None
            and user is not None
            and not can_manage_bases(user)
            and base.specific_deferred.district not in reviewer_districts(user)
        ):
            self.add_error("base", "只能为本人负责区县的基地提出撤销申请。")
        return cleaned_data

    def save(self, commit=True):
        from django.utils import timezone

        from .choices import RevocationStatus

        instance = super().save(commit=False)
        user = self.for_user
        if instance.pk is None and user is not None:
            instance.requested_by = user
        if "status" in self.changed_data and instance.status != RevocationStatus.PENDING and user is not None:
            instance.decided_by = user
            instance.decided_at = timezone.now()
        if commit:
            instance.save()
            self.save_m2m()
        return instance
