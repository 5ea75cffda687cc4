"""Sign-in safeguards: lockout after failed attempts (django-axes) and a second factor for staff.

Two-factor sign-in uses allauth's own MFA (TOTP and recovery codes) rather than django-otp: it is
a stage of the same sign-in flow NGO staff use, with the same templates and translations, so the
admin, the portal and the grant pages share one sign-in and nothing needs a second login form.
allauth asks for the code of any user who has an authenticator; :class:`StaffTwoFactorMiddleware`
makes staff set one up before they can use anything else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from partnerhub.core.languages import bare_path
from partnerhub.core.roles import GRANT_STAFF_ROLES


class LockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Axes' lockout check, skipped for calls without a request (commands, ``Client.login``).

    Such calls come from code on the server, not from someone guessing passwords over the web,
    and there is no address to count failures by.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)  # type: ignore[no-any-return]


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account a failed attempt was for, whether it named it by email or by username."""
    credentials = credentials or {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or credentials.get("login")
        or request.POST.get("login", "")
    )
    return str(value or "").strip().lower()


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The lockout page, in the user's language, saying how long to wait (429)."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = max(1, round(float(cool_off) * 60))
    return render(request, "accounts/lockout.html", {"minutes": minutes}, status=429)


def requires_two_factor(user: Any) -> bool:
    """Staff of MOFA and TaiwanICDF sign in with two factors: the admin's staff and grant roles."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.filter(name__in=GRANT_STAFF_ROLES).exists()  # type: ignore[no-any-return]


def has_totp(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


def _exempt(path: str) -> bool:
    """Pages a staff member may reach before setting up a second factor, in either language."""
    if path.startswith((reverse("set_language"), settings.STATIC_URL)):
        return True
    prefixes = [
        bare_path(reverse(name))
        for name in ("mfa_index", "account_logout", "account_reauthenticate")
    ]
    return bare_path(path).startswith(tuple(prefixes))


class StaffTwoFactorMiddleware:
    """Send a staff member without an authenticator app to set one up, whatever they asked for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if (
            user is not None
            and requires_two_factor(user)
            and not _exempt(request.path)
            and not has_totp(user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def admin_login(original: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The admin's sign-in goes through the site's (password, then the second factor)."""

    def login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.user.is_authenticated:
            # Signed in but not staff: the admin's own page says so.
            return original(request, extra_context)
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index"), reverse("account_login")
        )

    return login
