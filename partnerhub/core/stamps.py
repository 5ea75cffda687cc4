"""Change stamps: one row per scope of records, bumped by the writes, read by caches.

``change_stamp_bump`` runs inside the writer's transaction, so a reader sees a new version exactly
when it can see the new rows; a rolled-back write leaves the stamp as it was. A cache keyed by
:func:`change_stamp` costs one primary-key read per request, where a stamp computed from the table
(``COUNT(*)``, ``MAX(updated_at)``) grew with the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from partnerhub.core.models import ChangeStamp


@dataclass(frozen=True)
class Stamp:
    """A scope's version and, when known, its row count."""

    scope: str
    version: int
    rows: int | None


def change_stamp(scope: str) -> Stamp:
    """The scope's current stamp; version 0 and no count when nothing has bumped it yet."""
    row = ChangeStamp.objects.filter(scope=scope).values_list("version", "rows").first()
    return Stamp(scope, *row) if row else Stamp(scope, 0, None)


def change_stamp_bump(
    *,
    scope: str,
    delta: int = 0,
    recount: QuerySet[Any, Any] | None = None,
    rows: int | None = None,
) -> None:
    """Record a change of ``scope``: a new version, the count moved by ``delta`` rows, or set
    from ``recount`` (a full count, for writers that changed many rows at once; ``rows`` when
    the caller has just counted it)."""
    if recount is not None:
        count: Any = rows if rows is not None else recount.count()
    else:
        count = F("rows") + delta
    with transaction.atomic():
        bump = ChangeStamp.objects.filter(scope=scope)
        if not bump.update(version=F("version") + 1, rows=count, changed_at=timezone.now()):
            # The first write of a scope: its count stays unknown (NULL, which a delta keeps
            # NULL) until a full count sets it. Two first writers may race: the conflict is
            # ignored and both updates land on the one row.
            ChangeStamp.objects.bulk_create([ChangeStamp(scope=scope)], ignore_conflicts=True)
            bump.update(
                version=F("version") + 1,
                rows=count if recount is not None else None,
                changed_at=timezone.now(),
            )
