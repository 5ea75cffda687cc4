"""Tasks of the activities app, run by a worker on Django's task framework."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.tasks import task

from partnerhub.activities.lists import ACTIVITIES
from partnerhub.core.facets import facet_counts_refresh


@task()
def facets_refresh() -> dict[str, Any]:
    """Store the activity list's facet counts for the unfiltered list and the busiest
    single-value selections (``PARTNERHUB_FACETS_STORED``) at the current stamp version; queued
    after each import, seed load and bulk write."""
    done = facet_counts_refresh(spec=ACTIVITIES, busiest=settings.PARTNERHUB_FACETS_STORED)
    return {
        "version": done.version,
        "selections": done.selections,
        "seconds": round(done.seconds, 3),
        "skipped": done.skipped,
    }
