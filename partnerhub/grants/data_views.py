"""Pages that move data in and out: the budget/indicator workbook, exports and the dossier."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from partnerhub.core.exceptions import PartnerHubError
from partnerhub.grants import access, selectors, services, spreadsheets
from partnerhub.grants.dossier import dossier_zip
from partnerhub.grants.models import Application
from partnerhub.grants.records import BudgetLineRecord, IndicatorRecord

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _editable(request: HttpRequest, pk: int) -> Application:
    application = selectors.applications_visible_to(request.user).filter(pk=pk).first()
    if application is None or not access.is_member(request.user, application.organisation):
        raise Http404
    return application


def _session_key(pk: int) -> str:
    return f"grants-workbook-{pk}"


@login_required
def workbook(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the template with the current rows. POST: a filled workbook, shown as a preview."""
    application = _editable(request, pk)
    if request.method != "POST":
        response = HttpResponse(spreadsheets.template_workbook(application), content_type=XLSX)
        name = f"{application.reference}-budget-indicators.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, gettext("Choose a workbook to upload."))
        return redirect("grants:edit", pk=pk)
    preview = spreadsheets.read_workbook(io.BytesIO(upload.read()))
    if not preview.problems:
        request.session[_session_key(pk)] = {
            "version": application.version,
            "budget": [[b.item, str(b.amount), b.currency] for b in preview.budget],
            "indicators": [
                [i.level, i.result, i.indicator, i.unit, str(i.baseline), str(i.target),
                 i.means_of_verification]
                for i in preview.indicators
            ],
        }  # fmt: skip
    language = get_language()
    return render(
        request,
        "grants/workbook_preview.html",
        {
            "application": application,
            "preview": preview,
            "problems": [(p.sheet, p.cell, p.message(language)) for p in preview.problems],
        },
    )


@login_required
@require_POST
def workbook_commit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _editable(request, pk)
    pending: dict[str, Any] | None = request.session.pop(_session_key(pk), None)
    if request.POST.get("cancel") or pending is None:
        messages.info(request, gettext("Nothing was changed."))
        return redirect("grants:edit", pk=pk)
    draft = selectors.application_draft(application)
    draft.budget = [BudgetLineRecord(i, Decimal(a), c) for i, a, c in pending["budget"]]
    draft.indicators = [
        IndicatorRecord(lv, r, ind, u, Decimal(b), Decimal(t), m)
        for lv, r, ind, u, b, t, m in pending["indicators"]
    ]
    try:
        services.application_save(
            application=application, draft=draft, version=pending["version"], actor=request.user
        )
    except PartnerHubError as exc:
        messages.error(request, exc.message(get_language()))
    else:
        messages.success(request, gettext("The budget lines and indicators are saved."))
    return redirect("grants:edit", pk=pk)


def _call_export(request: HttpRequest, slug: str) -> list[list[str]]:
    if not request.user.has_perm("grants.view_all_applications"):
        raise Http404
    rows = list(
        Application.objects.filter(call__slug=slug)
        .exclude(state="draft")
        .select_related("organisation", "activity", "call")
        .prefetch_related("budget")
        .order_by("reference")
    )
    scores = {a.pk: selectors.appraisal_summary(a).mean_weighted for a in rows}
    return spreadsheets.export_rows(rows, scores)


@login_required
def call_export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    response = HttpResponse(
        spreadsheets.export_csv(_call_export(request, slug)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}-applications.csv"'
    return response


@login_required
def call_export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    response = HttpResponse(
        spreadsheets.export_xlsx(_call_export(request, slug)), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}-applications.xlsx"'
    return response


@login_required
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("grants.view_all_applications"):
        raise Http404
    application = selectors.application_page(pk)
    response = HttpResponse(dossier_zip(application), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{application.reference}-dossier.zip"'
    return response
