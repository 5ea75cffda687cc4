"""Emails of the accounts app, rendered in the recipient's language and sent after commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from partnerhub.accounts.models import INVITATION_DAYS, Invitation


def site_url(path: str) -> str:
    """An absolute link for an email, on the address the site is served at."""
    return settings.PARTNERHUB_SITE_URL.rstrip("/") + path


def invitation_send(*, invitation: Invitation) -> None:
    """Mail the invitation link once the transaction that made the invitation commits."""
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "organisation": invitation.organisation.name,
            "inviter": invitation.invited_by.get_username() if invitation.invited_by else "",
            "days": INVITATION_DAYS,
            "link": site_url(reverse("accounts:invitation", args=[invitation.token])),
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_body.txt", context)
    recipient = invitation.email
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    )
