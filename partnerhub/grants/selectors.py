"""Reads for the grants pages: calls, applications, the facts the workflow checks, and scores."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from partnerhub.grants import access, rules
from partnerhub.grants import workflow as wf
from partnerhub.grants.models import (
    ActualState,
    Application,
    AttachmentKind,
    Call,
    Declaration,
    PlannedIndicator,
    Report,
    ReportKind,
    ReportState,
    ReviewAssignment,
    Score,
    TrancheState,
)
from partnerhub.grants.records import ApplicationDraft, BudgetLineRecord, IndicatorRecord, Share
from partnerhub.reference.rates import exchange_rate_table

HUNDRED = Decimal(100)


def calls_open_and_past(now: dt.datetime | None = None) -> dict[str, list[Call]]:
    now = now or timezone.now()
    return {
        "open": list(Call.objects.open_at(now).order_by("closes_at")),
        "upcoming": list(Call.objects.upcoming_at(now).order_by("opens_at")),
        "past": list(Call.objects.past_at(now).order_by("-closes_at")),
    }


def call_detail(slug: str) -> Call:
    from partnerhub.core.exceptions import NotFound

    call = Call.objects.prefetch_related("criteria").filter(slug=slug).first()
    if call is None:
        raise NotFound(f"No call {slug!r}.", f"找不到徵案「{slug}」。", field="slug")
    return call


def application_draft(application: Application) -> ApplicationDraft:
    """The editable content of an application as a record (the form's initial values)."""

    def shares(rows: list[dict[str, Any]]) -> list[Share]:
        return [
            Share(
                r["code"], None if r.get("percentage") in (None, "") else Decimal(r["percentage"])
            )
            for r in rows
        ]

    return ApplicationDraft(
        title_zh=application.title_zh,
        title_en=application.title_en,
        summary_zh=application.summary_zh,
        summary_en=application.summary_en,
        local_counterpart=application.local_counterpart,
        modality=application.modality,
        countries=shares(application.countries),
        sectors=shares(application.sectors),
        sdgs=list(application.sdgs),
        planned_start=application.planned_start,
        planned_end=application.planned_end,
        currency=application.currency,
        contact_language=application.contact_language,
        budget=[BudgetLineRecord(b.item, b.amount, b.currency) for b in application.budget.all()],
        indicators=[
            IndicatorRecord(
                i.level,
                i.result,
                i.indicator,
                i.unit,
                i.baseline,
                i.target,
                i.means_of_verification,
            )
            for i in application.indicators.all()
        ],
    )


def budget_total(application: Application, currency: str) -> Decimal | None:
    """The budget in ``currency`` (other currencies through their US dollar rates); None when a
    line's currency has no stored rate."""
    lines = list(application.budget.all())
    others = {b.currency for b in lines} - {currency}
    table = exchange_rate_table([*others, currency]) if others else None
    today = timezone.localdate()
    total = Decimal(0)
    for line in lines:
        if line.currency == currency:
            total += line.amount
            continue
        assert table is not None
        usd = table.usd_value(line.amount, line.currency, today)
        rate = table.per_usd(currency, today) if currency != "USD" else Decimal(1)
        if usd is None or rate is None:
            return None
        total += (usd * rate).quantize(Decimal("0.01"))
    return total


def _percentages(rows: list[dict[str, Any]]) -> Decimal | None:
    given = [Decimal(r["percentage"]) for r in rows if r.get("percentage") not in (None, "")]
    return sum(given, Decimal(0)) if given else None


def missing_parts(application: Application) -> tuple[str, ...]:
    a = application
    checks = {
        "title": a.title_zh or a.title_en,
        "summary": a.summary_zh or a.summary_en,
        "local_counterpart": a.local_counterpart,
        "modality": a.modality,
        "countries": a.countries,
        "sectors": a.sectors,
        "sdgs": a.sdgs,
        "planned_start": a.planned_start,
        "planned_end": a.planned_end,
        "budget": a.budget.exists(),
        "indicators": a.indicators.exists(),
    }
    return tuple(name for name, value in checks.items() if not value)


def application_facts(
    application: Application, now: dt.datetime | None = None
) -> wf.ApplicationFacts:
    """Everything the workflow's checks read about ``application``, gathered in a few queries."""
    a = application
    call = a.call
    kinds = set(a.attachments.values_list("kind", flat=True))
    required = tuple(call.required_attachments) if call else ()
    reviews = a.reviews.aggregate(
        assigned=Count("id", filter=~Q(declaration=Declaration.CONFLICT)),
        pending=Count(
            "id", filter=~Q(declaration=Declaration.CONFLICT) & Q(submitted_at__isnull=True)
        ),
        scored=Count(
            "id", filter=Q(declaration=Declaration.NO_CONFLICT, submitted_at__isnull=False)
        ),
    )
    return wf.ApplicationFacts(
        state=a.state,
        now=now or timezone.now(),
        closes_at=call.closes_at if call else None,
        missing_fields=missing_parts(a),
        budget_total=budget_total(a, call.currency if call else a.currency),
        budget_ceiling=call.budget_ceiling if call else None,
        country_percentages=_percentages(a.countries),
        sector_percentages=_percentages(a.sectors),
        dates_ordered=not (a.planned_start and a.planned_end and a.planned_end < a.planned_start),
        missing_attachments=tuple(k for k in required if k not in kinds),
        reviews_assigned=reviews["assigned"],
        reviews_pending=reviews["pending"],
        reviews_scored=reviews["scored"],
        has_agreement=AttachmentKind.AGREEMENT in kinds,
        closure_report_submitted=a.reports.filter(
            kind=ReportKind.CLOSURE, state__in=[ReportState.SUBMITTED, ReportState.ACCEPTED]
        ).exists(),
        pending_tranches=a.tranches.exclude(state=TrancheState.PAID).count(),
    )


# ---- Who sees what --------------------------------------------------------------------------


def applications_visible_to(user: Any) -> QuerySet[Application]:
    """Every application ``user`` may open: their organisations', those assigned to them as a
    reviewer, or all of them for staff who may see all."""
    rows = Application.objects.select_related("call", "organisation")
    if user is None or not user.is_authenticated:
        return rows.none()
    if user.has_perm("grants.view_all_applications"):
        return rows
    return rows.filter(
        Q(organisation__in=access.user_organisations(user)) | Q(reviews__reviewer=user)
    ).distinct()


def can_read_content(user: Any, application: Application) -> bool:
    """Whether ``user`` may read the application itself: a reviewer only after declaring no
    conflict of interest (``rules.can_read_application``)."""
    return bool(rules.can_read_application(user, application))


# ---- Appraisal ------------------------------------------------------------------------------


@dataclass
class ReviewerScores:
    assignment: ReviewAssignment
    scores: dict[str, int]
    weighted: Decimal | None
    normalised: Decimal | None = None


@dataclass
class AppraisalSummary:
    criteria: list[tuple[str, str, Decimal]]
    """(slug, label, weight) of the call's criteria."""
    reviewers: list[ReviewerScores] = field(default_factory=list)
    criterion_means: dict[str, Decimal] = field(default_factory=dict)
    mean_weighted: Decimal | None = None
    mean_normalised: Decimal | None = None


def weighted_score(scores: dict[str, int], weights: dict[str, Decimal]) -> Decimal | None:
    """The weighted mean of 0–5 scores on a 0–100 scale; None until every criterion is scored."""
    if not weights or any(k not in scores for k in weights):
        return None
    total = sum((Decimal(scores[k]) * w for k, w in weights.items()), Decimal(0))
    return (total / sum(weights.values()) * 20).quantize(Decimal("0.01"))


def _reviewer_offsets(call_id: int, weights: dict[str, Decimal]) -> dict[int, Decimal]:
    """How far each reviewer's average sits from everyone's, over all their reviews in the call.

    Normalising subtracts that offset, so a strict reviewer and a lenient one count alike. With one
    review per reviewer the offsets come from that review alone; the figure is then shown as given.
    """
    rows = Score.objects.filter(
        assignment__application__call_id=call_id,
        assignment__submitted_at__isnull=False,
        assignment__declaration=Declaration.NO_CONFLICT,
    ).values_list("assignment__reviewer_id", "assignment_id", "criterion", "score")
    per_assignment: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for reviewer, assignment, criterion, score in rows:
        per_assignment[(reviewer, assignment)][criterion] = score
    by_reviewer: dict[int, list[Decimal]] = defaultdict(list)
    for (reviewer, _), scores in per_assignment.items():
        value = weighted_score(scores, weights)
        if value is not None:
            by_reviewer[reviewer].append(value)
    everyone = [v for values in by_reviewer.values() for v in values]
    if not everyone:
        return {}
    overall = sum(everyone, Decimal(0)) / len(everyone)
    return {
        reviewer: sum(values, Decimal(0)) / len(values) - overall
        for reviewer, values in by_reviewer.items()
    }


def appraisal_summary(application: Application) -> AppraisalSummary:
    call = application.call
    criteria = list(call.criteria.all()) if call else []
    weights = {c.criterion: c.weight for c in criteria}
    summary = AppraisalSummary(
        [(c.criterion, c.get_criterion_display(), c.weight) for c in criteria]
    )
    assignments = application.reviews.select_related("reviewer").prefetch_related("scores")
    offsets = _reviewer_offsets(call.pk, weights) if call else {}
    for a in assignments:
        scores = {s.criterion: s.score for s in a.scores.all()} if a.submitted_at else {}
        weighted = weighted_score(scores, weights) if scores else None
        normalised = None
        if weighted is not None:
            offset = offsets.get(a.reviewer_id, Decimal(0))
            normalised = max(Decimal(0), min(HUNDRED, weighted - offset)).quantize(Decimal("0.01"))
        summary.reviewers.append(ReviewerScores(a, scores, weighted, normalised))
    scored = [r for r in summary.reviewers if r.weighted is not None]
    if scored:
        n = len(scored)
        weighted = sum((r.weighted or Decimal(0) for r in scored), Decimal(0))
        normalised = sum((r.normalised or Decimal(0) for r in scored), Decimal(0))
        summary.mean_weighted = (weighted / n).quantize(Decimal("0.01"))
        summary.mean_normalised = (normalised / n).quantize(Decimal("0.01"))
        for slug in weights:
            summary.criterion_means[slug] = (
                sum((Decimal(r.scores[slug]) for r in scored), Decimal(0)) / n
            ).quantize(Decimal("0.01"))
    return summary


# ---- Pages ----------------------------------------------------------------------------------


def application_page(pk: int) -> Application:
    from partnerhub.core.exceptions import NotFound

    row = (
        Application.objects.select_related("call", "organisation", "activity", "created_by")
        .prefetch_related(
            "budget",
            Prefetch("indicators", queryset=PlannedIndicator.objects.prefetch_related("actuals")),
            "attachments",
            "determinations",
            "tranches",
            "reports",
            "visits",
        )
        .filter(pk=pk)
        .first()
    )
    if row is None:
        raise NotFound(f"No application {pk}.", f"找不到編號 {pk} 的申請案。", field="pk")
    return row


#: The staff's work items, each as the condition on an application that holds one. The officers'
#: dashboard counts the items; its links open the applications holding them (``?waiting=``).
WAITING: dict[str, Q] = {
    "reviews": Q(
        reviews__submitted_at__isnull=True,
        state="feasibility-appraisal",
    )
    & ~Q(reviews__declaration="conflict"),
    "indicator-values": Q(indicators__actuals__state=ActualState.SUBMITTED),
    "disbursements-to-approve": Q(tranches__state=TrancheState.REQUESTED),
    "disbursements-to-pay": Q(tranches__state=TrancheState.OFFICER_APPROVED),
}


def applications_waiting(rows: QuerySet[Application], kind: str) -> QuerySet[Application]:
    """The applications among ``rows`` that hold a work item of ``kind`` (a key of WAITING)."""
    holding = Application.objects.filter(WAITING[kind]).values("pk")
    return rows.filter(pk__in=holding)


def overdue_reports(today: dt.date | None = None) -> QuerySet[Report]:
    today = today or timezone.localdate()
    return (
        Report.objects.filter(due_on__lt=today, state__in=[ReportState.DUE, ReportState.RETURNED])
        .select_related("application", "application__organisation")
        .order_by("due_on")
    )


def indicator_progress(application: Application) -> list[tuple[PlannedIndicator, Decimal | None]]:
    """Each indicator with its latest approved actual."""
    out = []
    for indicator in application.indicators.all():
        approved = [a for a in indicator.actuals.all() if a.state == ActualState.APPROVED]
        out.append((indicator, approved[-1].value if approved else None))
    return out
