"""Background tasks of the sdg app (``django.tasks``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.tasks import task

from partnerhub.sdg.services import sdg_backfill


@task
def sdg_backfill_task(limit: int | None = None) -> dict[str, Any]:
    """Store suggestions on every activity without a reported SDG; returns the counts."""
    return asdict(sdg_backfill(limit=limit))
