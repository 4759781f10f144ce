"""The bases app's models, one module per aggregate; re-exported so that ``from bases.models
import X`` and Django's model loading see them all:

- ``bases``: the bases index, a base (``InnovationBasePage``), its terms and its account group
- ``reports``: the yearly reports of a base
- ``revocation``: revocation requests and the city's decision
- ``review``: the district reviewer groups and the district review task
- ``sites``: practice sites, their categories and open days (the map's content)
"""

from .bases import (
    MANAGE_PERMISSION,
    BaseAccount,
    BaseIndexPage,
    BaseTerm,
    InnovationBasePage,
    InnovationBasePageQuerySet,
    StatusInfo,
    all_expired_note,
    can_manage_bases,
    status_label,
)
from .reports import (
    YearlyReportAttachment,
    YearlyReportPage,
    YearlyReportPhoto,
    duplicate_year_error,
    report_state,
)
from .review import (
    DistrictReviewGroup,
    DistrictReviewTask,
    district_of_page,
    reviewable_page_ids,
    reviewer_districts,
)
from .revocation import RevocationRequest
from .sites import (
    SITES_PERMISSION,
    OpenDay,
    PracticeSiteIndexPage,
    PracticeSitePage,
    PracticeSitePhoto,
    SiteCategory,
    can_manage_sites,
    upcoming_open_days,
)

__all__ = [
    "MANAGE_PERMISSION",
    "SITES_PERMISSION",
    "BaseAccount",
    "BaseIndexPage",
    "BaseTerm",
    "DistrictReviewGroup",
    "DistrictReviewTask",
    "InnovationBasePage",
    "InnovationBasePageQuerySet",
    "OpenDay",
    "PracticeSiteIndexPage",
    "PracticeSitePage",
    "PracticeSitePhoto",
    "RevocationRequest",
    "SiteCategory",
    "StatusInfo",
    "YearlyReportAttachment",
    "YearlyReportPage",
    "YearlyReportPhoto",
    "all_expired_note",
    "can_manage_bases",
    "can_manage_sites",
    "district_of_page",
    "duplicate_year_error",
    "report_state",
    "reviewable_page_ids",
    "reviewer_districts",
    "status_label",
    "upcoming_open_days",
]
