"""The translation queue: records still without English written by a person, most seen first."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from partnerhub.activities.models import Activity
from partnerhub.core.models import TextStatus
from partnerhub.events.models import Event
from partnerhub.translations.models import Kind, RecordView, Translation

#: English that no person wrote: composed from the data, or none at all.
_UNTRANSLATED = Q(title_en_status=TextStatus.COMPOSED) | Q(title_en="", title_zh__gt="")


@dataclass(frozen=True)
class QueueRow:
    kind: str
    key: str
    title_zh: str
    title_en: str
    status: str
    views: int


def translation_queue(*, limit: int = 100) -> list[QueueRow]:
    """Activities and events whose English no person wrote, the most viewed first."""
    views = {(k, key): n for k, key, n in RecordView.objects.values_list("kind", "key", "count")}
    rows = [
        QueueRow(
            Kind.ACTIVITY,
            key,
            zh,
            en,
            status or TextStatus.MISSING,
            views.get(("activity", key), 0),
        )
        for key, zh, en, status in Activity.objects.filter(_UNTRANSLATED).values_list(
            "iati_identifier", "title_zh", "title_en", "title_en_status"
        )
    ]
    rows += [
        QueueRow(
            Kind.EVENT, key, zh, en, status or TextStatus.MISSING, views.get(("event", key), 0)
        )
        for key, zh, en, status in Event.objects.filter(_UNTRANSLATED).values_list(
            "slug", "title_zh", "title_en", "title_en_status"
        )
    ]
    rows.sort(key=lambda r: (-r.views, r.kind, r.key))
    return rows[:limit]


def translation_note(kind: str, key: str) -> Translation | None:
    """The latest translation a person made for a record (for the "translated by" note)."""
    return (
        Translation.objects.filter(kind=kind, key=key)
        .select_related("translated_by")
        .order_by("-translated_at")
        .first()
    )
