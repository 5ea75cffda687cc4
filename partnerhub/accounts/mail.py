"""Emails of the accounts app, rendered in the recipient's language and queued in the outbox."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from partnerhub.accounts.models import INVITATION_DAYS, Invitation
from partnerhub.core.outbox import outbox_enqueue


def site_url(path: str) -> str:
    """An absolute link for an email, on the address the site is served at."""
    return settings.PARTNERHUB_SITE_URL.rstrip("/") + path


def invitation_send(*, invitation: Invitation) -> None:
    """Queue the invitation link in the outbox; it is sent once the invitation commits.

    The outbox retries a failing server and records when the message went out, like every
    other notice of the project.
    """
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
    outbox_enqueue(
        to_email=invitation.email, language=invitation.language, subject=subject, body=body
    )
