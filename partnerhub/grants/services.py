"""Writes for calls, applications and the project cycle.

Every write here is a service: keyword-only, atomic, validated with ``full_clean`` and audited.
Every phase change goes through :func:`application_transition`, which asks the pure table in
``workflow`` whether the move is allowed and records it through the outbox, so the applicant is
told in their language. The module is long because the cycle is one aggregate; the appraisal and
implementation writes live in ``appraisal`` and ``implementation`` beside it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from partnerhub.core.audit import audit_record
from partnerhub.core.exceptions import InvalidInput, NotFound, PermissionDenied
from partnerhub.core.outbox import state_change_record
from partnerhub.grants import access, selectors
from partnerhub.grants import workflow as wf
from partnerhub.grants.models import (
    Application,
    ApplicationRevision,
    BudgetLine,
    Call,
    CallCriterion,
    Criterion,
    PlannedIndicator,
    Report,
    ReportKind,
)
from partnerhub.grants.notices import transition_notices
from partnerhub.grants.records import ApplicationDraft
from partnerhub.organisations.models import Organisation

#: How long after completion the closure report is due (the regulation's six months).
CLOSURE_REPORT_DAYS = 182
#: Progress reports fall due every this many days of implementation.
PROGRESS_REPORT_DAYS = 182


class EditConflict(InvalidInput):
    """Someone else saved the draft since this editor read it; ``changed`` names what differs."""

    code = "conflict"

    def __init__(self, changed: list[str]) -> None:
        names = ", ".join(changed) or "-"
        super().__init__(
            f"Someone else saved this application meanwhile; changed: {names}. "
            "Your text is kept below: review it and save again.",
            f"在您編輯期間已有他人儲存本申請書；變更的欄位：{names}。"
            "您輸入的內容保留在下方，請確認後再儲存。",
            field="version",
        )
        self.changed = changed


class TransitionRefused(InvalidInput):
    code = "refused"


@transaction.atomic
def call_create(
    *,
    slug: str,
    title_zh: str,
    title_en: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    budget_ceiling: Decimal,
    currency: str = "TWD",
    rules_zh: str = "",
    rules_en: str = "",
    eligibility_zh: str = "",
    eligibility_en: str = "",
    required_attachments: Iterable[str] = ("proposal",),
    criteria: Mapping[str, Decimal] | None = None,
    actor: Any = None,
) -> Call:
    """Publish a call with its appraisal criteria (every criterion of the regulation, weight 1, when
    none are given)."""
    if closes_at <= opens_at:
        raise InvalidInput(
            "The call must close after it opens.", "截止時間必須晚於開始時間。", field="closes_at"
        )
    call = Call(
        slug=slug,
        title_zh=title_zh,
        title_en=title_en,
        rules_zh=rules_zh,
        rules_en=rules_en,
        eligibility_zh=eligibility_zh,
        eligibility_en=eligibility_en,
        opens_at=opens_at,
        closes_at=closes_at,
        budget_ceiling=budget_ceiling,
        currency=currency.upper(),
        required_attachments=list(required_attachments),
    )
    call.full_clean()
    call.save()
    weights = criteria or {c.value: Decimal(1) for c in Criterion}
    rows = [CallCriterion(call=call, criterion=k, weight=v) for k, v in weights.items()]
    for row in rows:
        row.full_clean(exclude=["call"])
    CallCriterion.objects.bulk_create(rows)
    audit_record(action="create", instance=call, summary=call.title_en[:200], actor=actor)
    return call


def _require_member(actor: Any, organisation: Organisation) -> None:
    if not access.is_member(actor, organisation):
        raise PermissionDenied(
            "Only members of the organisation may do this.",
            "僅該組織的成員可以執行此動作。",
        )


@transaction.atomic
def application_create(
    *, call: Call, organisation: Organisation, actor: Any, language: str = "zh-hant"
) -> Application:
    """Open a draft for ``organisation`` under an open call."""
    _require_member(actor, organisation)
    now = timezone.now()
    if not (call.opens_at <= now < call.closes_at):
        raise InvalidInput(
            "This call is not open for applications.", "本徵案目前不受理申請。", field="call"
        )
    application = Application(
        call=call,
        organisation=organisation,
        reference=uuid.uuid4().hex[:20],
        currency=call.currency,
        contact_language="en" if language.lower().startswith("en") else "zh-hant",
        created_by=actor,
    )
    application.full_clean()
    application.save()
    application.reference = f"G{now:%Y}-{application.pk:05d}"
    application.save(update_fields=["reference"])
    ApplicationRevision.objects.create(
        application=application, version=1, data=_current_data(application), saved_by=actor
    )
    audit_record(action="create", instance=application, summary=application.reference, actor=actor)
    return application


def _current_data(application: Application) -> dict[str, Any]:
    return selectors.application_draft(application).snapshot()


def _changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    return sorted(k for k in after if before.get(k) != after.get(k))


@transaction.atomic
def application_save(
    *, application: Application, draft: ApplicationDraft, version: int, actor: Any
) -> Application:
    """Save the applicant's draft; refuses a save based on an older version (optimistic lock)."""
    row = Application.objects.select_for_update().get(pk=application.pk)
    _require_member(actor, row.organisation)
    if not wf.PHASE[row.state].applicant_edits:
        raise InvalidInput(
            "The application cannot be edited in this phase.",
            "申請案在目前階段無法編輯。",
            field="state",
        )
    if row.version != version:
        seen = row.revisions.filter(version=version).first()
        current = _current_data(row)
        raise EditConflict(_changed_fields(seen.data if seen else {}, current))
    before = _current_data(row)
    for name in (
        "title_zh",
        "title_en",
        "summary_zh",
        "summary_en",
        "local_counterpart",
        "modality",
        "sdgs",
        "planned_start",
        "planned_end",
        "currency",
        "contact_language",
    ):
        setattr(row, name, getattr(draft, name))
    row.countries = [s.as_json() for s in draft.countries]
    row.sectors = [s.as_json() for s in draft.sectors]
    row.version += 1
    row.full_clean()
    row.save()
    if draft.budget is not None:
        row.budget.all().delete()
        lines = [
            BudgetLine(application=row, position=i, **vars(b)) for i, b in enumerate(draft.budget)
        ]
        for line in lines:
            line.full_clean(exclude=["application"])
        BudgetLine.objects.bulk_create(lines)
    if draft.indicators is not None:
        row.indicators.all().delete()
        rows = [
            PlannedIndicator(application=row, position=i, **vars(r))
            for i, r in enumerate(draft.indicators)
        ]
        for r in rows:
            r.full_clean(exclude=["application"])
        PlannedIndicator.objects.bulk_create(rows)
    after = _current_data(row)
    ApplicationRevision.objects.create(
        application=row, version=row.version, data=after, saved_by=actor
    )
    audit_record(
        action="update",
        instance=row,
        summary=row.reference,
        changes={"fields": _changed_fields(before, after)},
        actor=actor,
    )
    return row


