"""The outbox: state changes as rows, their messages, and a worker that sends them by email."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from partnerhub.core.exceptions import InvalidInput
from partnerhub.core.models import AuditEntry, OutboxMessage, StateChange
from partnerhub.core.outbox import Notice, outbox_enqueue, state_change_record, state_changes_for
from partnerhub.test import administrator, make_user, run_worker

pytestmark = pytest.mark.django_db

NOTICES = (
    Notice("ngo@example.org", "zh-hant", "申請案已送出", "您的申請案已送交外交部審查。"),
    Notice("officer@example.org", "en", "Application submitted", "An application awaits review."),
)


def subject_record() -> User:
    # Any model will do as the subject of a change; a user is the one every test database has.
    return make_user("applicant")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Inbox:
    """An aiosmtpd handler that keeps every message the SMTP server receives."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def smtp_mailers(port: int) -> dict[str, Any]:
    options = {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5}
    return {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = smtp_mailers(controller.port)
    inbox.port = controller.port
    yield inbox
    controller.stop()


def test_it_records_a_change_with_its_messages_and_an_audit_row(django_capture_on_commit_callbacks):
    record = subject_record()
    with django_capture_on_commit_callbacks() as callbacks:
        change = state_change_record(
            subject=record,
            machine="grants.application",
            from_state="draft",
            to_state="submitted",
            comment="Ready",
            notices=NOTICES,
        )
    assert len(callbacks) == 1
    assert (change.machine, change.from_state, change.to_state) == (
        "grants.application",
        "draft",
        "submitted",
    )
    assert change.subject == record and change.notified_at is None
    assert sorted(change.messages.values_list("to_email", "language")) == [
        ("ngo@example.org", "zh-hant"),
        ("officer@example.org", "en"),
    ]
    entry = AuditEntry.objects.get(model="auth.User", object_pk=str(record.pk))
    assert entry.changes["state"] == ["draft", "submitted"]


def test_it_lists_the_history_of_a_record_oldest_first():
    record, other = subject_record(), make_user("other")
    for to_state in ("submitted", "reviewed", "approved"):
        state_change_record(
            subject=record, machine="grants.application", from_state="", to_state=to_state
        )
    state_change_record(
        subject=other, machine="grants.application", from_state="", to_state="draft"
    )
    assert [c.to_state for c in state_changes_for(record)] == ["submitted", "reviewed", "approved"]
    # Nobody was to be told, so the changes count as notified at once.
    assert all(c.notified_at for c in state_changes_for(record))


def test_it_rejects_a_message_in_another_language_and_keeps_nothing():
    with pytest.raises(InvalidInput) as caught:
        state_change_record(
            subject=subject_record(),
            machine="grants.application",
            from_state="draft",
            to_state="submitted",
            notices=(Notice("a@example.org", "fr", "Sujet", "Texte"),),
        )
    assert caught.value.field == "language" and "zh-hant" in caught.value.message("zh-hant")
    assert StateChange.objects.count() == OutboxMessage.objects.count() == 0


def test_it_rejects_a_bad_address_and_keeps_nothing():
    with pytest.raises(ValidationError) as caught:
        outbox_enqueue(to_email="not an address", language="en", subject="Hi", body="Text")
    assert "to_email" in caught.value.message_dict
    assert OutboxMessage.objects.count() == 0


def test_a_worker_sends_the_messages_after_the_commit_and_marks_the_change_notified(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        change = state_change_record(
            subject=subject_record(),
            machine="grants.application",
            from_state="draft",
            to_state="submitted",
            notices=NOTICES,
        )
    assert DBTaskResult.objects.filter(task_path="partnerhub.core.tasks.outbox_drain").count() == 1
    assert mail.outbox == []
    run_worker()
    assert sorted(m.subject for m in mail.outbox) == ["Application submitted", "申請案已送出"]
    assert mail.outbox[0].to in (["ngo@example.org"], ["officer@example.org"])
    change.refresh_from_db()
    assert change.notified_at is not None
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}


def test_it_sends_through_a_real_smtp_server(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(
            to_email="ngo@example.org",
            language="zh-hant",
            subject="結案報告提醒",
            body="請於 2026 年 12 月 31 日前提交結案報告。",
        )
    run_worker()
    assert len(smtp_server.messages) == 1
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["ngo@example.org"]
    text = envelope.content.decode("utf-8")
    assert "Content-Language: zh-hant" in text
    message = OutboxMessage.objects.get()
    assert message.sent_at is not None and message.last_error == ""


def test_it_keeps_a_message_it_could_not_send_and_retries_it_later(settings, smtp_server):
    settings.MAILERS = smtp_mailers(free_port())  # nothing listens there
    message = outbox_enqueue(to_email="ngo@example.org", language="en", subject="Hi", body="Text")
    from partnerhub.core.tasks import outbox_drain

    outbox_drain.enqueue()
    run_worker()
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 1
    assert "Error" in message.last_error
    later = DBTaskResult.objects.filter(status="READY", task_path=outbox_drain.module_path)
    assert later.count() == 1 and later.get().run_after > timezone.now()
    settings.MAILERS = smtp_mailers(smtp_server.port)
    later.update(run_after=timezone.now())  # the retry falls due
    run_worker()
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 2
    assert len(smtp_server.messages) == 1


def test_it_gives_up_after_the_last_attempt(settings):
    settings.PARTNERHUB_OUTBOX_MAX_ATTEMPTS = 1
    settings.MAILERS = smtp_mailers(free_port())
    message = outbox_enqueue(to_email="ngo@example.org", language="en", subject="Hi", body="Text")
    from partnerhub.core.outbox import outbox_drain_now

    first = outbox_drain_now()
    assert (first.sent, first.failed, first.retry_in) == (0, 1, None)
    second = outbox_drain_now()
    assert (second.sent, second.failed) == (0, 0)
    message.refresh_from_db()
    assert message.attempts == 1


def test_the_admin_lists_the_outbox_read_only(client):
    client.force_login(administrator())
    outbox_enqueue(to_email="ngo@example.org", language="en", subject="Reminder", body="Text")
    page = client.get(reverse("admin:core_outboxmessage_changelist"))
    assert page.status_code == 200 and "Reminder" in page.text
    assert client.get(reverse("admin:core_outboxmessage_add")).status_code == 403
    assert client.get(reverse("admin:core_statechange_changelist")).status_code == 200
    assert client.get(reverse("admin:core_job_changelist")).status_code == 200
