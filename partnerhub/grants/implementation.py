"""Writes while a grant runs: tranches, reports, indicator actuals, visits, budget execution, and
the reminders about reports that fall due."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from partnerhub.core.audit import audit_record
from partnerhub.core.exceptions import InvalidInput, PermissionDenied
from partnerhub.core.outbox import outbox_enqueue
from partnerhub.grants import access
from partnerhub.grants.models import (
    ActualState,
    Application,
    BudgetLine,
    IndicatorActual,
    MonitoringVisit,
    PlannedIndicator,
    Report,
    ReportState,
    Tranche,
    TrancheState,
)
from partnerhub.grants.notices import reminder
from partnerhub.grants.registry import (
    COMMITMENT,
    DISBURSEMENT,
    activity_results_refresh,
    grant_transaction_add,
)
from partnerhub.grants.selectors import budget_total

RUNNING = {"agreement-signed", "in-implementation"}
REPORTING = {"in-implementation", "completed", "closure-report"}
#: Reminders go out this many days before a report is due, and again once it is overdue.
REMIND_DAYS_BEFORE = 14


def _require(user: Any, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied("Your role may not do this.", "您的角色無權執行此動作。")


def _require_member(user: Any, application: Application) -> None:
    if not access.is_member(user, application.organisation):
        raise PermissionDenied(
            "Only members of the organisation may do this.", "僅該組織的成員可以執行此動作。"
        )


# ---- Tranches: the applicant asks, the officer approves, finance pays ------------------------


@transaction.atomic
def tranche_request(*, application: Application, amount: Decimal, actor: Any) -> Tranche:
    _require_member(actor, application)
    if application.state not in RUNNING:
        raise InvalidInput(
            "Disbursements are requested once the agreement is signed.",
            "協議簽署後才能申請撥款。",
            field="amount",
        )
    currency = application.call.currency if application.call else application.currency
    approved = budget_total(application, currency) or Decimal(0)
    asked = application.tranches.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if amount <= 0 or asked + amount > approved:
        raise InvalidInput(
            f"The tranches may add up to the approved budget ({approved:,}) at most.",
            f"各期撥款合計不得超過核定預算（{approved:,}）。",
            field="amount",
        )
    row = Tranche(
        application=application,
        number=application.tranches.count() + 1,
        amount=amount,
        currency=currency,
    )
    row.full_clean()
    row.save()
    audit_record(action="create", instance=row, summary=str(row), actor=actor)
    return row


@transaction.atomic
def tranche_officer_approve(*, tranche: Tranche, actor: Any) -> Tranche:
    """The officer's approval commits the money: a commitment of the activity."""
    _require(actor, "grants.manage_grant")
    if tranche.state != TrancheState.REQUESTED:
        raise InvalidInput("Already approved.", "已核准。", field="tranche")
    tranche.state = TrancheState.OFFICER_APPROVED
    tranche.officer = actor
    tranche.officer_at = timezone.now()
    tranche.save()
    grant_transaction_add(
        application=tranche.application,
        kind=COMMITMENT,
        value=tranche.amount,
        currency=tranche.currency,
        date=timezone.localdate(),
        description=f"Tranche {tranche.number}",
        actor=actor,
    )
    audit_record(action="update", instance=tranche, summary=f"{tranche}: officer", actor=actor)
    return tranche


@transaction.atomic
def tranche_pay(*, tranche: Tranche, actor: Any) -> Tranche:
    """Finance pays what an officer approved; the same person may not do both."""
    _require(actor, "grants.approve_payment")
    if tranche.state != TrancheState.OFFICER_APPROVED:
        raise InvalidInput(
            "An officer must approve the tranche first.", "須先經承辦人核准。", field="tranche"
        )
    if tranche.officer_id == actor.pk:
        raise PermissionDenied(
            "The officer who approved a tranche may not also pay it (separation of duties).",
            "核准撥款的承辦人不得同時執行付款（職務分工）。",
        )
    tranche.state = TrancheState.PAID
    tranche.finance = actor
    tranche.paid_at = timezone.now()
    tranche.save()
    grant_transaction_add(
        application=tranche.application,
        kind=DISBURSEMENT,
        value=tranche.amount,
        currency=tranche.currency,
        date=timezone.localdate(),
        description=f"Tranche {tranche.number}",
        actor=actor,
    )
    audit_record(action="update", instance=tranche, summary=f"{tranche}: paid", actor=actor)
    return tranche


# ---- Reports --------------------------------------------------------------------------------


@transaction.atomic
def report_submit(*, report: Report, body: str, actor: Any) -> Report:
    _require_member(actor, report.application)
    if report.state not in {ReportState.DUE, ReportState.RETURNED}:
        raise InvalidInput("The report was already submitted.", "報告已提交。", field="body")
    if not body.strip():
        raise InvalidInput("Write the report.", "請填寫報告內容。", field="body")
    report.body = body
    report.state = ReportState.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.full_clean()
    report.save()
    audit_record(action="update", instance=report, summary=f"{report}: submitted", actor=actor)
    return report