def actor_for(user: Any, application: Application) -> wf.Actor:
    """The workflow's view of ``user``: their grant permissions and whether they are the applicant."""
    if user is None or not user.is_authenticated:
        return wf.Actor(None)
    permissions = frozenset(p for p in user.get_all_permissions() if p.startswith("grants."))
    return wf.Actor(user.pk, permissions, access.is_member(user, application.organisation))


@transaction.atomic
def application_transition(
    *,
    application: Application,
    name: str,
    actor: Any,
    comment: str = "",
    letter: str = "",
    _determined: bool = False,
) -> Application:
    """Move the application along the cycle if the table allows ``actor`` to; record and notify."""
    transition = wf.TRANSITION.get(name)
    if transition is None:
        raise NotFound(
            f"No transition named {name!r}.", f"沒有名為「{name}」的動作。", field="name"
        )
    if transition.via_determination and not _determined:
        raise InvalidInput(
            "This decision is taken by recording a determination with reasons.",
            "此決定須以附理由的審查決定書作成。",
            field="name",
        )
    # The row lock makes a second, simultaneous submit wait and then find the phase has moved on.
    row = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=application.pk)
    )
    verdict = wf.check(transition, actor_for(actor, row), selectors.application_facts(row))
    if not verdict.allowed:
        raise TransitionRefused(verdict.reason_en, verdict.reason_zh, field="transition")
    if transition.comment_required and not comment.strip():
        raise InvalidInput(
            "Give the reasons in the comment.", "請在意見欄說明理由。", field="comment"
        )
    source = row.state
    row.state = transition.target
    if name in {"submit", "resubmit"}:
        row.submitted_at = timezone.now()
    row.full_clean()
    row.save()
    _after_transition(row, name, actor)
    state_change_record(
        subject=row,
        machine=wf.MACHINE,
        from_state=source,
        to_state=row.state,
        actor=actor,
        comment=comment,
        notices=transition_notices(row, to_state=row.state, comment=comment, letter=letter),
    )
    audit_record(
        action="update",
        instance=row,
        summary=f"{row.reference}: {source} → {row.state}",
        changes={"state": [source, row.state]},
        actor=actor,
    )
    return row


def _after_transition(application: Application, name: str, actor: Any) -> None:
    from partnerhub.grants import registry

    today = timezone.localdate()
    if name == "start-implementation":
        _schedule_progress_reports(application, today)
    elif name == "complete":
        Report.objects.create(
            application=application,
            kind=ReportKind.CLOSURE,
            due_on=today + dt.timedelta(days=CLOSURE_REPORT_DAYS),
        )
    registry.activity_follow_phase(application, actor=actor)


def _schedule_progress_reports(application: Application, start: dt.date) -> None:
    end = application.planned_end or start + dt.timedelta(days=365)
    due = start + dt.timedelta(days=PROGRESS_REPORT_DAYS)
    rows = []
    while due <= end:
        rows.append(Report(application=application, kind=ReportKind.PROGRESS, due_on=due))
        due += dt.timedelta(days=PROGRESS_REPORT_DAYS)
    if not rows:
        rows.append(Report(application=application, kind=ReportKind.PROGRESS, due_on=end))
    Report.objects.bulk_create(rows)
