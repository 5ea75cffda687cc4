"""Background jobs: a row per piece of long work, run by a task on Django's task framework.

A page creates a ``Job`` with :func:`job_create` and enqueues its task with :func:`job_enqueue`;
the task takes one argument, ``job_id``. Inside the task, :func:`job_running` marks the row running
and keeps a heartbeat in the ``tasks`` cache while the work goes on, and :func:`job_progress` puts
live progress beside it. The outcome (``job_finish`` or ``job_fail``) goes on the row.

Live progress and the heartbeat live in the cache rather than on the row because a long import
writes in one transaction: on SQLite it holds the only write lock until it commits, and on
PostgreSQL nobody else would see an uncommitted row. A job whose row says running but whose
heartbeat has stopped lost its worker (killed, or its machine restarted); :func:`job_view` calls it
interrupted, and :func:`job_retry` queues it again.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, IntegrityError, transaction
from django.tasks import Task, TaskResult
from django.utils import timezone
from django.utils.module_loading import import_string

from partnerhub.core.audit import audit_record
from partnerhub.core.exceptions import InvalidInput
from partnerhub.core.models import Job

logger = logging.getLogger(__name__)


def _queue_errors() -> tuple[type[BaseException], ...]:
    """What a task backend raises when its queue cannot be reached."""
    errors: list[type[BaseException]] = [OSError, DatabaseError]
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis is installed with django-tasks-rq
        pass
    else:
        errors.append(RedisError)
    return tuple(errors)


QUEUE_ERRORS = _queue_errors()

QUEUE_DOWN_EN = (
    "The task queue could not be reached, so the work has not started. "
    "Nothing was changed; try again once the queue is back."
)
QUEUE_DOWN_ZH = "無法連上工作佇列，因此工作尚未開始。資料沒有任何變更；請待佇列恢復後再試一次。"


def task_enqueue_quietly(
    task: Task[Any, Any], *args: Any, **kwargs: Any
) -> TaskResult[Any, Any] | None:
    """Enqueue ``task``; when its queue is down, log it and return None instead of failing."""
    try:
        return task.enqueue(*args, **kwargs)
    except QUEUE_ERRORS as exc:
        logger.error("Could not enqueue %s: %s: %s", task.module_path, type(exc).__name__, exc)
        return None


# ---- Writing the row --------------------------------------------------------------------------


def job_create(
    *,
    kind: str,
    key: str,
    task: str,
    arguments: dict[str, Any] | None = None,
    total: int = 0,
    created_by: Any = None,
) -> Job:
    """A queued job for ``key``; refused while another job of this kind works on the same key."""
    job = Job(
        kind=kind,
        key=key[:255],
        arguments={**(arguments or {}), "task": task},
        total=total,
        created_by=created_by if created_by is not None and created_by.is_authenticated else None,
    )
    job.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            job.save()
            audit_record(action="create", instance=job, actor=job.created_by, summary=str(job))
    except IntegrityError:
        raise busy(key) from None
    return job


def busy(key: str) -> InvalidInput:
    return InvalidInput(
        f"{key} is already being worked on; wait for that job to end before starting it again.",
        f"{key} 正在處理中；請等候該工作結束後再重新開始。",
        field="file",
    )


def job_enqueue(*, job: Job) -> bool:
    """Hand the job to a worker after the current transaction commits; False when the queue is down.

    A job whose task cannot be queued fails at once with a message in both languages, so the page
    says why and offers to try again instead of waiting for a worker that will never come.
    """
    task: Task[Any, Any] = import_string(job.arguments["task"])
    queued = task_enqueue_quietly(task, job_id=job.pk)
    if queued is None:
        job_fail(job=job, error_en=QUEUE_DOWN_EN, error_zh=QUEUE_DOWN_ZH)
        return False
    Job.objects.filter(pk=job.pk).update(task_id=str(queued.id))
    job.task_id = str(queued.id)
    return True


def job_retry(*, job: Job) -> bool:
    """Queue a failed or interrupted job again; False when it is neither, or the queue is down."""
    if job_view(job).state not in {"failed", "interrupted"}:
        return False
    try:
        with transaction.atomic():
            updated = Job.objects.filter(pk=job.pk, state=job.state).update(
                state=Job.State.QUEUED, error_en="", error_zh="", finished_at=None
            )
            audit_record(action="update", instance=job, summary=f"retry {job}")
    except IntegrityError:
        raise busy(job.key) from None
    if not updated:
        return False
    job.refresh_from_db()
    return job_enqueue(job=job)


def job_finish(*, job: Job, counts: dict[str, Any], result_url: str = "") -> Job:
    """The job ended well; ``counts`` are what it did (activities, problems, ...)."""
    job.state, job.finished_at = Job.State.SUCCEEDED, timezone.now()
    job.counts, job.result_url = counts, result_url
    job.done = job.total
    job.error_en = job.error_zh = ""
    job.save(
        update_fields=[
            "state",
            "finished_at",
            "counts",
            "result_url",
            "done",
            "error_en",
            "error_zh",
        ]
    )
    _cache().delete(_progress_key(job.pk))
    return job


def job_fail(
    *, job: Job, error_en: str, error_zh: str, counts: dict[str, Any] | None = None
) -> Job:
    """The job ended badly; the row says why in both languages."""
    job.state, job.finished_at = Job.State.FAILED, timezone.now()
    job.error_en, job.error_zh = error_en[:5000], error_zh[:5000]
    if counts is not None:
        job.counts = counts
    job.save(update_fields=["state", "finished_at", "error_en", "error_zh", "counts"])
    return job


# ---- Inside the task --------------------------------------------------------------------------


def _cache() -> Any:
    return caches["tasks"]


def _beat_key(job_id: int) -> str:
    return f"partnerhub:job:{job_id}:beat"


def _progress_key(job_id: int) -> str:
    return f"partnerhub:job:{job_id}:progress"


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


@contextmanager
def job_running(job_id: int) -> Iterator[Job | None]:
    """Mark the job running and keep its heartbeat while the block runs.

    Yields None when the job is gone or not queued (a duplicate delivery of its task), in which
    case the task does nothing.
    """
    stale = int(settings.PARTNERHUB_JOB_STALE_SECONDS)
    cache = _cache()
    cache.set(_beat_key(job_id), worker_name(), timeout=stale)
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, state=Job.State.QUEUED).first()
        if job is not None:
            job.state, job.started_at, job.finished_at = Job.State.RUNNING, timezone.now(), None
            job.attempts += 1
            job.worker = worker_name()
            job.save(update_fields=["state", "started_at", "finished_at", "attempts", "worker"])
    if job is None:
        cache.delete(_beat_key(job_id))
        yield None
        return
    stop = threading.Event()
    beat = threading.Thread(target=_beat, args=(job_id, stale, stop), daemon=True)
    beat.start()
    try:
        yield job
    finally:
        stop.set()
        beat.join()
        cache.delete(_beat_key(job_id))


def _beat(job_id: int, stale: int, stop: threading.Event) -> None:
    """Refresh the heartbeat a few times per stale period until the task ends."""
    cache = _cache()
    while not stop.wait(max(stale / 4, 0.2)):
        cache.set(_beat_key(job_id), worker_name(), timeout=stale)


def job_progress(*, job_id: int, done: int, total: int, counts: dict[str, Any]) -> None:
    """Live progress of a running job (units done of total, and counts so far)."""
    _cache().set(
        _progress_key(job_id),
        {"done": done, "total": total, "counts": counts},
        timeout=max(int(settings.PARTNERHUB_JOB_STALE_SECONDS) * 10, 600),
    )


# ---- Reading ----------------------------------------------------------------------------------


@dataclass
class JobView:
    """A job as a page shows it: the row plus live progress, with the derived interrupted state."""

    id: int
    kind: str
    key: str
    state: str
    done: int
    total: int
    percent: int
    counts: dict[str, Any] = field(default_factory=dict)
    error_en: str = ""
    error_zh: str = ""
    started_at: Any = None
    finished_at: Any = None
    seconds: float | None = None
    result_url: str = ""

    @property
    def active(self) -> bool:
        return self.state in {"queued", "running"}

    @property
    def retryable(self) -> bool:
        return self.state in {"failed", "interrupted"}

    def as_json(self) -> dict[str, Any]:
        data = {k: v for k, v in vars(self).items()}
        data["started_at"] = self.started_at.isoformat() if self.started_at else None
        data["finished_at"] = self.finished_at.isoformat() if self.finished_at else None
        data["active"], data["retryable"] = self.active, self.retryable
        return data


INTERRUPTED_EN = (
    "The worker running this job stopped before it finished (it was killed or its machine "
    "restarted). Nothing it was writing was kept; run it again."
)
INTERRUPTED_ZH = (
    "執行此工作的背景程序在完成前停止（遭終止或主機重新啟動）。寫到一半的資料均未保留；請重新執行。"
)


def job_view(job: Job) -> JobView:
    """The job with its live progress; a running job without a heartbeat is interrupted."""
    state, done, total, counts = job.state, job.done, job.total, dict(job.counts)
    error_en, error_zh = job.error_en, job.error_zh
    if state == Job.State.RUNNING:
        cache = _cache()
        live = cache.get(_progress_key(job.pk))
        if live:
            done, total = int(live["done"]), int(live["total"])
            counts.update(live.get("counts") or {})
        if cache.get(_beat_key(job.pk)) is None:
            state, error_en, error_zh = "interrupted", INTERRUPTED_EN, INTERRUPTED_ZH
    if state == Job.State.SUCCEEDED:
        percent = 100
    else:
        percent = min(done * 100 // total, 100) if total > 0 else 0
    return JobView(
        id=job.pk,
        kind=job.kind,
        key=job.key,
        state=state,
        done=done,
        total=total,
        percent=percent,
        counts=counts,
        error_en=error_en,
        error_zh=error_zh,
        started_at=job.started_at,
        finished_at=job.finished_at,
        seconds=job.seconds,
        result_url=job.result_url,
    )
