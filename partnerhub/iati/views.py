"""IATI pages: dataset upload, list and detail for data administrators; the public export download."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerhub.core.exceptions import PartnerHubError
from partnerhub.core.jobs import job_retry, job_view
from partnerhub.core.lists import error_envelope
from partnerhub.iati.exporter import activities_export_chunks
from partnerhub.iati.filters import filtered_activities
from partnerhub.iati.models import Dataset
from partnerhub.iati.uploads import (
    dataset_job,
    max_upload_bytes,
    too_large,
    upload_confirm,
    upload_discard,
    upload_pending,
    upload_receive,
)

PROBLEMS_SHOWN = 500


class UploadForm(forms.Form):
    file = forms.FileField(label=_("IATI activity file (XML)"))
    dataset_name = forms.CharField(
        label=_("Dataset name"),
        required=False,
        max_length=150,
        help_text=_(
            "Optional; the file's name when left empty. With the file's publisher (its "
            "reporting-org) it names the dataset: a later upload of the same publisher under the "
            "same name replaces it, after you confirm."
        ),
    )


class ConfirmForm(forms.Form):
    pending = forms.CharField(max_length=300)
    dataset_name = forms.CharField(max_length=150, required=False)


def _error(request: HttpRequest, exc: PartnerHubError) -> HttpResponse:
    body = error_envelope(exc, get_language())
    return JsonResponse(body, status=exc.status, json_dumps_params={"ensure_ascii": False})


@staff_member_required
@permission_required("iati.add_dataset", raise_exception=True)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Upload form; the file streams to disk and imports in the background."""
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if request.method == "POST" and length > max_upload_bytes() + 64 * 1024:
        exc = too_large(length)
        return render(
            request,
            "iati/upload.html",
            {"form": UploadForm(), "error": exc.message(get_language())},
            status=413,
        )
    if request.method == "POST" and "pending" in request.POST:
        return _upload_confirm(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            received = upload_receive(
                upload=form.cleaned_data["file"], dataset_name=form.cleaned_data["dataset_name"]
            )
            if received.needs_confirmation:
                return render(request, "iati/upload_confirm.html", {"received": received})
            dataset = upload_confirm(received=received, user=request.user)
        except PartnerHubError as exc:
            return render(
                request,
                "iati/upload.html",
                {"form": form, "error": exc.message(get_language())},
                status=exc.status,
            )
        return redirect("iati:dataset", pk=dataset.pk)
    return render(request, "iati/upload.html", {"form": form, "limit": max_upload_bytes()})


def _upload_confirm(request: HttpRequest) -> HttpResponse:
    """The second step of an upload that replaces or renames a dataset: go on, or drop the file."""
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return redirect("iati:upload")
    token, dataset_name = form.cleaned_data["pending"], form.cleaned_data["dataset_name"]
    if "cancel" in request.POST:
        upload_discard(token=token)
        messages.info(request, _("The upload was dropped; nothing was imported."))
        return redirect("iati:upload")
    try:
        received = upload_pending(token=token, dataset_name=dataset_name)
        old_name = received.renames.name if received.renames is not None else ""
        dataset = upload_confirm(received=received, user=request.user)
    except PartnerHubError as exc:
        return render(
            request,
            "iati/upload.html",
            {"form": UploadForm(), "error": exc.message(get_language())},
            status=exc.status,
        )
    if old_name:
        messages.info(
            request,
            _("Dataset %(old)s is now %(new)s; its activities are kept.")
            % {"old": old_name, "new": dataset.name},
        )
    return redirect("iati:dataset", pk=dataset.pk)


@staff_member_required
@permission_required("iati.view_dataset", raise_exception=True)
@require_GET
def dataset_list(request: HttpRequest, fmt: str = "") -> HttpResponse:
    datasets = Dataset.objects.order_by("-created_at", "-id")[:1000]
    if fmt == "json":
        return JsonResponse(
            {"results": [_dataset_data(d) for d in datasets]},
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "iati/dataset_list.html", {"datasets": datasets})


@staff_member_required
@permission_required("iati.view_dataset", raise_exception=True)
@require_GET
def dataset_detail(request: HttpRequest, pk: int, fmt: str = "") -> HttpResponse:
    dataset = get_object_or_404(Dataset, pk=pk)
    problems = list(dataset.problems.all()[:PROBLEMS_SHOWN])
    job = dataset_job(dataset)
    view = job_view(job) if job is not None else None
    running = view is not None and view.active
    if fmt == "json":
        data = _dataset_data(dataset)
        data["running"] = running
        data["job"] = _job_data(view) if view is not None else None
        data["problems"] = [
            {
                "line": p.line,
                "xpath": p.xpath,
                "code": p.code,
                "severity": p.severity,
                "message_en": p.message_en,
                "message_zh": p.message_zh,
            }
            for p in problems
        ]
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    context: dict[str, Any] = {
        "dataset": dataset,
        "problems": problems,
        "job": view,
        "job_error": view.error_en
        if view and get_language() == "en"
        else view.error_zh
        if view
        else "",
        "running": running,
        "shown": PROBLEMS_SHOWN,
    }
    return render(request, "iati/dataset_detail.html", context)


def _job_data(view: Any) -> dict[str, Any]:
    data: dict[str, Any] = view.as_json()
    data["state_label"] = str(JOB_STATES.get(view.state, view.state))
    data["error"] = view.error_en if get_language() == "en" else view.error_zh
    return data


JOB_STATES = {
    "queued": _("Waiting for a worker"),
    "running": _("Importing"),
    "succeeded": _("Import finished"),
    "failed": _("Import failed"),
    "interrupted": _("Import interrupted"),
}


@staff_member_required
@permission_required("iati.add_dataset", raise_exception=True)
@require_POST
def dataset_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed or interrupted import of this dataset again."""
    dataset = get_object_or_404(Dataset, pk=pk)
    job = dataset_job(dataset)
    if job is not None:
        try:
            job_retry(job=job)
        except PartnerHubError as exc:
            messages.error(request, exc.message(get_language()))
    return redirect("iati:dataset", pk=dataset.pk)


def _dataset_data(d: Dataset) -> dict[str, Any]:
    return {
        "id": d.pk,
        "name": d.name,
        "sha256": d.sha256,
        "size_bytes": d.size_bytes,
        "version": d.version,
        "publisher": d.publisher,
        "status": d.status,
        "activity_count": d.activity_count,
        "problem_count": d.problem_count,
        "started_at": d.started_at.isoformat() if d.started_at else None,
        "finished_at": d.finished_at.isoformat() if d.finished_at else None,
        "error": d.error,
    }


@require_GET
def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Activities matching the list's filters as a streamed IATI 2.03 file."""
    try:
        activities = filtered_activities(request.GET.dict())
    except PartnerHubError as exc:
        return _error(request, exc)
    response = StreamingHttpResponse(
        activities_export_chunks(activities), content_type="application/xml; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="partnerhub-iati-activities.xml"'
    return response