@transaction.atomic
def report_review(*, report: Report, accept: bool, actor: Any) -> Report:
    _require(actor, "grants.manage_grant")
    if report.state != ReportState.SUBMITTED:
        raise InvalidInput("Nothing to review yet.", "尚無可審閱的報告。", field="report")
    report.state = ReportState.ACCEPTED if accept else ReportState.RETURNED
    report.save()
    audit_record(action="update", instance=report, summary=f"{report}: {report.state}", actor=actor)
    return report


# ---- Indicator actuals ----------------------------------------------------------------------


@transaction.atomic
def actual_save(
    *, indicator: PlannedIndicator, period_end: dt.date, value: Decimal, actor: Any,
    comment: str = "",
) -> IndicatorActual:  # fmt: skip
    """Enter or correct the value an indicator reached; approved values are locked."""
    _require_member(actor, indicator.application)
    if indicator.application.state not in REPORTING:
        raise InvalidInput(
            "Actuals are reported during implementation.", "實施期間才能填報實際值。",
            field="value",
        )  # fmt: skip
    row = IndicatorActual.objects.filter(indicator=indicator, period_end=period_end).first()
    if row and row.state in {ActualState.APPROVED, ActualState.SUBMITTED}:
        raise InvalidInput(
            "This value is locked: it was submitted or approved.",
            "此數值已提交或已核定，無法修改。",
            field="value",
        )
    row = row or IndicatorActual(indicator=indicator, period_end=period_end)
    row.value = value
    row.comment = comment
    row.state = ActualState.DRAFT
    row.full_clean()
    row.save()
    audit_record(action="update", instance=row, summary=str(row), actor=actor)
    return row


@transaction.atomic
def actual_submit(*, actual: IndicatorActual, actor: Any) -> IndicatorActual:
    _require_member(actor, actual.indicator.application)
    if actual.state not in {ActualState.DRAFT, ActualState.RETURNED}:
        raise InvalidInput("Only a draft can be submitted.", "僅草稿可以提交。", field="actual")
    actual.state = ActualState.SUBMITTED
    actual.save()
    audit_record(action="update", instance=actual, summary=f"{actual}: submitted", actor=actor)
    return actual


@transaction.atomic
def actual_review(
    *, actual: IndicatorActual, approve: bool, actor: Any, comment: str = ""
) -> IndicatorActual:
    """The officer approves (and so locks) a submitted value, or returns it for revision."""
    _require(actor, "grants.manage_grant")
    if actual.state != ActualState.SUBMITTED:
        raise InvalidInput("Nothing submitted to review.", "尚無已提交的數值。", field="actual")
    if approve:
        actual.state = ActualState.APPROVED
        actual.approved_by = actor
        actual.approved_at = timezone.now()
        actual.save()
        activity_results_refresh(actual.indicator.application, actor=actor)
    else:
        actual.state = ActualState.RETURNED
        actual.comment = comment or actual.comment
    actual.save()
    audit_record(action="update", instance=actual, summary=f"{actual}: {actual.state}", actor=actor)
    return actual


# ---- Visits and budget execution ------------------------------------------------------------


@transaction.atomic
def visit_record(
    *, application: Application, visited_on: dt.date, findings: str, actor: Any
) -> MonitoringVisit:
    _require(actor, "grants.manage_grant")
    row = MonitoringVisit(
        application=application, visited_on=visited_on, findings=findings, recorded_by=actor
    )
    row.full_clean()
    row.save()
    audit_record(action="create", instance=row, summary=str(row), actor=actor)
    return row


@transaction.atomic
def budget_spent_record(*, line: BudgetLine, spent: Decimal, actor: Any) -> BudgetLine:
    """What has been spent on a budget line so far (budget execution against the plan)."""
    _require_member(actor, line.application)
    if line.application.state not in REPORTING:
        raise InvalidInput(
            "Spending is reported during implementation.", "實施期間才能填報支出。",
            field="spent",
        )  # fmt: skip
    if spent < 0:
        raise InvalidInput("Spending cannot be negative.", "支出不可為負數。", field="spent")
    line.spent = spent
    line.full_clean()
    line.save()
    audit_record(action="update", instance=line, summary=f"{line}: spent {spent}", actor=actor)
    return line


# ---- Reminders ------------------------------------------------------------------------------


def reports_remind(*, today: dt.date | None = None) -> int:
    """Remind applicants and their organisation's admins of reports due within two weeks and of
    overdue ones; once each. Returns the number of messages queued."""
    today = today or timezone.localdate()
    sent = 0
    open_reports = Report.objects.filter(
        state__in=[ReportState.DUE, ReportState.RETURNED]
    ).select_related("application", "application__created_by")
    soon = open_reports.filter(
        due_on__gte=today,
        due_on__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
        reminded_before__isnull=True,
    )
    late = open_reports.filter(due_on__lt=today, reminded_after__isnull=True)
    for reports, template, stamp in ((soon, "report_due", "reminded_before"),
                                     (late, "report_overdue", "reminded_after")):  # fmt: skip
        for report in reports:
            with transaction.atomic():
                for notice in reminder(
                    report.application, template=template, context={"report": report}
                ):
                    outbox_enqueue(
                        to_email=notice.email,
                        language=notice.language,
                        subject=notice.subject,
                        body=notice.body,
                    )
                    sent += 1
                Report.objects.filter(pk=report.pk).update(**{stamp: timezone.now()})
    return sent
