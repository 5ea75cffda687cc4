"""Writes of the feasibility appraisal: reviewers, declarations, scores and the determination."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from partnerhub.core.audit import audit_record
from partnerhub.core.exceptions import InvalidInput, PartnerHubError, PermissionDenied
from partnerhub.grants import access, selectors
from partnerhub.grants.models import (
    Application,
    Decision,
    Declaration,
    Determination,
    ReviewAssignment,
    Score,
)
from partnerhub.grants.registry import grant_activity_create
from partnerhub.grants.services import application_transition

REVIEW_PHASES = {"screening", "feasibility-appraisal"}


def _require(user: Any, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied("Your role may not do this.", "您的角色無權執行此動作。")


@transaction.atomic
def review_assign(*, application: Application, reviewer: Any, actor: Any) -> ReviewAssignment:
    """Assign a reviewer; nobody from the applying organisation may review its application."""
    _require(actor, "grants.screen_application")
    if application.state not in REVIEW_PHASES:
        raise InvalidInput(
            "Reviewers are assigned during screening or appraisal.",
            "僅能在初審或可行性評估階段指派審查委員。",
            field="reviewer",
        )
    if not reviewer.has_perm("grants.review_application"):
        raise InvalidInput(
            f"{reviewer.get_username()} is not a reviewer.",
            f"{reviewer.get_username()} 不是審查委員。",
            field="reviewer",
        )
    if access.is_member(reviewer, application.organisation):
        raise InvalidInput(
            "A member of the applying organisation cannot review its application "
            "(conflict of interest).",
            "申請單位的成員不得審查該單位的申請案（利益衝突）。",
            field="reviewer",
        )
    if application.reviews.filter(reviewer=reviewer).exists():
        raise InvalidInput(
            "This reviewer is already assigned.", "此審查委員已被指派。", field="reviewer"
        )
    row = ReviewAssignment(application=application, reviewer=reviewer, assigned_by=actor)
    row.full_clean()
    row.save()
    audit_record(action="create", instance=row, summary=str(row), actor=actor)
    return row


def _own(assignment: ReviewAssignment, actor: Any) -> None:
    if assignment.reviewer_id != getattr(actor, "pk", None):
        raise PermissionDenied(
            "Only the assigned reviewer may do this.", "僅受指派的審查委員可以執行此動作。"
        )


@transaction.atomic
def review_declare(
    *, assignment: ReviewAssignment, actor: Any, conflict: bool, note: str = ""
) -> ReviewAssignment:
    """The reviewer's conflict-of-interest declaration; a conflict recuses them for good."""
    _own(assignment, actor)
    if assignment.declaration:
        raise InvalidInput(
            "The declaration was already made.", "已完成利益衝突聲明。", field="declaration"
        )
    if conflict and not note.strip():
        raise InvalidInput(
            "Say what the conflict of interest is.", "請說明利益衝突的情形。", field="note"
        )
    assignment.declaration = Declaration.CONFLICT if conflict else Declaration.NO_CONFLICT
    assignment.declaration_note = note
    assignment.declared_at = timezone.now()
    assignment.full_clean()
    assignment.save()
    audit_record(
        action="update",
        instance=assignment,
        summary=f"{assignment}: {assignment.declaration}",
        actor=actor,
    )
    return assignment


