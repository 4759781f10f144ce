from django import forms
from django.core.exceptions import ValidationError

from resources.models import AgeStage

from . import security

PRIVACY_NOTICE = (
    "我们保存你填写的姓名、手机号、成人和儿童人数、孩子年龄段和签到记录，只用于这次活动的报名、"
    "候补通知和签到，以及家长夜校课时与证书。能看到这些信息的只有平台编辑和举办这次活动的基地或点位"
    "的工作人员，不会公开，也不会交给其他单位。活动结束 {days} 天后（课程在该学年结束 {days} 天后），"
    "姓名和手机号会自动删除，只保留不含个人信息的人数统计；证书只保留遮挡后的姓名。"
)


class SignupForm(forms.Form):
    name = forms.CharField(
        label="家长姓名",
        max_length=20,
        error_messages={"required": "请填写家长姓名。", "max_length": "姓名最多 20 个字。"},
    )
    mobile = forms.CharField(
        label="手机号",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"required": "请填写手机号。", "max_length": "请填写 11 位中国大陆手机号码。"},
    )
    adults = forms.TypedChoiceField(
        label="成人人数",
        coerce=int,
        choices=[(n, f"{n} 人") for n in range(1, 5)],
        initial=1,
        error_messages={"required": "请选择成人人数。", "invalid_choice": "成人人数为 1 到 4 人。"},
    )
    children = forms.TypedChoiceField(
        label="儿童人数",
        coerce=int,
        choices=[(n, f"{n} 人") for n in range(0, 5)],
        initial=1,
        error_messages={"required": "请选择儿童人数。", "invalid_choice": "儿童人数为 0 到 4 人。"},
    )
    age_stage = forms.ModelChoiceField(
        label="孩子年龄段",
        queryset=AgeStage.objects.all(),
        required=False,
        empty_label="不填",
        error_messages={"invalid_choice": "请从列表中选择孩子的年龄段。"},
    )
    consent = forms.BooleanField(
        label="我已阅读并同意上面的个人信息说明",
        error_messages={"required": "请阅读个人信息说明并勾选同意，才能报名。"},
    )
    # A honeypot: hidden from people, filled in by bots.
    website = forms.CharField(label="网址（请留空）", required=False, max_length=200)
    nonce = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError("请填写家长姓名。")
        if any(ch in name for ch in "<>{}\\/=@#$%^&*"):
            raise ValidationError("姓名里不能有特殊符号。")
        return name

    def clean_mobile(self):
        return security.normalise_mobile(self.cleaned_data["mobile"])

    def clean(self):
        data = super().clean()
        adults, children = data.get("adults"), data.get("children")
        if adults is not None and children is not None and adults + children > 6:
            raise ValidationError("一个家庭最多报名 6 人。")
        return data


class VerifyForm(forms.Form):
    code = forms.CharField(
        label="证书验证码", max_length=40, error_messages={"required": "请填写证书验证码。"}
    )
