"""Who sees which sign-ups: city editors (bases.manage_bases, or signup.view_signup) all of
them; a base's own account those of the open days of the practice sites that belong to its
base; everyone else (district reviewers, other bases) none."""

from bases.models import BaseAccount, can_manage_bases

from .models import SignupWindow


def is_signup_editor(user):
    return bool(
        user
        and user.is_active
        and (user.is_superuser or can_manage_bases(user) or user.has_perm("signup.view_signup"))
    )


def own_base_ids(user):
    if not (user and user.is_active and user.is_authenticated):
        return []
    return list(BaseAccount.objects.filter(group__user=user).values_list("base_id", flat=True))


def can_see_signups(user):
    return is_signup_editor(user) or bool(own_base_ids(user))


def visible_windows(user):
    windows = SignupWindow.objects.all()
    if is_signup_editor(user):
        return windows
    return windows.filter(open_day__page__base_id__in=own_base_ids(user))