@transaction.atomic
def review_submit(
    *,
    assignment: ReviewAssignment,
    actor: Any,
    scores: Mapping[str, tuple[int, str]],
    comment: str = "",
) -> ReviewAssignment:
    """Score every criterion of the call from 0 to 5, with comments; a review is final once sent."""
    _own(assignment, actor)
    application = assignment.application
    if assignment.declaration != Declaration.NO_CONFLICT:
        raise InvalidInput(
            "Declare that you have no conflict of interest first.",
            "請先聲明無利益衝突。",
            field="declaration",
        )
    if application.state != "feasibility-appraisal":
        raise InvalidInput(
            "The application is not in feasibility appraisal.",
            "申請案不在可行性評估階段。",
            field="state",
        )
    if assignment.submitted_at:
        raise InvalidInput("The review was already sent.", "審查意見已送出。", field="scores")
    criteria = [c.criterion for c in application.call.criteria.all()] if application.call else []
    for slug in criteria:
        value = scores.get(slug, (None, ""))[0]
        if value is None or not 0 <= int(value) <= 5:
            raise InvalidInput(
                f"Give a score from 0 to 5 for {slug}.",
                f"請為「{slug}」給 0 到 5 分。",
                field=f"score-{slug}",
            )
    rows = [
        Score(assignment=assignment, criterion=slug, score=int(scores[slug][0]),
              comment=scores[slug][1])
        for slug in criteria
    ]  # fmt: skip
    Score.objects.bulk_create(rows)
    assignment.comment = comment
    assignment.submitted_at = timezone.now()
    assignment.save()
    audit_record(action="update", instance=assignment, summary=f"{assignment}: scored", actor=actor)
    return assignment


def determination_letter(application: Application, determination: Determination) -> str:
    """The letter to the applicant, in their language, citing the scores and the reasons."""
    summary = selectors.appraisal_summary(application)
    with translation.override(application.contact_language or "zh-hant"):
        return render_to_string(
            "grants/letter.txt",
            {"application": application, "determination": determination, "summary": summary},
        )


@transaction.atomic
def determination_record(
    *, application: Application, decision: str, reasons: str, actor: Any
) -> Determination:
    """The approver's decision with reasons: moves the application and, on approval, writes the
    grant into the registry as an activity."""
    if decision not in Decision.values:
        raise InvalidInput(
            f"Unknown decision {decision!r}.", f"未知的決定「{decision}」。", field="decision"
        )
    if not reasons.strip():
        raise InvalidInput("Give the reasons.", "請說明理由。", field="reasons")
    _require(actor, "grants.determine_application")
    summary = selectors.appraisal_summary(application)
    row = Determination(
        application=application,
        decision=decision,
        reasons=reasons,
        weighted_score=summary.mean_normalised,
        decided_by=actor,
    )
    letter = determination_letter(application, row)
    moved = application_transition(
        application=application,
        name=decision,
        actor=actor,
        comment=reasons,
        letter=letter,
        _determined=True,
    )
    row.full_clean()
    row.save()
    if decision == Decision.APPROVE:
        grant_activity_create(application=moved, actor=actor)
    audit_record(action="create", instance=row, summary=str(row), actor=actor)
    return row


class BatchRefused(InvalidInput):
    """One or more applications of a batch cannot take the decision; nothing was recorded."""

    code = "batch_refused"

    def __init__(self, refusals: list[tuple[Application, PartnerHubError]]) -> None:
        self.refusals = refusals
        names = ", ".join(a.reference for a, _e in refusals)
        super().__init__(
            f"Nothing was recorded: {len(refusals)} of the selected applications cannot take "
            f"this decision ({names}).",
            f"未記錄任何決定：所選申請案中有 {len(refusals)} 件無法作此決定（{names}）。",
            field="applications",
        )


@transaction.atomic
def determinations_record_batch(
    *, applications: Sequence[Application], decision: str, reasons: str, actor: Any
) -> list[Determination]:
    """The same decision, with the same reasons, for several applications at once.

    All or nothing: each application is decided as :func:`determination_record` would decide it
    alone (with its own letter citing its own scores); when any of them is refused, nothing is
    recorded, no applicant is told, and :class:`BatchRefused` names every refused one.
    """
    if not applications:
        raise InvalidInput(
            "Select at least one application.", "請至少選擇一件申請案。", field="applications"
        )
    recorded: list[Determination] = []
    refusals: list[tuple[Application, PartnerHubError]] = []
    for application in applications:
        try:
            recorded.append(
                determination_record(
                    application=application, decision=decision, reasons=reasons, actor=actor
                )
            )
        except PermissionDenied:
            raise
        except PartnerHubError as exc:
            refusals.append((application, exc))
    if refusals:
        transaction.set_rollback(True)
        raise BatchRefused(refusals)
    return recorded
