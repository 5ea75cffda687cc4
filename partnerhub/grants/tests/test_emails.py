"""The applicant's emails, read from a real SMTP server on the loopback interface."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerhub.core.models import StateChange
from partnerhub.core.tests import test_outbox as harness
from partnerhub.grants import files, implementation, services
from partnerhub.grants.models import Report, ReportKind
from partnerhub.grants.tests.conftest import PDF, complete_draft, member
from partnerhub.test import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_server(settings):
    """The outbox tests' SMTP server on the loopback interface, keeping what it receives."""
    from aiosmtpd.controller import Controller

    inbox = harness.Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=harness.free_port())
    controller.start()
    settings.MAILERS = harness.smtp_mailers(controller.port)
    yield inbox
    controller.stop()


def _read(envelope):
    message = message_from_bytes(envelope.content)
    subject = str(make_header(decode_header(message["Subject"])))
    body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
    return envelope.rcpt_tos, message["Content-Language"], subject, body


def _submit(world, language):
    draft = complete_draft()
    draft.contact_language = language
    app = services.application_create(
        call=world["call"], organisation=world["ngo"], actor=world["applicant"]
    )
    app = services.application_save(
        application=app, draft=draft, version=1, actor=world["applicant"]
    )
    files.attachment_add(
        application=app, kind="proposal", upload=SimpleUploadedFile("p.pdf", PDF),
        actor=world["applicant"],
    )  # fmt: skip
    return services.application_transition(application=app, name="submit", actor=world["applicant"])


def test_it_tells_the_applicant_of_each_phase_in_their_language(
    world,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        app = _submit(world, "zh-hant")
        services.application_transition(
            application=app, name="screen", actor=world["officer"], comment="資料齊全"
        )
    run_worker()
    mails = sorted((_read(e) for e in smtp_server.messages), key=lambda m: m[2])
    assert [(m[0], m[1]) for m in mails] == [(["applicant@ngo.example.org"], "zh-hant")] * 2
    subjects = [m[2] for m in mails]
    assert any(s.endswith(": 已收件") for s in subjects)
    assert any(s.endswith(": 資格審查中") for s in subjects)
    assert any("資料齊全" in m[3] for m in mails)
    assert all(
        f"{settings.PARTNERHUB_SITE_URL}/zh-hant/grants/applications/" in m[3] for m in mails
    )
    assert StateChange.objects.filter(notified_at__isnull=False).count() == 2


def test_it_writes_in_english_to_an_applicant_who_chose_english(
    world,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _submit(world, "en")
    run_worker()
    [(_to, language, subject, body)] = [_read(e) for e in smtp_server.messages]
    assert language == "en" and subject.endswith(": Received")
    assert "Your application" in body
    # The link opens the application in English, on the address the site is served at.
    assert f"{settings.PARTNERHUB_SITE_URL}/en/grants/applications/" in body


def test_it_reminds_of_reports_before_and_after_they_fall_due_once_each(
    world,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    app = _submit(world, "en")
    today = dt.date(2026, 9, 1)
    Report.objects.create(
        application=app, kind=ReportKind.PROGRESS, due_on=today + dt.timedelta(days=5)
    )
    Report.objects.create(
        application=app, kind=ReportKind.CLOSURE, due_on=today - dt.timedelta(days=1)
    )
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert implementation.reports_remind(today=today) == 2
        assert implementation.reports_remind(today=today) == 0
    run_worker()
    subjects = sorted(_read(e)[2] for e in smtp_server.messages)
    assert [s.split(": ", 1)[1] for s in subjects[-2:]] == [
        "a report is due soon",
        "a report is overdue",
    ]


def test_it_reminds_the_organisations_admins_as_well_as_the_applicant_once_each(
    world,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    from partnerhub.accounts.models import Membership

    app = _submit(world, "en")
    memberships = Membership.objects.filter(organisation=world["ngo"])
    memberships.filter(user=world["colleague"]).update(role="admin")
    memberships.filter(user=world["applicant"]).update(role="admin")  # creator and admin: once
    gone = member(world["ngo"], "former")
    memberships.filter(user=gone).update(role="admin", status="removed")
    Report.objects.create(application=app, kind=ReportKind.PROGRESS, due_on=dt.date(2026, 9, 3))
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert implementation.reports_remind(today=dt.date(2026, 9, 1)) == 2  # messages
    run_worker()
    reminders = [_read(e) for e in smtp_server.messages if "report" in _read(e)[2]]
    recipients = sorted(to for mail in reminders for to in mail[0])
    assert recipients == ["applicant@ngo.example.org", "colleague@ngo.example.org"]


def test_it_runs_the_daily_reminder_task_on_the_worker_and_schedules_the_next(world):
    from django_tasks_db.models import DBTaskResult

    from partnerhub.grants.tasks import grants_remind_daily, next_run

    app = _submit(world, "en")
    Report.objects.create(application=app, kind=ReportKind.CLOSURE, due_on=dt.date(2020, 1, 1))
    grants_remind_daily.enqueue()
    run_worker()
    assert Report.objects.get().reminded_after is not None
    waiting = DBTaskResult.objects.filter(task_path="partnerhub.grants.tasks.grants_remind_daily")
    assert waiting.filter(status="READY").count() == 1
    later = next_run(dt.datetime(2026, 1, 1, 3, 0, tzinfo=dt.UTC))
    assert (later.hour, later.day) == (9, 2)
