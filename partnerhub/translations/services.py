"""Writes of the translation queue: a person's English for a record, and a page view counted."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from partnerhub.activities.models import Activity
from partnerhub.activities.services import activity_update
from partnerhub.core.audit import audit_record
from partnerhub.core.exceptions import InvalidInput, NotFound
from partnerhub.events.models import Event
from partnerhub.events.services import event_update
from partnerhub.translations.models import Kind, RecordView, Translation

#: The fields a translator writes, and the Chinese field each translates.
FIELDS = {"title_en": "title_zh", "description_en": "description_zh"}


def record_for(kind: str, key: str) -> Activity | Event:
    """The activity (by IATI identifier) or event (by slug) a queue row stands for."""
    if kind == Kind.ACTIVITY:
        found: Activity | Event | None = Activity.objects.filter(iati_identifier=key).first()
    elif kind == Kind.EVENT:
        found = Event.objects.filter(slug=key).first()
    else:
        raise InvalidInput(f"Unknown kind {kind!r}.", f"未知的種類「{kind}」。", field="kind")
    if found is None:
        raise NotFound(f"No {kind} {key!r}.", f"找不到「{key}」。", field="key")
    return found


@transaction.atomic
def translation_save(
    *, kind: str, key: str, texts: dict[str, str], user: Any, checked: bool = False
) -> list[Translation]:
    """Store a person's English for a record's title and description, write it onto the record
    (marked translated or checked) and audit it; blank fields are left as they were."""
    record = record_for(kind, key)
    given = {f: t.strip() for f, t in texts.items() if f in FIELDS and t and t.strip()}
    if not given:
        raise InvalidInput(
            "Give an English title or description.", "請填寫英文標題或說明。", field="title_en"
        )
    status = Translation.Status.CHECKED if checked else Translation.Status.TRANSLATED
    rows = []
    for field, text in given.items():
        row, _ = Translation.objects.update_or_create(
            kind=kind,
            key=key,
            field=field,
            defaults={
                "text": text,
                "source_text": getattr(record, FIELDS[field]),
                "status": status,
                "translated_by": user,
            },
        )
        row.full_clean()
        rows.append(row)
    changes: dict[str, Any] = {**given, **{f"{f}_status": status for f in given}}
    if isinstance(record, Activity):
        activity_update(activity=record, actor=user, **changes)
    else:
        event_update(event=record, actor=user, **changes)
    audit_record(
        action="update",
        instance=rows[0],
        summary=f"{kind} {key}: {', '.join(given)}",
        changes={f: [getattr(record, f), t] for f, t in given.items()},
        actor=user,
    )
    return rows


def translations_apply() -> int:
    """Write every stored translation back onto its record (after an importer rewrote it)."""
    applied = 0
    for row in Translation.objects.all():
        try:
            record = record_for(row.kind, row.key)
        except NotFound:
            continue
        if getattr(record, row.field) != row.text:
            changes: dict[str, Any] = {row.field: row.text, f"{row.field}_status": row.status}
            if isinstance(record, Activity):
                activity_update(activity=record, **changes)
            else:
                event_update(event=record, **changes)
            applied += 1
    return applied


def record_seen(*, kind: str, key: str) -> None:
    """Count one view of a record's page (one UPDATE, or an INSERT the first time)."""
    if RecordView.objects.filter(kind=kind, key=key).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            RecordView.objects.create(kind=kind, key=key, count=1)
    except IntegrityError:  # another request created it first
        RecordView.objects.filter(kind=kind, key=key).update(count=F("count") + 1)
