"""Upload limits that the libraries do not set themselves."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from wagtailmedia.forms import BaseMediaForm


class LimitedMediaForm(BaseMediaForm):
    """wagtailmedia's form (WAGTAILMEDIA["MEDIA_FORM_BASE"]) with a size limit for the audio or
    video file and its thumbnail: MEDIA_MAX_UPLOAD_SIZE, like WAGTAILDOCS_MAX_UPLOAD_SIZE."""

    def _check_size(self, name):
        upload = self.cleaned_data.get(name)
        limit = settings.MEDIA_MAX_UPLOAD_SIZE
        if upload and getattr(upload, "size", 0) > limit:
            raise forms.ValidationError(
                f"文件太大（{filesizeformat(upload.size)}），音频和视频文件最大 {filesizeformat(limit)}。"
                "请压缩后再上传。"
            )
        return upload

    def clean_file(self):
        return self._check_size("file")

    def clean_thumbnail(self):
        return self._check_size("thumbnail")
