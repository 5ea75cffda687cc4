"""Background tasks of the sdg app, run by a worker (``core_worker``) on Django's task framework."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from django.tasks import task

from partnerhub.core.jobs import (
    job_create,
    job_enqueue,
    job_fail,
    job_finish,
    job_progress,
    job_running,
)
from partnerhub.core.models import Job
from partnerhub.sdg.selectors import untagged_activities
from partnerhub.sdg.services import BackfillReport, sdg_backfill

logger = logging.getLogger(__name__)

KIND = "sdg-backfill"
KEY = "sdg-backfill"


def sdg_backfill_start(*, limit: int | None = None, actor: Any = None) -> Job:
    """Create the backfill's job row and hand it to a worker (one backfill at a time)."""
    total = untagged_activities().count()
    job = job_create(
        kind=KIND,
        key=KEY,
        task="partnerhub.sdg.tasks.sdg_backfill_task",
        arguments={"limit": limit},
        total=min(total, limit) if limit is not None else total,
        created_by=actor,
    )
    job_enqueue(job=job)
    return job


@task()
def sdg_backfill_task(job_id: int) -> dict[str, Any]:
    """Store suggestions on every activity without a reported SDG, with progress on the job row."""
    with job_running(job_id) as job:
        if job is None:
            return {}

        def progress(report: BackfillReport) -> None:
            job_progress(
                job_id=job_id, done=report.activities, total=job.total, counts=asdict(report)
            )

        try:
            report = sdg_backfill(limit=job.arguments.get("limit"), progress=progress)
        except Exception as exc:  # the outermost loop: the job row says what failed
            logger.exception("SDG backfill job %s failed", job_id)
            job_fail(
                job=job,
                error_en=f"The SDG backfill stopped: {type(exc).__name__}: {exc}",
                error_zh=f"SDG 建議回填中止：{type(exc).__name__}：{exc}",
            )
            return {"error": str(exc)}
        job_finish(job=job, counts=asdict(report))
        return asdict(report)
