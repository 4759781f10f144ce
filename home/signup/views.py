"""The public side: the sign-up form, the personal page (confirmation, cancel, calendar,
night-school record, certificate) and the certificate check."""

import time

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import calendar, ratelimit, security, services
from .certificate import render_pdf
from .directions import window_links
from .forms import PRIVACY_NOTICE, SignupForm, VerifyForm
from .models import Certificate, SignupStatus, SignupWindow

NONCE_SECONDS = 600
PENDING = "pending"


def _wait_for(key, seconds=5.0, step=0.1):
    """The personal token stored under ``key`` by the request that got there first, or None."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = cache.get(key)
        if value is None:
            return None
        if value != PENDING:
            return value
        time.sleep(step)
    return None


def _window(pk):
    windows = SignupWindow.objects.select_related(
        "open_day", "open_day__page", "open_day__page__category", "session", "session__page"
    )
    window = get_object_or_404(windows, pk=pk)
    if not window.page.live or window.page.get_view_restrictions().exists():
        raise Http404
    return window


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    # Never sent to another host (the personal link is in the URL); same-origin keeps the
    # Origin header that the CSRF check of the forms needs.
    response["Referrer-Policy"] = "same-origin"
    return response


def _form_page(request, window, form, status=200):
    counts = window.counts()
    context = {
        "window": window,
        "form": form,
        "is_open": window.is_open(),
        "places_left": max(window.total_places - counts[SignupStatus.CONFIRMED], 0),
        "waitlist_left": max(window.waitlist_places - counts[SignupStatus.WAITLISTED], 0),
        "privacy_notice": PRIVACY_NOTICE.format(days=settings.SIGNUP_RETENTION_DAYS),
        "map_links": window_links(window),
    }
    return _private(render(request, "signup/form.html", context, status=status))


def signup_form(request, pk):
    window = _window(pk)
    if request.method != "POST":
        form = SignupForm(initial={"nonce": security.new_token()})
        return _form_page(request, window, form)

    form = SignupForm(request.POST)
    nonce = request.POST.get("nonce", "")[:64]
    if nonce:
        # A second click on the same form: the same confirmation, never a second sign-up.
        done = cache.get(f"signup:nonce:{window.pk}:{nonce}")
        if done and done != PENDING:
            return redirect("signup:personal", token=done)
    if request.POST.get("website"):
        form.add_error(None, "提交失败，请刷新页面后重试。")
        return _form_page(request, window, form, status=400)
    if not ratelimit.hit(
        "address", ratelimit.client_address(request), settings.SIGNUP_RATE_LIMIT_PER_ADDRESS
    ):
        form.add_error(None, "提交太频繁了，请稍后再试。")
        return _form_page(request, window, form, status=429)
    if not form.is_valid():
        return _form_page(request, window, form, status=400)
    data = form.cleaned_data
    digest = security.mobile_hash(data["mobile"])
    if not ratelimit.hit("mobile", digest, settings.SIGNUP_RATE_LIMIT_PER_MOBILE):
        form.add_error(None, "这个手机号提交太频繁了，请稍后再试。")
        return _form_page(request, window, form, status=429)
    nonce_key = f"signup:nonce:{window.pk}:{nonce}" if nonce else None
    if nonce_key and not cache.add(nonce_key, PENDING, NONCE_SECONDS):
        # The same form is being submitted right now (a double click): wait for its answer.
        token = _wait_for(nonce_key)
        if token:
            return redirect("signup:personal", token=token)
    try:
        result = services.sign_up(
            window.pk,
            name=data["name"],
            mobile=data["mobile"],
            adults=data["adults"],
            children=data["children"],
            age_stage=data["age_stage"],
        )
    except (services.SignupError, ValidationError) as exc:
        if nonce_key:
            cache.delete(nonce_key)
        form.add_error(None, getattr(exc, "message", None) or "; ".join(exc.messages))
        return _form_page(request, window, form, status=409)
    if nonce_key:
        cache.set(nonce_key, result.token, NONCE_SECONDS)
    return redirect(reverse("signup:personal", args=[result.token]) + "?new=1")


def _signup_or_404(token):
    signup = services.find_by_token(token)
    if signup is None:
        raise Http404
    return signup


def personal(request, token):
    signup = _signup_or_404(token)
    window = signup.window
    context = {
        "signup": signup,
        "window": window,
        "token": token,
        "is_new": request.GET.get("new") == "1",
        "can_cancel": signup.is_active and timezone.now() < window.starts_at,
        "map_links": window_links(window),
        "calendar_text": calendar.event_text(window),
        "personal_url": request.build_absolute_uri(reverse("signup:personal", args=[token])),
    }
    if window.is_session:
        rows, hours = services.night_school_record(signup.mobile_hash, window.school_year)
        context.update(
            record=rows,
            record_hours=hours,
            school_year=window.school_year,
            certificate_ready=hours >= services.MIN_CERTIFICATE_HOURS,
            min_hours=services.MIN_CERTIFICATE_HOURS,
        )
    return _private(render(request, "signup/personal.html", context))


@require_POST
def cancel(request, token):
    signup = _signup_or_404(token)
    try:
        services.cancel(signup.pk)
    except services.SignupError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已取消报名。名额会留给候补的家庭。")
    return redirect("signup:personal", token=token)


def event_ics(request, token):
    signup = _signup_or_404(token)
    response = HttpResponse(
        calendar.event_ics(signup.window, request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="event.ics"'
    return _private(response)


def certificate_pdf(request, token):
    signup = _signup_or_404(token)
    window = signup.window
    if not window.is_session:
        raise Http404
    certificate = services.certificate_for(signup, window.school_year)
    if certificate is None:
        return _private(
            render(
                request,
                "signup/message.html",
                {
                    "title": "还不能领取证书",
                    "text": f"本学年签到满 {services.MIN_CERTIFICATE_HOURS} 课时后才能领取证书。",
                },
                status=403,
            )
        )
    verify_url = request.build_absolute_uri(certificate.get_absolute_url())
    response = HttpResponse(render_pdf(certificate, verify_url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.school_year}.pdf"'
    return _private(response)


def verify(request):
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        code = security.normalise_certificate_code(form.cleaned_data["code"])
        if code:
            return redirect("signup:verify_code", code=code)
        return _private(render(request, "signup/verify.html", {"form": form, "not_found": True}, status=404))
    return _private(render(request, "signup/verify.html", {"form": form}))


def verify_code(request, code):
    normal = security.normalise_certificate_code(code)
    certificate = Certificate.objects.filter(code=normal).first() if normal else None
    status = 200 if certificate else 404
    context = {"form": VerifyForm(), "certificate": certificate, "not_found": certificate is None}
    return _private(render(request, "signup/verify.html", context, status=status))
