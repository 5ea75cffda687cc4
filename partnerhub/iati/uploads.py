"""IATI imports as background jobs: uploaded files, and files queued by ``iati_import --background``.

The request only streams the file to disk and queues a ``core.Job`` (kind ``iati.import``, keyed by
the dataset's name, so one file never imports twice at once); a worker runs
:func:`dataset_import_run` through the ``dataset_import_job`` task (``iati/tasks.py``). The import
and the job's outcome commit in one transaction: a worker killed in the middle leaves the registry
and the dataset as they were, and the job, without its heartbeat, shows as interrupted and can be
retried from the dataset's page. ``PARTNERHUB_IATI_IMPORT_INLINE`` runs the job inside the request
instead (tests, or a deployment without workers).
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.text import get_valid_filename

from partnerhub.core.exceptions import InvalidInput, PartnerHubError
from partnerhub.core.jobs import job_create, job_enqueue, job_fail, job_finish, job_progress
from partnerhub.core.models import Job
from partnerhub.iati.importer import ImportResult, dataset_import, dataset_record_crash
from partnerhub.iati.models import Dataset, DatasetStatus, ImportProblem

JOB_KIND = "iati.import"
TASK = "partnerhub.iati.tasks.dataset_import_job"


def upload_dir() -> Path:
    path = Path(settings.PARTNERHUB_VAR) / "iati-uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def max_upload_bytes() -> int:
    return int(settings.PARTNERHUB_MAX_UPLOAD_BYTES)


def too_large(size: int) -> InvalidInput:
    limit = max_upload_bytes()
    return InvalidInput(
        f"The file is {size} bytes; the limit is {limit} bytes.",
        f"檔案大小為 {size} 位元組，超過上限 {limit} 位元組。",
        field="file",
    )


def dataset_upload(*, upload: UploadedFile[bytes], user: Any = None) -> Dataset:
    """Store an uploaded file and queue its import; returns the dataset whose page shows it."""
    size = upload.size or 0
    if size > max_upload_bytes():
        raise too_large(size)
    name = get_valid_filename(Path(upload.name or "upload.xml").name) or "upload.xml"
    target = upload_dir() / f"{uuid.uuid4().hex}-{name}"
    if isinstance(upload, TemporaryUploadedFile):
        # Already streamed to disk by Django's upload handler; move it rather than copy.
        shutil.move(upload.temporary_file_path(), target)
    else:
        with target.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
    try:
        return dataset_import_enqueue(path=target, name=name, user=user, delete_after=True)
    except PartnerHubError:
        target.unlink(missing_ok=True)
        raise


def dataset_import_enqueue(
    *, path: Path, name: str, user: Any = None, force: bool = False, delete_after: bool = False
) -> Dataset:
    """Queue the import of ``path`` as dataset ``name``; refused while that dataset imports."""
    with transaction.atomic():
        dataset, _created = Dataset.objects.get_or_create(name=name)
        job = job_create(
            kind=JOB_KIND,
            key=name,
            task=TASK,
            arguments={
                "path": str(path),
                "name": name,
                "dataset_id": dataset.pk,
                "force": force,
                "delete_after": delete_after,
            },
            total=path.stat().st_size,
            created_by=user,
        )
    if getattr(settings, "PARTNERHUB_IATI_IMPORT_INLINE", False):
        from partnerhub.iati.tasks import dataset_import_job

        dataset_import_job.call(job_id=job.pk)
    else:
        # After the commit, so a worker on another connection always finds the job's row.
        transaction.on_commit(lambda: job_enqueue(job=job))
    return dataset


def dataset_job(dataset: Dataset) -> Job | None:
    """The latest import job of ``dataset``, if it was ever imported as a job."""
    return (
        Job.objects.filter(kind=JOB_KIND, key=dataset.name).order_by("-created_at", "-id").first()
    )


def dataset_import_run(job: Job) -> None:
    """Run one import job: the outermost loop of a worker's import, which records what stops it."""
    args = job.arguments
    path = Path(args["path"])
    if not path.is_file():
        job_fail(
            job=job,
            error_en=f"The file to import, {path.name}, is no longer there; upload it again.",
            error_zh=f"要匯入的檔案 {path.name} 已不存在；請重新上傳。",
        )
        return

    def report(done: int, total: int, activities: int) -> None:
        job_progress(job_id=job.pk, done=done, total=total, counts={"activities": activities})

    try:
        # The import and the job's outcome commit together, or (killed, crashed) not at all.
        with transaction.atomic():
            dataset = Dataset.objects.filter(pk=args["dataset_id"]).first()
            result = dataset_import(
                path=path,
                name=args["name"],
                force=bool(args.get("force")),
                progress=report,
                dataset=dataset,
            )
            _record(job, result)
    except Exception as exc:  # noqa: BLE001 - outermost loop of the task: record it, never lose it
        _record_crash(job, exc)
        return
    if args.get("delete_after") and job.state == Job.State.SUCCEEDED:
        path.unlink(missing_ok=True)


def _record(job: Job, result: ImportResult) -> None:
    counts: dict[str, Any] = {
        "status": result.status,
        "activities": result.activities,
        "problems": result.problems,
        "version": result.version,
        "seconds": round(result.seconds, 3),
    }
    url = reverse("iati:dataset", args=[result.dataset_id]) if result.dataset_id else ""
    if result.status == DatasetStatus.FAILED and result.dataset_id is not None:
        problem = (
            ImportProblem.objects.filter(dataset_id=result.dataset_id, code="import-failed")
            .order_by("-id")
            .first()
        )
        job_fail(
            job=job,
            error_en=problem.message_en if problem else result.error,
            error_zh=problem.message_zh if problem else result.error,
            counts=counts,
        )
        return
    if result.status == DatasetStatus.FAILED:
        job_fail(job=job, error_en=result.error, error_zh=result.error, counts=counts)
        return
    job_finish(job=job, counts=counts, result_url=url)


def _record_crash(job: Job, exc: Exception) -> None:
    detail = f"{type(exc).__name__}: {exc}"
    with transaction.atomic():
        dataset = Dataset.objects.filter(pk=job.arguments.get("dataset_id")).first()
        if dataset is not None:
            dataset_record_crash(dataset=dataset, detail=detail)
        job_fail(
            job=job,
            error_en=f"The import stopped on an unexpected error: {detail}",
            error_zh=f"匯入因非預期的錯誤而中止：{detail}",
        )
