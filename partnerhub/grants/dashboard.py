"""The officers' dashboard as data: counts by phase and call, what waits for whom, overdue
reports, indicator progress and money; each figure carries the link to the list behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse

from partnerhub.core.models import pick_language
from partnerhub.grants import workflow as wf
from partnerhub.grants.models import (
    ActualState,
    Application,
    IndicatorActual,
    PlannedIndicator,
    Report,
    ReviewAssignment,
    Tranche,
    TrancheState,
)
from partnerhub.grants.selectors import WAITING, overdue_reports

#: Who acts next in each phase (staff-facing).
WAITS_FOR = {
    "draft": "applicant",
    "returned": "applicant",
    "submitted": "officer",
    "screening": "officer",
    "feasibility-appraisal": "reviewers and approver",
    "approved": "officer",
    "agreement-signed": "officer",
    "in-implementation": "applicant and officer",
    "completed": "applicant",
    "closure-report": "officer",
    "ex-post-evaluation": "officer",
}


@dataclass
class Figure:
    label: str
    value: int | Decimal
    url: str


@dataclass
class OfficerDashboard:
    by_phase: list[Figure] = field(default_factory=list)
    by_call: list[tuple[str, list[Figure]]] = field(default_factory=list)
    waiting: list[tuple[str, str, Figure]] = field(default_factory=list)
    overdue: list[Report] = field(default_factory=list)
    reviews_pending: int = 0
    actuals_to_approve: int = 0
    tranches_for_officer: int = 0
    tranches_for_finance: int = 0
    #: For each work item count above, the list of the applications holding those items.
    item_urls: dict[str, str] = field(default_factory=dict)
    money: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)
    indicators: list[tuple[PlannedIndicator, Decimal | None, Decimal | None]] = field(
        default_factory=list
    )


def officer_dashboard() -> OfficerDashboard:
    base = reverse("grants:applications")
    out = OfficerDashboard()
    counts = dict(
        Application.objects.current().values_list("state").annotate(n=Count("id")).order_by()
    )
    for phase in wf.PHASES:
        n = counts.get(phase.slug, 0)
        out.by_phase.append(Figure(str(phase.staff_label), n, f"{base}?state={phase.slug}"))
        if n and phase.slug in WAITS_FOR:
            out.waiting.append(
                (
                    str(phase.staff_label),
                    WAITS_FOR[phase.slug],
                    Figure("", n, f"{base}?state={phase.slug}"),
                )
            )
    per_call = (
        Application.objects.current()
        .filter(call__isnull=False)
        .values_list("call__slug", "call__title_zh", "call__title_en", "state")
        .annotate(n=Count("id"))
        .order_by("call__slug")
    )
    calls: dict[str, list[Figure]] = {}
    titles: dict[str, str] = {}
    for slug, zh, en, state, n in per_call:
        titles[slug] = pick_language(zh, en)
        calls.setdefault(slug, []).append(
            Figure(str(wf.PHASE[state].staff_label), n, f"{base}?call={slug}&state={state}")
        )
    out.by_call = [(titles[s], figs) for s, figs in calls.items()]
    out.overdue = list(overdue_reports()[:50])
    out.reviews_pending = (
        ReviewAssignment.objects.filter(
            submitted_at__isnull=True, application__state="feasibility-appraisal"
        )
        .exclude(declaration="conflict")
        .count()
    )
    out.actuals_to_approve = IndicatorActual.objects.filter(state=ActualState.SUBMITTED).count()
    out.tranches_for_officer = Tranche.objects.filter(state=TrancheState.REQUESTED).count()
    out.tranches_for_finance = Tranche.objects.filter(state=TrancheState.OFFICER_APPROVED).count()
    out.item_urls = {kind.replace("-", "_"): f"{base}?waiting={kind}" for kind in WAITING}
    money = (
        Tranche.objects.values_list("currency")
        .annotate(
            committed=Sum(
                "amount", filter=Q(state__in=[TrancheState.OFFICER_APPROVED, TrancheState.PAID])
            ),
            paid=Sum("amount", filter=Q(state=TrancheState.PAID)),
        )
        .order_by("currency")
    )
    out.money = [(c, committed or Decimal(0), paid or Decimal(0)) for c, committed, paid in money]
    indicators = (
        PlannedIndicator.objects.filter(
            application__state__in=["in-implementation", "completed", "closure-report"]
        )
        .select_related("application")
        .prefetch_related("actuals")[:100]
    )
    for i in indicators:
        approved = [a.value for a in i.actuals.all() if a.state == ActualState.APPROVED]
        latest = approved[-1] if approved else None
        share = None
        if latest is not None and i.target != i.baseline:
            share = ((latest - i.baseline) / (i.target - i.baseline) * 100).quantize(Decimal("1"))
        out.indicators.append((i, latest, share))
    return out
