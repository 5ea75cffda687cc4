"""Writes that belong to no domain: provenance rows."""

from __future__ import annotations

from typing import Any

from partnerhub.core.models import Provenance


def provenance_create(
    *,
    source: str,
    file: str = "",
    line_start: int | None = None,
    line_end: int | None = None,
    locator: str = "",
    user: Any = None,
    note: str = "",
) -> Provenance:
    """Record where a record came from; validated like every other write."""
    provenance = Provenance(
        source=source,
        file=file,
        line_start=line_start,
        line_end=line_end if line_end is not None else line_start,
        locator=locator[:500],
        user=user,
        note=note,
    )
    provenance.full_clean()
    provenance.save()
    return provenance
