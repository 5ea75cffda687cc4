"""Forms of the organisation pages; they only parse input, the services decide."""

from __future__ import annotations

from django import forms
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
