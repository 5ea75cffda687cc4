"""The project cycle as data: phases, transitions, who may take them and what each one checks.

Everything here is pure: a check reads an :class:`ApplicationFacts` record (built by a selector)
and an :class:`Actor` (who is asking), and returns a :class:`Verdict` that says whether the move is
allowed and, when it is not, why, in both languages so the page can explain a refusal. Phases are
keyed by stable slugs; the labels are for people, with one name for staff and one for applicants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MACHINE = "grants.application"

APPLICANT = "applicant"
"""The ``who`` of a transition an approved member of the applying organisation takes."""


@dataclass(frozen=True)
class Phase:
    slug: str
    staff_label: Promise
    public_label: Promise
    applicant_edits: bool = False


PHASES: tuple[Phase, ...] = (
    Phase("draft", _("Draft"), _("Draft"), applicant_edits=True),
    Phase("submitted", _("Needs screening"), _("Received")),
    Phase("screening", _("Screening"), _("Being checked")),
    Phase("feasibility-appraisal", _("Feasibility appraisal"), _("Under review")),
    Phase("returned", _("Returned for revision"), _("Revision requested"), applicant_edits=True),
    Phase("rejected", _("Rejected"), _("Not funded")),
    Phase("approved", _("Approved: agreement to prepare"), _("Approved")),
    Phase("agreement-signed", _("Agreement signed"), _("Agreement signed")),
    Phase("in-implementation", _("In implementation"), _("In implementation")),
    Phase("completed", _("Completed: closure report due"), _("Completed: closure report due")),
    Phase("closure-report", _("Closure report to accept"), _("Closure report received")),
    Phase("ex-post-evaluation", _("Ex-post evaluation"), _("Ex-post evaluation")),
    Phase("closed", _("Closed"), _("Closed")),
)
PHASE = {p.slug: p for p in PHASES}
PHASE_CHOICES = [(p.slug, p.staff_label) for p in PHASES]

#: Phases in which the grant exists as an activity of the registry.
FUNDED = frozenset(
    {
        "approved",
        "agreement-signed",
        "in-implementation",
        "completed",
        "closure-report",
        "ex-post-evaluation",
        "closed",
    }
)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason_en: str = ""
    reason_zh: str = ""

    def reason(self, language: str | None) -> str:
        return self.reason_en if (language or "").lower().startswith("en") else self.reason_zh


ALLOWED = Verdict(True)


@dataclass(frozen=True)
class Actor:
    """Who asks: their permissions (``app.codename``) and whether they speak for the applicant."""

    user_id: int | None
    permissions: frozenset[str] = frozenset()
    is_applicant: bool = False


@dataclass(frozen=True)
class ApplicationFacts:
    """What the checks read about one application, gathered once by a selector."""

    state: str
    now: dt.datetime
    closes_at: dt.datetime | None = None
    missing_fields: tuple[str, ...] = ()
    budget_total: Decimal | None = Decimal(0)
    budget_ceiling: Decimal | None = None
    country_percentages: Decimal | None = None
    sector_percentages: Decimal | None = None
    dates_ordered: bool = True
    missing_attachments: tuple[str, ...] = ()
    reviews_assigned: int = 0
    reviews_pending: int = 0
    reviews_scored: int = 0
    has_agreement: bool = False
    closure_report_submitted: bool = False
    pending_tranches: int = 0
    extra: dict[str, object] = field(default_factory=dict)


Check = Callable[[ApplicationFacts], Verdict]


#: The names of the application's parts in both languages, for messages built without a request.
PARTS: dict[str, tuple[str, str]] = {
    "title": ("title", "計畫名稱"),
    "summary": ("summary", "計畫摘要"),
    "local_counterpart": ("local counterpart", "當地合作單位"),
    "modality": ("modality", "合作方式"),
    "countries": ("partner countries", "合作國家"),
    "sectors": ("DAC sectors", "DAC 部門"),
    "sdgs": ("SDG goals", "永續發展目標"),
    "planned_start": ("start date", "開始日期"),
    "planned_end": ("end date", "結束日期"),
    "budget": ("budget lines", "預算項目"),
    "indicators": ("results framework", "成果架構"),
    "proposal": ("project proposal", "計畫書"),
    "budget-sheet": ("budget sheet", "預算表"),
    "registration": ("registration certificate", "立案證書"),
    "partner-letter": ("letter from the local counterpart", "當地合作單位同意函"),
    "agreement": ("signed agreement", "已簽署的協議書"),
}


def _names(slugs: tuple[str, ...]) -> tuple[str, str]:
    en = ", ".join(PARTS.get(s, (s, s))[0] for s in slugs)
    zh = "、".join(PARTS.get(s, (s, s))[1] for s in slugs)
    return en, zh


def complete(f: ApplicationFacts) -> Verdict:
    if f.missing_fields:
        en, zh = _names(f.missing_fields)
        return Verdict(
            False, f"The application is incomplete: {en}.", f"申請書尚未填寫完整：{zh}。"
        )
    return ALLOWED


def before_deadline(f: ApplicationFacts) -> Verdict:
    if f.closes_at is not None and f.now > f.closes_at:
        return Verdict(
            False,
            "The call closed; submissions are no longer accepted.",
            "本徵案已截止，不再受理送件。",
        )
    return ALLOWED


def within_ceiling(f: ApplicationFacts) -> Verdict:
    if f.budget_total is None:
        return Verdict(
            False,
            "A budget line is in a currency with no exchange rate to the call's currency.",
            "有預算項目的幣別無法換算為本徵案的幣別。",
        )
    if f.budget_ceiling is not None and f.budget_total > f.budget_ceiling:
        return Verdict(
            False,
            f"The budget ({f.budget_total:,}) is over the call's ceiling ({f.budget_ceiling:,}).",
            f"預算（{f.budget_total:,}）超過本徵案的上限（{f.budget_ceiling:,}）。",
        )
    return ALLOWED


def percentages_add_up(f: ApplicationFacts) -> Verdict:
    for total, en, zh in (
        (f.country_percentages, "partner countries", "合作國家"),
        (f.sector_percentages, "sectors", "部門"),
    ):
        if total is not None and total != Decimal(100):
            return Verdict(
                False,
                f"The percentages of the {en} add up to {total}, not 100.",
                f"{zh}的百分比合計為 {total}，不是 100。",
            )
    return ALLOWED


def dates_in_order(f: ApplicationFacts) -> Verdict:
    if not f.dates_ordered:
        return Verdict(False, "The project ends before it starts.", "計畫結束日早於開始日。")
    return ALLOWED


def attachments_present(f: ApplicationFacts) -> Verdict:
    if f.missing_attachments:
        en, zh = _names(f.missing_attachments)
        return Verdict(False, f"Required attachments are missing: {en}.", f"缺少必要附件：{zh}。")
    return ALLOWED


def reviewers_assigned(f: ApplicationFacts) -> Verdict:
    if f.reviews_assigned == 0:
        return Verdict(False, "No reviewer is assigned yet.", "尚未指派審查委員。")
    return ALLOWED


def reviews_finished(f: ApplicationFacts) -> Verdict:
    if f.reviews_pending:
        return Verdict(
            False,
            f"{f.reviews_pending} review(s) are not finished.",
            f"尚有 {f.reviews_pending} 份審查未完成。",
        )
    if not f.reviews_scored:
        return Verdict(False, "No reviewer has scored the application.", "尚無審查委員評分。")
    return ALLOWED


def agreement_on_file(f: ApplicationFacts) -> Verdict:
    if not f.has_agreement:
        return Verdict(False, "Upload the signed agreement first.", "請先上傳已簽署的協議書。")
    return ALLOWED


def closure_report_in(f: ApplicationFacts) -> Verdict:
    if not f.closure_report_submitted:
        return Verdict(False, "The closure report has not been submitted.", "尚未提交結案報告。")
    return ALLOWED


def no_pending_tranches(f: ApplicationFacts) -> Verdict:
    if f.pending_tranches:
        return Verdict(
            False,
            f"{f.pending_tranches} disbursement request(s) still wait for approval.",
            f"尚有 {f.pending_tranches} 筆撥款申請待核准。",
        )
    return ALLOWED


SUBMISSION_CHECKS: tuple[Check, ...] = (
    complete,
    percentages_add_up,
    dates_in_order,
    within_ceiling,
    attachments_present,
)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    who: str
    """:data:`APPLICANT`, or the permission (``grants.codename``) a staff member needs."""
    label: Promise
    checks: tuple[Check, ...] = ()
    comment_required: bool = False
    via_determination: bool = False
    """Taken only by recording a determination (the approver's decision with reasons)."""


SCREEN = "grants.screen_application"
DETERMINE = "grants.determine_application"
MANAGE = "grants.manage_grant"

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "submit",
        ("draft",),
        "submitted",
        APPLICANT,
        _("Submit the application"),
        (before_deadline, *SUBMISSION_CHECKS),
    ),
    Transition("resubmit", ("returned",), "submitted", APPLICANT, _("Resubmit"), SUBMISSION_CHECKS),
    Transition("screen", ("submitted",), "screening", SCREEN, _("Start screening")),
    Transition(
        "return-from-screening",
        ("screening",),
        "returned",
        SCREEN,
        _("Return for revision"),
        comment_required=True,
    ),
    Transition(
        "reject-ineligible",
        ("screening",),
        "rejected",
        SCREEN,
        _("Reject as ineligible"),
        comment_required=True,
    ),
    Transition(
        "send-to-appraisal",
        ("screening",),
        "feasibility-appraisal",
        SCREEN,
        _("Send to feasibility appraisal"),
        (reviewers_assigned,),
    ),
    Transition(
        "approve",
        ("feasibility-appraisal",),
        "approved",
        DETERMINE,
        _("Approve"),
        (reviews_finished,),
        comment_required=True,
        via_determination=True,
    ),
    Transition(
        "return",
        ("feasibility-appraisal",),
        "returned",
        DETERMINE,
        _("Return for revision"),
        (reviews_finished,),
        comment_required=True,
        via_determination=True,
    ),
    Transition(
        "reject",
        ("feasibility-appraisal",),
        "rejected",
        DETERMINE,
        _("Reject"),
        (reviews_finished,),
        comment_required=True,
        via_determination=True,
    ),
    Transition(
        "sign-agreement",
        ("approved",),
        "agreement-signed",
        MANAGE,
        _("Record the signed agreement"),
        (agreement_on_file,),
    ),
    Transition(
        "start-implementation",
        ("agreement-signed",),
        "in-implementation",
        MANAGE,
        _("Start implementation"),
    ),
    Transition(
        "complete",
        ("in-implementation",),
        "completed",
        MANAGE,
        _("Mark as completed"),
        (no_pending_tranches,),
    ),
    Transition(
        "submit-closure-report",
        ("completed",),
        "closure-report",
        APPLICANT,
        _("Submit the closure report"),
        (closure_report_in,),
    ),
    Transition(
        "accept-closure-report",
        ("closure-report",),
        "ex-post-evaluation",
        MANAGE,
        _("Accept the closure report"),
    ),
    Transition(
        "return-closure-report",
        ("closure-report",),
        "completed",
        MANAGE,
        _("Return the closure report"),
        comment_required=True,
    ),
    Transition(
        "close", ("ex-post-evaluation",), "closed", MANAGE, _("Close after ex-post evaluation")
    ),
)
TRANSITION = {t.name: t for t in TRANSITIONS}


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if state in t.sources]


