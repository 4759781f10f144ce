"""Admin forms of the base pages: what a base account may change, and one report per year.

The models name these forms by dotted path (``home.base_page.by_path``), so this module imports
the models at its top and the models import no form."""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import ForeignKey
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtailmedia.models import get_media_model

from . import privacy
from .choices import RevocationStatus
from .models import RevocationRequest, duplicate_year_error, reviewer_districts
from .permissions import can_manage_bases

# --- Chosen objects are checked on the server --------------------------------------------------------

CHOICE_ERRORS = {
    "document": "所选的文件（编号 {pk}）不存在或不在你可以使用的文件夹中；请选择或上传本账号文件夹里的文件。",
    "image": "所选的图片（编号 {pk}）不存在或不在你可以使用的文件夹中；请选择或上传本账号文件夹里的图片。",
    "media": "所选的音视频（编号 {pk}）不存在或你无权使用。",
    "page": "所选或链接的页面（编号 {pk}）不存在或不在你可以选择的范围内；只能选择本基地的页面。",
    "revocation": "所选的撤销申请（编号 {pk}）不存在或你无权查看。",
}


def _kind_and_queryset(model, user):
    """("document" etc., the queryset of what ``user`` may choose) for a chosen model, or None
    for models with nothing private (for instance the site's categories)."""
    if issubclass(model, Page):
        return "page", privacy.visible_pages(user)
    if issubclass(model, get_document_model()):
        return "document", privacy.choosable_documents(user)
    if issubclass(model, get_image_model()):
        return "image", privacy.choosable_images(user)
    if issubclass(model, get_media_model()):
        return "media", privacy.choosable_media(user)
    if issubclass(model, RevocationRequest):
        return "revocation", privacy.visible_revocation_requests(user)
    return None


def _references(model_field, value):
    """(model, pk) of every object a form value points to: a foreign key, or the pages,
    documents and images inside rich text and StreamField content."""
    if value in (None, ""):
        return set()
    if isinstance(model_field, ForeignKey):
        pk = getattr(value, "pk", value)
        return {(model_field.related_model, str(pk))}
    if isinstance(model_field, (RichTextField, StreamField)):
        try:
            return {(model, str(pk)) for model, pk, *_ in model_field.extract_references(value)}
        except (TypeError, ValueError, AttributeError):
            return set()
    return set()


def check_chosen_objects(form, user):
    """Adds a field error for every newly chosen object ``user`` may not choose (ids sent by hand
    or kept from a chooser the account could not see). Returns True when all are allowed.
    Values already saved are not checked again, so an editor's choice does not block a base."""
    ok = True
    cleaned = getattr(form, "cleaned_data", None) or {}
    for name in list(cleaned):
        try:
            model_field = form._meta.model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        chosen = _references(model_field, cleaned[name]) - _references(model_field, form.initial.get(name))
        for model, pk in sorted(chosen, key=lambda ref: (ref[0].__name__, ref[1])):
            rule = _kind_and_queryset(model, user)
            if rule is None:
                continue
            kind, allowed = rule
            if not (pk.isdigit() and allowed.filter(pk=pk).exists()):
                form.add_error(name, CHOICE_ERRORS[kind].format(pk=pk))
                ok = False
                break
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.forms:
            if (getattr(child, "cleaned_data", None) or {}).get("DELETE"):
                continue
            ok = check_chosen_objects(child, user) and ok
    return ok


class ChosenObjectsCheckMixin:
    """For the admin forms: every chosen document, image, page and snippet is checked against
    what the account may choose (bases.privacy), whatever id the browser sent."""

    def is_valid(self):
        valid = super().is_valid()
        user = getattr(self, "for_user", None)
        if user is None or not hasattr(self, "cleaned_data"):
            return valid
        return check_chosen_objects(self, user) and valid


# Facts the city decided when it named the base: a base account sees them but cannot change them.
OFFICIAL_FIELDS = ("title", "slug", "district", "kind", "is_example")


class InnovationBasePageForm(ChosenObjectsCheckMixin, WagtailAdminPageForm):
    """A base account edits its own profile, but its name, district and kind stay as named."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not can_manage_bases(user):
            for name in OFFICIAL_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = "由市妇联、市教委命名时确定；需要更正请联系审核员。"


class YearlyReportPageForm(ChosenObjectsCheckMixin, WagtailAdminPageForm):
    """Prefills this year's report and refuses a second report for the same year."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            year = timezone.localdate().year
            if not self.initial.get("year"):
                self.initial["year"] = year
            if not self.initial.get("title"):
                self.initial["title"] = f"{year}年度工作报告"

    def clean(self):
        cleaned_data = super().clean()
        # An existing report is checked by the model's clean(); a new one has no parent yet there.
        year = cleaned_data.get("year")
        parent = self.parent_page
        if year and self.instance.pk is None and parent is not None:
            try:
                duplicate_year_error(parent, year, self.instance.pk)
            except ValidationError as exc:
                self.add_error("year", exc.message_dict["year"])
        return cleaned_data


class RevocationRequestForm(ChosenObjectsCheckMixin, WagtailAdminModelForm):
    """Records who asked and who decided; a district reviewer may only ask about a base of
    their own districts."""

    def clean(self):
        cleaned_data = super().clean()
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
