"""Forms of the organisation pages; they only parse input, the services decide."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from allauth.account.app_settings import EmailVerificationMethod
from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerhub.accounts.models import MembershipRole


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's email address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER
    )


class ClaimSearchForm(forms.Form):
    q = forms.CharField(label=_("Organisation name"), max_length=200, required=False)


class RegisterForm(forms.Form):
    name_zh = forms.CharField(label=_("Name in Chinese"), max_length=255, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=255, required=False)
    abbreviation = forms.CharField(label=_("Abbreviation"), max_length=60, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    confirm_new = forms.BooleanField(
        label=_("None of the similar organisations listed is mine"), required=False
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not (data.get("name_zh") or "").strip() and not (data.get("name_en") or "").strip():
            self.add_error("name_zh", _("Give the organisation's name in Chinese or English."))
        return data


class LoginForm(allauth_forms.LoginForm):  # type: ignore[misc]
    """allauth's sign-in, where only addresses given at sign-up must be confirmed first.

    Accounts made by operators (``createsuperuser``, the admin) have no address row to confirm;
    they are staff, who sign in with their second factor instead.
    """

    def _login_with_password(
        self, request: HttpRequest, redirect_url: Any, credentials: Any
    ) -> Any:
        from allauth.account.models import EmailAddress

        user = getattr(self, "user", None)
        if user is not None and not EmailAddress.objects.filter(user=user).exists():
            self._login.email_verification = EmailVerificationMethod.NONE
        return super()._login_with_password(request, redirect_url, credentials)
