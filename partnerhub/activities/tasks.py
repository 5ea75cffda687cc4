"""Tasks of the activities app, run by a worker on Django's task framework."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from partnerhub.activities.lists import ACTIVITIES
from partnerhub.core.services import list_index_store


@task()
def facets_refresh() -> dict[str, Any]:
    """Build and store the activity list's bitmap facet index at the current stamp version
    (core.listindex); queued after each import, seed load and bulk write."""
    done = list_index_store(spec=ACTIVITIES)
    return {
        "version": done.version,
        "records": done.records,
        "bitmaps": done.bitmaps,
        "stored_bytes": done.stored_bytes,
        "seconds": round(done.seconds, 3),
        "skipped": done.skipped,
    }
