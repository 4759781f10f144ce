"""Deciding sign-ups, cancellations and check-ins. Every decision locks the event's
``SignupWindow`` row first (SELECT ... FOR UPDATE on PostgreSQL) inside one transaction, so the
number of confirmed sign-ups never exceeds the places, whatever arrives at the same moment."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import security
from .models import ACTIVE_STATUSES, Certificate, Signup, SignupStatus, SignupWindow

MIN_CERTIFICATE_HOURS = Decimal(4)


class SignupError(Exception):
    """A refusal with the Chinese message shown to the parent."""

    def __init__(self, message, code=""):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class SignupResult:
    signup: Signup
    token: str


def _locked_window(window_id):
    return SignupWindow.objects.select_for_update().get(pk=window_id)


def sign_up(window_id, *, name, mobile, adults, children, age_stage=None, now=None):
    """Create a sign-up (confirmed, or waitlisted when the places are taken). Raises SignupError."""
    number = security.normalise_mobile(mobile)
    digest = security.mobile_hash(number)
    token = security.new_token()
    try:
        with transaction.atomic():
            window = _locked_window(window_id)
            now = now or timezone.now()
            if now < window.opens_at:
                raise SignupError("报名还没有开始，请在开始报名时间之后再来。", "not_open")
            if not window.is_open(now):
                raise SignupError("报名已经截止，不能再报名了。", "closed")
            if window.signups.filter(mobile_hash=digest, status__in=ACTIVE_STATUSES).exists():
                raise SignupError("这个手机号已经报名了这个活动，不能重复报名。", "duplicate")
            counts = window.counts()
            if counts[SignupStatus.CONFIRMED] < window.total_places:
                status = SignupStatus.CONFIRMED
            elif counts[SignupStatus.WAITLISTED] < window.waitlist_places:
                status = SignupStatus.WAITLISTED
            else:
                raise SignupError("名额已满，候补也已排满，欢迎关注下一次活动。", "full")
            used = set(window.signups.values_list("code", flat=True))
            code = security.new_code()
            while code in used:
                code = security.new_code()
            signup = Signup.objects.create(
                window=window,
                name=name,
                mobile=number,
                mobile_hash=digest,
                adults=adults,
                children=children,
                age_stage=age_stage,
                status=status,
                code=code,
                token_hash=security.token_hash(token),
                consented_at=now,
                created_at=now,
            )
    except IntegrityError as exc:
        # The database's own guard (one active sign-up per number and event).
        raise SignupError("这个手机号已经报名了这个活动，不能重复报名。", "duplicate") from exc
    return SignupResult(signup, token)


def find_by_token(token):
    if not token or len(token) > 64:
        return None
    return (
        Signup.objects.select_related(
            "window",
            "window__open_day",
            "window__open_day__page",
            "window__session",
            "window__session__page",
            "age_stage",
        )
        .filter(token_hash=security.token_hash(token))
        .first()
    )


def cancel(signup_id, now=None):
    """Cancel a sign-up; a confirmed place goes to the first on the waitlist. Returns
    (signup, promoted or None)."""
    with transaction.atomic():
        signup = Signup.objects.select_related("window").get(pk=signup_id)
        window = _locked_window(signup.window_id)
        signup = Signup.objects.get(pk=signup_id)  # read again under the lock
        now = now or timezone.now()
        if signup.status == SignupStatus.CANCELLED:
            return signup, None
        if now >= window.starts_at:
            raise SignupError("活动已经开始，不能在网上取消了；请联系主办方。", "started")
        was_confirmed = signup.status == SignupStatus.CONFIRMED
        signup.status = SignupStatus.CANCELLED
        signup.cancelled_at = now
        signup.save(update_fields=["status", "cancelled_at"])
        promoted = None
        if was_confirmed:
            confirmed = window.signups.filter(status=SignupStatus.CONFIRMED).count()
            if confirmed < window.total_places:
                promoted = (
                    window.signups.filter(status=SignupStatus.WAITLISTED).order_by("created_at", "pk").first()
                )
                if promoted is not None:
                    promoted.status = SignupStatus.CONFIRMED
                    promoted.promoted_at = now
                    promoted.save(update_fields=["status", "promoted_at"])
        return signup, promoted


def check_in(signup, user, now=None):
    """Record attendance (签到). Only a confirmed sign-up can be checked in; returns True if
    this call recorded it, False if it was already recorded."""
    if signup.status != SignupStatus.CONFIRMED:
        raise SignupError("只有报名成功的家庭可以签到（候补或已取消的不能）。", "not_confirmed")
    updated = Signup.objects.filter(pk=signup.pk, attended_at__isnull=True).update(
        attended_at=now or timezone.now(), checked_in_by=user
    )
    return bool(updated)


# --- The night-school record -----------------------------------------------------------------


def night_school_record(mobile_hash, school_year):
    """(attended course-session sign-ups of this parent in this school year, total hours)."""
    if not mobile_hash:
        return [], Decimal(0)
    rows = (
        Signup.objects.filter(
            mobile_hash=mobile_hash,
            window__session__isnull=False,
            attended_at__isnull=False,
            status=SignupStatus.CONFIRMED,
        )
        .select_related("window__session", "window__session__page")
        .order_by("window__session__starts_at", "pk")
    )
    rows = [row for row in rows if row.window.school_year == school_year]
    return rows, sum((row.window.session.class_hours for row in rows), Decimal(0))


def certificate_for(signup, school_year):
    """The parent's certificate for the school year, issued on first request; None below 4 hours."""
    _rows, hours = night_school_record(signup.mobile_hash, school_year)
    if hours < MIN_CERTIFICATE_HOURS:
        return None
    certificate = Certificate.objects.filter(mobile_hash=signup.mobile_hash, school_year=school_year).first()
    if certificate is None:
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    code=security.new_certificate_code(),
                    mobile_hash=signup.mobile_hash,
                    school_year=school_year,
                    name=signup.name,
                    masked_name=security.mask_name(signup.name),
                    hours=hours,
                )
        except IntegrityError:
            certificate = Certificate.objects.get(mobile_hash=signup.mobile_hash, school_year=school_year)
    elif certificate.hours != hours:
        certificate.hours = hours
        certificate.save(update_fields=["hours"])
    return certificate
