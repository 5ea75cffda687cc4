"""IATI imports as background jobs: uploaded files, and files queued by ``iati_import --background``.

An upload's dataset is ``<the file's reporting-org ref>/<dataset name>`` (the name the uploader
chose, else the file's name), so two publishers' ``activities.xml`` never replace each other; an
upload that would replace an imported dataset, or rename one (the same bytes under another name),
waits on disk until the uploader confirms (:func:`upload_receive`, :func:`upload_confirm`).
The request only streams the file to disk and queues a ``core.Job`` (kind ``iati.import``, keyed by
the dataset's name, so one file never imports twice at once); a worker runs
:func:`dataset_import_run` through the ``dataset_import_job`` task (``iati/tasks.py``). The import
and the job's outcome commit in one transaction: a worker killed in the middle leaves the registry
and the dataset as they were, and the job, without its heartbeat, shows as interrupted and can be
retried from the dataset's page. ``PARTNERHUB_IATI_IMPORT_INLINE`` runs the job inside the request
instead (tests, or a deployment without workers).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from lxml import etree

from partnerhub.core.exceptions import InvalidInput, PartnerHubError
from partnerhub.core.jobs import job_create, job_enqueue, job_fail, job_finish, job_progress
from partnerhub.core.models import Job
from partnerhub.iati.importer import (
    ImportResult,
    dataset_import,
    dataset_record_crash,
    dataset_rename,
    file_sha256,
)
from partnerhub.iati.models import Dataset, DatasetStatus, ImportProblem
from partnerhub.iati.xmlsafe import hardened_iterparse

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


#: Stored uploads are named ``<32 hex digits>-<safe file name>``; nothing else is accepted back.
_TOKEN = re.compile(r"^[0-9a-f]{32}-[A-Za-z0-9._-]{1,200}$")
UNKNOWN_PUBLISHER = "unknown-publisher"


@dataclass(frozen=True)
class ReceivedUpload:
    """An uploaded file stored on disk, and what importing it would do to the registry."""

    token: str
    dataset_name: str
    #: The dataset's identity: ``<the file's reporting-org ref>/<dataset name>``.
    name: str
    #: An imported dataset with this identity, which the upload would replace.
    replaces: Dataset | None = None
    #: An imported dataset under another identity holding exactly these bytes (a rename).
    renames: Dataset | None = None

    @property
    def path(self) -> Path:
        return upload_dir() / self.token

    @property
    def needs_confirmation(self) -> bool:
        return self.replaces is not None or self.renames is not None


def upload_dataset_name(*, file_name: str, dataset_name: str = "") -> str:
    """The uploader's dataset name, else the uploaded file's name, made safe for a path part."""
    chosen = dataset_name.strip() or Path(file_name or "upload.xml").name
    return (get_valid_filename(chosen.replace("/", "-")) or "upload.xml")[:150]


#: An upload nobody confirmed or cancelled for this long is abandoned.
ABANDONED_AFTER = dt.timedelta(hours=24)


def uploads_abandoned_sweep(*, now: dt.datetime | None = None) -> int:
    """Delete stored uploads that no import job names and that have waited for confirmation
    longer than :data:`ABANDONED_AFTER` (the uploader left the confirmation page). A file that a
    job names, even a failed one that may be retried, stays. Returns how many were deleted."""
    directory = upload_dir()
    cutoff = (now or timezone.now()).timestamp() - ABANDONED_AFTER.total_seconds()
    old = [
        p
        for p in directory.iterdir()
        if p.is_file() and _TOKEN.match(p.name) and p.stat().st_mtime < cutoff
    ]
    if not old:
        return 0
    named = {
        str(arguments.get("path", ""))
        for arguments in Job.objects.filter(kind=JOB_KIND).values_list("arguments", flat=True)
        if isinstance(arguments, dict)
    }
    removed = 0
    for path in old:
        if str(path) not in named:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def upload_receive(*, upload: UploadedFile[bytes], dataset_name: str = "") -> ReceivedUpload:
    """Store an uploaded file and say which dataset it would become (nothing is queued yet).

    A dataset is its publisher and name: the publisher is the file's own ``reporting-org/@ref``,
    so two publishers' ``activities.xml`` are two datasets, and the name is the one the uploader
    chose, else the file's name.
    """
    size = upload.size or 0
    if size > max_upload_bytes():
        raise too_large(size)
    uploads_abandoned_sweep()
    file_name = get_valid_filename(Path(upload.name or "upload.xml").name) or "upload.xml"
    token = f"{uuid.uuid4().hex}-{file_name[-200:]}"
    target = upload_dir() / token
    if isinstance(upload, TemporaryUploadedFile):
        # Already streamed to disk by Django's upload handler; move it rather than copy.
        shutil.move(upload.temporary_file_path(), target)
    else:
        with target.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
    return upload_pending(
        token=token,
        dataset_name=upload_dataset_name(file_name=file_name, dataset_name=dataset_name),
    )


def upload_pending(*, token: str, dataset_name: str) -> ReceivedUpload:
    """A stored upload again, for its confirmation; refused unless it is one of ours."""
    path = upload_dir() / token
    if not _TOKEN.match(token) or not path.is_file():
        raise InvalidInput(
            "That upload is no longer waiting for confirmation; upload the file again.",
            "此上傳已不在等待確認；請重新上傳檔案。",
            field="file",
        )
    dataset_name = upload_dataset_name(file_name=token[33:], dataset_name=dataset_name)
    publisher = file_publisher(path) or UNKNOWN_PUBLISHER
    name = f"{publisher}/{dataset_name}"
    done = (DatasetStatus.IMPORTED, DatasetStatus.FAILED, DatasetStatus.SKIPPED)
    replaces = Dataset.objects.filter(name=name, status__in=done).first()
    renames = None
    if replaces is None and not Dataset.objects.filter(name=name).exists():
        renames = (
            Dataset.objects.filter(sha256=file_sha256(path), status=DatasetStatus.IMPORTED)
            .exclude(name=name)
            .order_by("-finished_at", "-id")
            .first()
        )
    return ReceivedUpload(
        token=token, dataset_name=dataset_name, name=name, replaces=replaces, renames=renames
    )


def upload_confirm(*, received: ReceivedUpload, user: Any = None) -> Dataset:
    """Queue the import of a received upload (renaming first when it is a known file's bytes)."""
    try:
        if received.renames is not None:
            dataset_rename(dataset=received.renames, name=received.name)
        return dataset_import_enqueue(
            path=received.path, name=received.name, user=user, delete_after=True
        )
    except PartnerHubError:
        received.path.unlink(missing_ok=True)
        raise


def upload_discard(*, token: str) -> None:
    """Forget a stored upload the uploader chose not to import."""
    if _TOKEN.match(token):
        (upload_dir() / token).unlink(missing_ok=True)


def dataset_upload(
    *, upload: UploadedFile[bytes], user: Any = None, dataset_name: str = ""
) -> Dataset:
    """Store an uploaded file and queue its import at once, replacing or renaming as needed."""
    return upload_confirm(
        received=upload_receive(upload=upload, dataset_name=dataset_name), user=user
    )


def file_publisher(path: Path) -> str:
    """The first ``reporting-org/@ref`` of an IATI file, read from its start only (hardened)."""
    try:
        context = hardened_iterparse(path, events=("end",))
        for _event, element in context:
            tag = element.tag if isinstance(element.tag, str) else ""
            if tag == "reporting-org":
                ref = (element.get("ref") or "").strip().replace("/", "-")
                return ref[:100]
            if tag == "iati-activity":
                return ""  # the first activity names no publisher
    except (etree.XMLSyntaxError, OSError):
        return ""  # the import itself reports what is wrong with the file
    return ""


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
