"""The outbox: state changes people must hear about, and the emails they cause.

A workflow records each transition with :func:`state_change_record`, handing it the notices to
send, each already rendered in its recipient's language. The notices become ``OutboxMessage`` rows
in the same transaction as the change, so a change is never recorded without its messages nor the
other way round. Once the transaction commits, the ``outbox_drain`` task (``core/tasks.py``) sends
what is unsent through Django's email backend, retrying with a growing delay; a row keeps what was
sent, when, and the last error. ``core_outbox_drain`` sends from the command line.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, mailers
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from partnerhub.core.audit import audit_record, current_actor
from partnerhub.core.exceptions import InvalidInput
from partnerhub.core.models import OutboxMessage, StateChange

__all__ = [
    "Notice",
    "OutboxMessage",
    "StateChange",
    "outbox_drain_now",
    "outbox_enqueue",
    "state_change_record",
    "state_changes_for",
]

logger = logging.getLogger(__name__)

LANGUAGES = {"zh-hant", "en"}


@dataclass(frozen=True)
class Notice:
    """One email to send because of a state change, already in its recipient's language."""

    email: str
    language: str
    subject: str
    body: str


def state_change_record(
    *,
    subject: models.Model,
    machine: str,
    from_state: str,
    to_state: str,
    actor: Any = None,
    comment: str = "",
    notices: Sequence[Notice] = (),
) -> StateChange:
    """Record one transition of ``subject`` and queue the notices it causes, atomically."""
    with transaction.atomic():
        change = StateChange(
            content_type=ContentType.objects.get_for_model(subject),
            object_id=str(subject.pk),
            machine=machine,
            from_state=from_state,
            to_state=to_state,
            actor=actor or current_actor(),
            comment=comment,
        )
        change.full_clean()
        change.save()
        for notice in notices:
            _message_create(
                to_email=notice.email,
                language=notice.language,
                subject=notice.subject,
                body=notice.body,
                state_change=change,
            )
        if not notices:
            # Nobody to tell: the change counts as notified the moment it happens.
            change.notified_at = change.created_at
            change.save(update_fields=["notified_at"])
        audit_record(
            action="update",
            instance=subject,
            actor=change.actor,
            summary=f"{machine}: {from_state or '-'} → {to_state}",
            changes={"state": [from_state, to_state], "state_change": change.pk},
        )
        if notices:
            _drain_after_commit()
    return change


def outbox_enqueue(
    *,
    to_email: str,
    language: str,
    subject: str,
    body: str,
    state_change: StateChange | None = None,
) -> OutboxMessage:
    """Queue one email that is not a transition (a reminder, say); sent after the commit."""
    with transaction.atomic():
        message = _message_create(
            to_email=to_email,
            language=language,
            subject=subject,
            body=body,
            state_change=state_change,
        )
        audit_record(action="create", instance=message, summary=f"{to_email}: {subject}"[:500])
        _drain_after_commit()
    return message


def _message_create(
    *, to_email: str, language: str, subject: str, body: str, state_change: StateChange | None
) -> OutboxMessage:
    if language not in LANGUAGES:
        raise InvalidInput(
            f"The language of a message must be zh-hant or en, not {language!r}.",
            f"訊息語言必須是 zh-hant 或 en，不能是 {language!r}。",
            field="language",
        )
    message = OutboxMessage(
        state_change=state_change,
        to_email=to_email,
        language=language,
        subject=subject,
        body=body,
    )
    message.full_clean()
    message.save()
    return message


def _drain_after_commit() -> None:
    from partnerhub.core.jobs import task_enqueue_quietly
    from partnerhub.core.tasks import outbox_drain

    # A queue that cannot be reached must not undo the change: the messages wait in the table and
    # the next drain (or `core_outbox_drain`) sends them.
    transaction.on_commit(lambda: task_enqueue_quietly(outbox_drain))


def state_changes_for(subject: models.Model) -> QuerySet[StateChange]:
    """The history of ``subject``, oldest first, with who made each change."""
    return (
        StateChange.objects.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=str(subject.pk)
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )


# ---- Sending ----------------------------------------------------------------------------------


@dataclass
class DrainResult:
    """What one pass over the outbox did."""

    sent: int = 0
    failed: int = 0
    #: Seconds until the earliest failed message may be tried again; None when none waits.
    retry_in: float | None = None


def retry_delay(attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th failure: 30 s, 2 min, 8 min, 32 min, ..."""
    return float(30 * 4 ** max(attempts - 1, 0))


def outbox_drain_now(*, limit: int = 500) -> DrainResult:
    """Send every unsent message that is due, one at a time; returns what happened."""
    result = DrainResult()
    max_attempts = int(settings.PARTNERHUB_OUTBOX_MAX_ATTEMPTS)
    pending = list(
        OutboxMessage.objects.filter(sent_at__isnull=True, attempts__lt=max_attempts)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    connection = mailers.default
    # One connection for the whole pass; it opens on the first message.
    for pk in pending:
        _send_one(pk, connection, result, max_attempts)
    _mark_notified()
    return result


def _send_one(pk: int, connection: Any, result: DrainResult, max_attempts: int) -> None:
    with transaction.atomic():
        # Locked while it is sent, so two drains running at once never send one message twice.
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        if message is None:
            return
        message.attempts += 1
        try:
            email = EmailMessage(
                subject=message.subject,
                body=message.body,
                to=[message.to_email],
                headers={"Content-Language": message.language},
            )
            connection.send_messages([email])
        except (OSError, ValueError) as exc:  # SMTP errors are OSErrors; bad headers ValueErrors.
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.save(update_fields=["attempts", "last_error"])
            result.failed += 1
            logger.warning("Outbox message %s not sent (try %s): %s", pk, message.attempts, exc)
            if message.attempts < max_attempts:
                _note_retry(result, retry_delay(message.attempts))
            return
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "last_error", "sent_at"])
        result.sent += 1


def _note_retry(result: DrainResult, seconds: float) -> None:
    result.retry_in = seconds if result.retry_in is None else min(result.retry_in, seconds)


def _mark_notified() -> None:
    """Set ``notified_at`` on every change whose messages have all been sent."""
    StateChange.objects.filter(notified_at__isnull=True).exclude(
        messages__sent_at__isnull=True
    ).update(notified_at=timezone.now())
