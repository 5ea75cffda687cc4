"""The grant pages: thin views over the services and selectors.

Existence is private: an application a person may not open answers 404, exactly like one that does
not exist. A refused action comes back as a message in the person's language on the page it came
from; a form keeps everything that was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.http import require_POST

from partnerhub.core.exceptions import InvalidInput, PartnerHubError
from partnerhub.core.outbox import state_changes_for
from partnerhub.grants import access, appraisal, files, forms, implementation, selectors, services
from partnerhub.grants import workflow as wf
from partnerhub.grants.models import (
    Application,
    Attachment,
    Call,
    Declaration,
    Determination,
    IndicatorActual,
    Report,
    ReviewAssignment,
    Tranche,
)
from partnerhub.grants.revisions import revisions_compare

View = Callable[..., HttpResponse]


def _visible(request: HttpRequest, pk: int) -> Application:
    if not selectors.applications_visible_to(request.user).filter(pk=pk).exists():
        raise Http404
    return selectors.application_page(pk)


def _readable(request: HttpRequest, pk: int) -> Application:
    application = _visible(request, pk)
    if not selectors.can_read_content(request.user, application):
        raise Http404
    return application


def action(view: View) -> View:
    """A POST that changes something: refusals become a message, then back to the application."""

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, pk, *args, **kwargs)
        except PartnerHubError as exc:
            messages.error(request, exc.message(get_language()))
            return redirect("grants:application", pk=pk)

    return login_required(require_POST(wrapper))


# ---- Public pages ---------------------------------------------------------------------------


def call_list(request: HttpRequest) -> HttpResponse:
    return render(request, "grants/call_list.html", {"calls": selectors.calls_open_and_past()})


def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        call = selectors.call_detail(slug)
    except PartnerHubError:
        raise Http404 from None
    now = timezone.now()
    organisations = list(access.user_organisations(request.user))
    return render(
        request,
        "grants/call_detail.html",
        {
            "call": call,
            "is_open": call.opens_at <= now < call.closes_at,
            "organisations": organisations,
            "login_url": resolve_url(settings.LOGIN_URL),
        },
    )


def register(request: HttpRequest) -> HttpResponse:
    """The grants register: every funded grant, historical ones included."""
    rows = (
        Application.objects.in_state(*wf.FUNDED)
        .select_related("organisation", "call", "activity")
        .order_by("-planned_start", "-id")
    )
    q = request.GET.get("organisation", "")
    if q:
        rows = rows.filter(organisation__slug=q)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "grants/register.html", {"page": page, "organisation": q})


# ---- Applications ---------------------------------------------------------------------------


@login_required
@require_POST
def application_start(request: HttpRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(Call, slug=slug)
    organisation = (
        access.user_organisations(request.user)
        .filter(pk=request.POST.get("organisation") or 0)
        .first()
        or access.user_organisations(request.user).first()
    )
    if organisation is None:
        messages.error(request, gettext("You need to belong to an organisation to apply."))
        return redirect("grants:call", slug=slug)
    try:
        application = services.application_create(
            call=call, organisation=organisation, actor=request.user, language=get_language()
        )
    except PartnerHubError as exc:
        messages.error(request, exc.message(get_language()))
        return redirect("grants:call", slug=slug)
    return redirect("grants:edit", pk=application.pk)


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    """Applications the person may open; for an NGO, its own, with what is due next."""
    rows = selectors.applications_visible_to(request.user).filter(historical=False)
    rows = rows.order_by("-updated_at")
    state = request.GET.get("state", "")
    if state in wf.PHASE:
        rows = rows.filter(state=state)
    call = request.GET.get("call", "")
    if call:
        rows = rows.filter(call__slug=call)
    waiting = request.GET.get("waiting", "")
    if waiting in selectors.WAITING:
        rows = selectors.applications_waiting(rows, waiting)
    organisations = access.user_organisations(request.user)
    due = Report.objects.filter(
        application__organisation__in=organisations, state__in=["due", "returned"]
    ).select_related("application")
    reviews = ReviewAssignment.objects.filter(reviewer=request.user.pk).select_related(
        "application", "application__organisation"
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    returned = [
        (a, state_changes_for(a).filter(to_state="returned").last())
        for a in Application.objects.of_organisations(organisations).filter(state="returned")[:20]
    ]
    return render(
        request,
        "grants/application_list.html",
        {
            "page": page,
            "returned": returned,
            "due": due[:20],
            "reviews": reviews,
            "state": state,
            "is_staff_view": request.user.has_perm("grants.view_all_applications"),
            "batch_form": forms.DeterminationForm()
            if request.user.has_perm("grants.determine_application")
            else None,
        },
    )


def _field_problems(facts: wf.ApplicationFacts, language: str) -> dict[str, str]:
    """What would stop a submission, keyed by the form field it concerns."""
    out: dict[str, str] = {}
    for rule, fieldname in (
        (wf.percentages_add_up, "countries" if facts.country_percentages not in (None, 100) else "sectors"),
        (wf.within_ceiling, "budget"),
        (wf.dates_in_order, "planned_end"),
    ):  # fmt: skip
        verdict = rule(facts)
        if not verdict.allowed:
            out[fieldname] = verdict.reason(language)
    for slug in facts.missing_fields:
        en, zh = wf.PARTS.get(slug, (slug, slug))
        field = "title_zh" if slug == "title" else "summary_zh" if slug == "summary" else slug
        out.setdefault(
            field, (f"Missing: {en}." if language.startswith("en") else f"尚未填寫：{zh}。")
        )
    return out


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible(request, pk)
    user = request.user
    if not selectors.can_read_content(user, application):
        own = application.reviews.filter(reviewer=user.pk).first()
        if own is None:
            raise Http404
        return redirect("grants:review", pk=own.pk)
    facts = selectors.application_facts(application)
    actor = services.actor_for(user, application)
    language = get_language() or "zh-hant"
    staff = user.has_perm("grants.view_all_applications")
    context: dict[str, Any] = {
        "application": application,
        "phase_label": application.staff_label if staff else application.public_label,
        "staff": staff,
        "is_applicant": actor.is_applicant,
        "actions": [
            (t, v, v.reason(language))
            for t, v in wf.available(actor, facts)
            if not t.via_determination
        ],
        "problems": _field_problems(facts, language)
        if actor.is_applicant and wf.PHASE[application.state].applicant_edits
        else {},
        "history": _history(application, staff),
        "attachment_form": forms.AttachmentForm(),
        "comment_form": forms.CommentForm(),
        "progress": selectors.indicator_progress(application),
        "reporting": application.state in implementation.REPORTING,
        "can_upload": any(
            files.may_upload(user, application, k) for k in ("proposal", "agreement", "report")
        ),
    }
    if staff or application.state in {"approved", "returned", "rejected"}:
        context["determinations"] = list(application.determinations.all())
    if staff:
        context["summary"] = selectors.appraisal_summary(application)
        reviewers = (
            get_user_model()
            .objects.filter(
                Q(groups__permissions__codename="review_application")
                | Q(user_permissions__codename="review_application")
            )
            .exclude(pk__in=application.reviews.values("reviewer"))
            .distinct()
        )
        context["assign_form"] = forms.AssignForm(reviewers=reviewers)
        context["can_determine"] = user.has_perm("grants.determine_application") and any(
            t.via_determination for t in wf.transitions_from(application.state)
        )
        context["determination_form"] = forms.DeterminationForm()
        context["visit_form"] = forms.VisitForm()
    if actor.is_applicant:
        context["amount_form"] = forms.AmountForm()
        context["report_form"] = forms.ReportForm()
    return render(request, "grants/application_detail.html", context)


def _history(application: Application, staff: bool) -> list[dict[str, Any]]:
    def label(slug: str) -> str:
        phase = wf.PHASE.get(slug)
        return str(phase.staff_label if staff else phase.public_label) if phase else slug

    return [
        {
            "at": c.created_at,
            "source": label(c.from_state),
            "target": label(c.to_state),
            "actor": c.actor if staff else None,
            "comment": c.comment,
        }
        for c in state_changes_for(application)
    ]


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible(request, pk)
    if not access.is_member(request.user, application.organisation):
        raise Http404
    if not wf.PHASE[application.state].applicant_edits:
        messages.error(request, gettext("The application cannot be edited in this phase."))
        return redirect("grants:application", pk=pk)
    language = get_language() or "zh-hant"
    conflict: list[str] = []
    conflict_diff = ""
    if request.method == "POST":
        form = forms.ApplicationForm(request.POST)
        if form.is_valid():
            try:
                services.application_save(
                    application=application,
                    draft=form.draft(),
                    version=form.cleaned_data["version"],
                    actor=request.user,
                )
            except services.EditConflict as exc:
                conflict = exc.changed
                form.add_error(None, exc.message(language))
                application.refresh_from_db()
                conflict_diff = (
                    reverse("grants:revisions", args=[pk])
                    + f"?from={form.cleaned_data['version']}&to={application.version}"
                )
            except InvalidInput as exc:
                form.add_error(
                    exc.field if exc.field in form.fields else None, exc.message(language)
                )
            else:
                messages.success(request, gettext("The draft is saved."))
                return redirect("grants:edit", pk=pk)
    else:
        draft = selectors.application_draft(application)
        form = forms.ApplicationForm(
            initial=forms.ApplicationForm.initial_from(draft, application.version)
        )
    facts = selectors.application_facts(application)
    return render(
        request,
        "grants/application_form.html",
        {
            "application": application,
            "form": form,
            "conflict": conflict,
            "conflict_diff": conflict_diff,
            "current": selectors.application_draft(application) if conflict else None,
            "problems": _field_problems(facts, language),
        },
    )


@action
def transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    application = _visible(request, pk)
    services.application_transition(
        application=application,
        name=name,
        actor=request.user,
        comment=request.POST.get("comment", ""),
    )
    messages.success(request, gettext("Done."))
    return redirect("grants:application", pk=pk)


@action
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible(request, pk)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect("grants:application", pk=pk)
    files.attachment_add(
        application=application,
        kind=form.cleaned_data["kind"],
        upload=form.cleaned_data["file"],
        actor=request.user,
    )
    messages.success(request, gettext("The file is attached."))
    return redirect("grants:application", pk=pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment, pk=pk)
    _readable(request, attachment.application_id)
    path = files.attachment_path(attachment)
    if not path.exists():
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


# ---- Appraisal ------------------------------------------------------------------------------


@action
def reviewer_assign(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible(request, pk)
    reviewer = get_user_model().objects.filter(pk=request.POST.get("reviewer") or 0).first()
    if reviewer is None:
        raise InvalidInput("Choose a reviewer.", "請選擇審查委員。", field="reviewer")
    appraisal.review_assign(application=application, reviewer=reviewer, actor=request.user)
    messages.success(request, gettext("The reviewer is assigned."))
    return redirect("grants:application", pk=pk)


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer's page: the declaration first; the application and the scores only after."""
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related(
            "application", "application__call", "application__organisation"
        ),
        pk=pk,
        reviewer=request.user.pk,
    )
    application = assignment.application
    summary = selectors.appraisal_summary(application)
    language = get_language() or "zh-hant"
    declaration_form = (
        forms.DeclarationForm(request.POST or None) if not assignment.declaration else None
    )
    score_form = None
    if assignment.declaration == Declaration.NO_CONFLICT and not assignment.submitted_at:
        score_form = forms.ScoreForm(
            request.POST if "scores" in request.POST else None, criteria=summary.criteria
        )
    if request.method == "POST":
        try:
            if declaration_form is not None and declaration_form.is_valid():
                appraisal.review_declare(
                    assignment=assignment,
                    actor=request.user,
                    conflict=declaration_form.cleaned_data["conflict"],
                    note=declaration_form.cleaned_data["note"],
                )
                return redirect("grants:review", pk=pk)
            if score_form is not None and score_form.is_valid():
                appraisal.review_submit(
                    assignment=assignment,
                    actor=request.user,
                    scores=score_form.scores(),
                    comment=score_form.cleaned_data["comment"],
                )
                messages.success(request, gettext("Your review is sent."))
                return redirect("grants:review", pk=pk)
        except PartnerHubError as exc:
            messages.error(request, exc.message(language))
    return render(
        request,
        "grants/review.html",
        {
            "assignment": assignment,
            "application": application,
            "declaration_form": declaration_form,
            "score_form": score_form,
            "scores": assignment.scores.all(),
        },
    )