def check(transition: Transition, actor: Actor, facts: ApplicationFacts) -> Verdict:
    """Whether ``actor`` may take ``transition`` now, and if not, the first reason why."""
    if facts.state not in transition.sources:
        return Verdict(
            False,
            f"Not possible in the phase '{facts.state}'.",
            f"申請案目前的階段（{facts.state}）無法執行此動作。",
        )
    if transition.who == APPLICANT:
        if not actor.is_applicant:
            return Verdict(
                False,
                "Only a member of the applying organisation may do this.",
                "僅申請單位的成員可以執行此動作。",
            )
    elif transition.who not in actor.permissions:
        return Verdict(False, "Your role may not do this.", "您的角色無權執行此動作。")
    for rule in transition.checks:
        verdict = rule(facts)
        if not verdict.allowed:
            return verdict
    return ALLOWED


def available(actor: Actor, facts: ApplicationFacts) -> list[tuple[Transition, Verdict]]:
    """The transitions out of the current phase that ``actor`` could ever take, with verdicts.

    Transitions for other roles are left out: an applicant is not told about the approver's button.
    """
    out = []
    for transition in transitions_from(facts.state):
        role_ok = (
            actor.is_applicant
            if transition.who == APPLICANT
            else (transition.who in actor.permissions)
        )
        if role_ok:
            out.append((transition, check(transition, actor, facts)))
    return out
