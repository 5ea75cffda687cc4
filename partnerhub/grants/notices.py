"""Messages to applicants, each rendered in the recipient's own language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from partnerhub.accounts.selectors import organisation_admin_emails
from partnerhub.core.outbox import Notice
from partnerhub.grants.models import Application
from partnerhub.grants.workflow import PHASE


def _recipients(application: Application) -> list[str]:
    """Whoever made the application and its organisation's admins, each address once.

    A reminder reaches the organisation even when the colleague who wrote the application has
    left it; addresses compare without regard to case.
    """
    creator = application.created_by
    candidates = [creator.email] if creator is not None and creator.email else []
    candidates += organisation_admin_emails(application.organisation)
    seen: set[str] = set()
    recipients = []
    for email in candidates:
        if email.lower() not in seen:
            seen.add(email.lower())
            recipients.append(email)
    return recipients


def _link(application: Application) -> str:
    base = settings.PARTNERHUB_SITE_URL.rstrip("/")
    return base + reverse("grants:application", args=[application.pk])


def transition_notices(
    application: Application, *, to_state: str, comment: str = "", letter: str = ""
) -> list[Notice]:
    """A notice to the applicant about the new phase, in the language they chose."""
    language = application.contact_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context: dict[str, Any] = {
            "application": application,
            "phase": str(PHASE[to_state].public_label),
            "comment": comment,
            "letter": letter,
            "link": _link(application),
        }
        subject = render_to_string("grants/email/transition_subject.txt", context).strip()
        body = render_to_string("grants/email/transition_body.txt", context)
    return [Notice(email, language, subject, body) for email in _recipients(application)]


def reminder(application: Application, *, template: str, context: dict[str, Any]) -> list[Notice]:
    """A reminder about a report, in the applicant's language."""
    language = application.contact_language or settings.LANGUAGE_CODE
    with translation.override(language):
        full = {"application": application, "link": _link(application), **context}
        subject = render_to_string(f"grants/email/{template}_subject.txt", full).strip()
        body = render_to_string(f"grants/email/{template}_body.txt", full)
    return [Notice(email, language, subject, body) for email in _recipients(application)]
