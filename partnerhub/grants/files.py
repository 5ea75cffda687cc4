"""Attachments: the type is read from the bytes, the size is limited, the name on disk is random.

A PDF starts with ``%PDF-``; DOCX and XLSX are ZIP files holding ``word/document.xml`` or
``xl/workbook.xml``. A file whose name promises one type and whose bytes hold another is refused,
and so is anything else. Files live under ``MEDIA_ROOT/grants`` and are served only through a view
that checks who asks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import zipfile
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from partnerhub.core.audit import audit_record
from partnerhub.core.exceptions import InvalidInput, PermissionDenied
from partnerhub.grants import access
from partnerhub.grants import workflow as wf
from partnerhub.grants.models import Application, Attachment, AttachmentKind

TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: Kinds an officer uploads; every other kind is the applicant's.
OFFICER_KINDS = {AttachmentKind.AGREEMENT}


def storage_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "grants"


def sniff(head: bytes, stream: IO[bytes]) -> str | None:
    """``pdf``, ``docx`` or ``xlsx`` from the file's bytes, or None for anything else."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        stream.seek(0)
        try:
            names = set(zipfile.ZipFile(stream).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def _check(upload: Any) -> str:
    name = upload.name or ""
    limit = settings.PARTNERHUB_GRANTS_MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise InvalidInput(
            f"{name} is larger than {limit // (1024 * 1024)} MB.",
            f"{name} 超過 {limit // (1024 * 1024)} MB 的上限。",
            field="file",
        )
    upload.seek(0)
    kind = sniff(upload.read(8), upload)
    upload.seek(0)
    suffix = Path(name).suffix.lower().lstrip(".")
    if kind is None or suffix != kind:
        raise InvalidInput(
            f"{name} is not a PDF, DOCX or XLSX file, or its content does not match its name.",
            f"{name} 不是 PDF、DOCX 或 XLSX 檔案，或內容與副檔名不符。",
            field="file",
        )
    return kind


def may_upload(user: Any, application: Application, kind: str) -> bool:
    if kind in OFFICER_KINDS:
        return bool(user.has_perm("grants.manage_grant")) and application.state == "approved"
    editable = wf.PHASE[application.state].applicant_edits or application.state in {
        "in-implementation",
        "completed",
    }
    return editable and access.is_member(user, application.organisation)


def attachment_add(*, application: Application, kind: str, upload: Any, actor: Any) -> Attachment:
    """Store an uploaded file under a random name after checking its type and size."""
    if kind not in AttachmentKind.values:
        raise InvalidInput(f"Unknown kind {kind!r}.", f"未知的附件類別「{kind}」。", field="kind")
    if not may_upload(actor, application, kind):
        raise PermissionDenied("You may not add this attachment now.", "您目前無法新增此附件。")
    detected = _check(upload)
    directory = storage_dir()
    directory.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    row = Attachment(
        application=application,
        kind=kind,
        original_name=Path(upload.name).name[:255],
        stored_name=secrets.token_hex(24),
        content_type=TYPES[detected],
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    path = directory / row.stored_name
    try:
        with transaction.atomic():
            row.full_clean()
            row.save()
            upload.seek(0)
            with open(path, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            audit_record(action="create", instance=row, summary=row.original_name, actor=actor)
    except BaseException:
        # The row is gone with the transaction; the file must not stay behind without it.
        path.unlink(missing_ok=True)
        raise
    return row


#: A file younger than this may belong to a transaction that has not committed yet.
ORPHAN_GRACE = dt.timedelta(hours=6)


def attachments_orphans_sweep(*, now: dt.datetime | None = None) -> int:
    """Delete stored files that no attachment row names (left by a transaction rolled back after
    the file was written), once they are older than :data:`ORPHAN_GRACE`. Returns how many."""
    directory = storage_dir()
    if not directory.is_dir():
        return 0
    cutoff = (now or timezone.now()).timestamp() - ORPHAN_GRACE.total_seconds()
    candidates = {
        p.name: p for p in directory.iterdir() if p.is_file() and p.stat().st_mtime < cutoff
    }
    known = set(
        Attachment.objects.filter(stored_name__in=list(candidates)).values_list(
            "stored_name", flat=True
        )
    )
    removed = 0
    for name, path in candidates.items():
        if name not in known:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def attachment_path(attachment: Attachment) -> Path:
    return storage_dir() / attachment.stored_name
