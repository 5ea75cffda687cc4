"""Uploaded IATI files: stored on disk and imported in a background thread.

The web process stays responsive while a large file imports: the request only streams the file
to disk and starts a thread; the dataset page polls the progress kept here. Progress is held per
process, which is what a single-process deployment (and the development server) needs; the
dataset row itself always tells the final state. ``PARTNERHUB_IATI_IMPORT_INLINE`` runs the
import inside the request instead (tests, or deployments that forbid threads).
"""

from __future__ import annotations

import shutil
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.db import close_old_connections, connection
from django.utils.text import get_valid_filename

from partnerhub.core.exceptions import InvalidInput
from partnerhub.iati.importer import dataset_import, dataset_record_crash
from partnerhub.iati.models import Dataset


@dataclass
class Progress:
    bytes_done: int = 0
    bytes_total: int = 0
    activities: int = 0
    state: str = "pending"


_PROGRESS: dict[int, Progress] = {}
_LOCK = threading.Lock()


def progress_of(dataset_id: int) -> Progress | None:
    with _LOCK:
        return _PROGRESS.get(dataset_id)


def _set(dataset_id: int, **fields: object) -> None:
    with _LOCK:
        current = _PROGRESS.setdefault(dataset_id, Progress())
        for key, value in fields.items():
            setattr(current, key, value)


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


def dataset_upload(*, upload: UploadedFile[bytes]) -> Dataset:
    """Store an uploaded file and start importing it; returns the dataset to watch."""
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
    dataset, _created = Dataset.objects.get_or_create(name=name)
    _set(dataset.pk, state="pending", bytes_total=size, bytes_done=0, activities=0)
    if getattr(settings, "PARTNERHUB_IATI_IMPORT_INLINE", False):
        run_import(dataset.pk, target, name, thread=False)
    else:
        threading.Thread(target=run_import, args=(dataset.pk, target, name), daemon=True).start()
    return dataset


def run_import(dataset_id: int, path: Path, name: str, *, thread: bool = True) -> None:
    """Import ``path`` as dataset ``name``; the outermost loop of a background import.

    A thread has its own database connection, opened here and closed when it is done.
    """
    if thread:
        close_old_connections()
    _set(dataset_id, state="running")

    def report(done: int, total: int, activities: int) -> None:
        _set(dataset_id, bytes_done=done, bytes_total=total, activities=activities)

    try:
        result = dataset_import(path=path, name=name, progress=report)
        _set(dataset_id, state=result.status)
    except Exception as exc:  # noqa: BLE001 - outermost loop of the thread: record, never lose it
        dataset = Dataset.objects.filter(pk=dataset_id).first()
        if dataset is not None:
            dataset_record_crash(dataset=dataset, detail=f"{type(exc).__name__}: {exc}")
        _set(dataset_id, state="failed")
    finally:
        path.unlink(missing_ok=True)
        if thread:
            connection.close()