@action
def determination(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible(request, pk)
    form = forms.DeterminationForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(
            "Give a decision and the reasons.", "請選擇決定並說明理由。", field="reasons"
        )
    appraisal.determination_record(
        application=application,
        decision=form.cleaned_data["decision"],
        reasons=form.cleaned_data["reasons"],
        actor=request.user,
    )
    messages.success(request, gettext("The determination is recorded and the applicant is told."))
    return redirect("grants:application", pk=pk)


@login_required
@require_POST
def determination_batch(request: HttpRequest) -> HttpResponse:
    """One decision, with one set of reasons, for the applications ticked on the list."""
    back = reverse("grants:applications") + "?state=feasibility-appraisal"
    form = forms.DeterminationForm(request.POST)
    pks = [int(v) for v in request.POST.getlist("applications") if v.isdigit()]
    visible = selectors.applications_visible_to(request.user).filter(pk__in=pks)
    chosen = list(
        visible.select_related("call", "organisation", "created_by").order_by("reference")
    )
    language = get_language()
    try:
        if not form.is_valid():
            raise InvalidInput(
                "Give a decision and the reasons.", "請選擇決定並說明理由。", field="reasons"
            )
        done = appraisal.determinations_record_batch(
            applications=chosen,
            decision=form.cleaned_data["decision"],
            reasons=form.cleaned_data["reasons"],
            actor=request.user,
        )
    except appraisal.BatchRefused as exc:
        messages.error(request, exc.message(language))
        for application, why in exc.refusals:
            messages.error(request, f"{application.reference}: {why.message(language)}")
        return redirect(back)
    except PartnerHubError as exc:
        messages.error(request, exc.message(language))
        return redirect(back)
    messages.success(
        request,
        ngettext(
            "The determination is recorded for %(n)d application and its applicant is told.",
            "The determination is recorded for %(n)d applications and their applicants are told.",
            len(done),
        )
        % {"n": len(done)},
    )
    return redirect(back)


def _version(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise InvalidInput(
            f"'{name}' must be a version number.", f"「{name}」必須是版本號碼。", field=name
        )
    return int(raw)


@login_required
def revisions(request: HttpRequest, pk: int) -> HttpResponse:
    """Every saved version of the form, and what changed between two of them, line by line."""
    application = _readable(request, pk)
    try:
        comparison = revisions_compare(
            application, older=_version(request, "from"), newer=_version(request, "to")
        )
    except PartnerHubError as exc:
        messages.error(request, exc.message(get_language()))
        return redirect("grants:revisions", pk=pk)
    labels = forms.ApplicationForm.base_fields
    return render(
        request,
        "grants/revisions.html",
        {
            "application": application,
            "comparison": comparison,
            "fields": [(labels[f.name].label, f) for f in comparison.fields],
            "versions": list(application.revisions.select_related("saved_by").order_by("-version")),
        },
    )


@login_required
def letter(request: HttpRequest, pk: int, determination_pk: int) -> HttpResponse:
    application = _readable(request, pk)
    row = get_object_or_404(Determination, pk=determination_pk, application=application)
    text = appraisal.determination_letter(application, row)
    return render(request, "grants/letter.html", {"application": application, "letter": text})


# ---- Implementation -------------------------------------------------------------------------


@action
def tranche_request(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible(request, pk)
    form = forms.AmountForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Give an amount.", "請填寫金額。", field="amount")
    implementation.tranche_request(
        application=application, amount=form.cleaned_data["amount"], actor=request.user
    )
    return redirect("grants:application", pk=pk)


@action
def tranche_decide(request: HttpRequest, pk: int, tranche_pk: int) -> HttpResponse:
    application = _visible(request, pk)
    tranche = get_object_or_404(Tranche, pk=tranche_pk, application=application)
    if request.POST.get("step") == "pay":
        implementation.tranche_pay(tranche=tranche, actor=request.user)
    else:
        implementation.tranche_officer_approve(tranche=tranche, actor=request.user)
    return redirect("grants:application", pk=pk)


@action
def report_submit(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    application = _visible(request, pk)
    report = get_object_or_404(Report, pk=report_pk, application=application)
    implementation.report_submit(
        report=report, body=request.POST.get("body", ""), actor=request.user
    )
    return redirect("grants:application", pk=pk)


@action
def report_review(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    application = _visible(request, pk)
    report = get_object_or_404(Report, pk=report_pk, application=application)
    implementation.report_review(
        report=report, accept=request.POST.get("accept") == "yes", actor=request.user
    )
    return redirect("grants:application", pk=pk)


@action
def actual_save(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible(request, pk)
    form = forms.ActualForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Give a date and a value.", "請填寫日期與數值。", field="value")
    indicator = get_object_or_404(application.indicators, pk=form.cleaned_data["indicator"])
    row = implementation.actual_save(
        indicator=indicator,
        period_end=form.cleaned_data["period_end"],
        value=form.cleaned_data["value"],
        actor=request.user,
    )
    if request.POST.get("submit") == "yes":
        implementation.actual_submit(actual=row, actor=request.user)
    return redirect("grants:application", pk=pk)


@action
def actual_review(request: HttpRequest, pk: int, actual_pk: int) -> HttpResponse:
    application = _visible(request, pk)
    actual = get_object_or_404(IndicatorActual, pk=actual_pk, indicator__application=application)
    implementation.actual_review(
        actual=actual,
        approve=request.POST.get("approve") == "yes",
        actor=request.user,
        comment=request.POST.get("comment", ""),
    )
    return redirect("grants:application", pk=pk)


@action
def visit_record(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible(request, pk)
    form = forms.VisitForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(
            "Give the date and the findings.", "請填寫日期與發現。", field="findings"
        )
    implementation.visit_record(application=application, actor=request.user, **form.cleaned_data)
    return redirect("grants:application", pk=pk)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("grants.view_all_applications"):
        raise Http404
    from partnerhub.grants.dashboard import officer_dashboard

    return render(request, "grants/dashboard.html", {"board": officer_dashboard()})


@action
def budget_spent(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    application = _visible(request, pk)
    line = get_object_or_404(application.budget, pk=line_pk)
    form = forms.AmountForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Give the amount spent.", "請填寫已支出金額。", field="amount")
    implementation.budget_spent_record(
        line=line, spent=form.cleaned_data["amount"], actor=request.user
    )
    return redirect("grants:application", pk=pk)


@login_required
def call_new(request: HttpRequest) -> HttpResponse:
    """Publish a call (grants administrators)."""
    if not request.user.has_perm("grants.manage_call"):
        raise Http404
    form = forms.CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("weight-")}
        try:
            call = services.call_create(**data, criteria=form.criteria(), actor=request.user)
        except InvalidInput as exc:
            form.add_error(
                exc.field if exc.field in form.fields else None, exc.message(get_language())
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("grants:call", slug=call.slug)
    return render(request, "grants/call_form.html", {"form": form})
