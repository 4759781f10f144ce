"""The fixed vocabularies of the bases: kinds, statuses and the states of a yearly report."""

from django.db import models


class BaseKind(models.TextChoices):
    """What kind of place a base is. Fits the 20 bases of the first batch (schools,
    kindergartens, communities, women-and-children centres, a library, a village)."""

    PRIMARY = "primary", "小学"
    SECONDARY = "secondary", "中学"
    KINDERGARTEN = "kindergarten", "幼儿园"
    COMMUNITY = "community", "社区"
    CENTRE = "centre", "妇女儿童活动中心"
    LIBRARY = "library", "图书馆"
    VILLAGE = "village", "村"
    OTHER = "other", "其他"


class BaseStatus(models.TextChoices):
    """Computed from the latest term and any revocation, never typed by hand."""

    VALID = "valid", "有效"
    EXPIRING = "expiring", "即将到期"
    EXPIRED = "expired", "已到期"
    REVOKED = "revoked", "已撤销"


# Current bases first, then the history.
STATUS_ORDER = [BaseStatus.VALID, BaseStatus.EXPIRING, BaseStatus.EXPIRED, BaseStatus.REVOKED]
# A base whose term an editor has not entered yet has no status.
NO_TERM_LABEL = "有效期待登记"


class ReportState(models.TextChoices):
    """Where a yearly report stands, derived from Wagtail's workflow state and live status."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交待审核"
    APPROVED = "approved", "已通过"
    RETURNED = "returned", "已退回修改"


class LocationPrecision(models.TextChoices):
    EXACT = "exact", "精确位置"
    DISTRICT = "district", "仅精确到区县"


class RevocationStatus(models.TextChoices):
    PENDING = "pending", "待市级核准"
    APPROVED = "approved", "已核准撤销"
    REJECTED = "rejected", "不予撤销"
