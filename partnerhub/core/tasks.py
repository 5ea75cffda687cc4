"""Tasks of the core app, run by a worker (``core_worker``) on Django's task framework."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.tasks import task
from django.utils import timezone

from partnerhub.core.jobs import task_enqueue_quietly
from partnerhub.core.outbox import outbox_drain_now


@task()
def outbox_drain() -> dict[str, Any]:
    """Send the outbox's unsent messages; when some failed, try again later with a longer delay."""
    result = outbox_drain_now()
    if result.retry_in is not None:
        later = outbox_drain.using(run_after=timezone.now() + timedelta(seconds=result.retry_in))
        task_enqueue_quietly(later)
    return {"sent": result.sent, "failed": result.failed, "retry_in": result.retry_in}
