"""Background tasks of the grants app, run by the worker (``core_worker``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.tasks import task
from django.utils import timezone

from partnerhub.core.jobs import task_enqueue_quietly
from partnerhub.grants.files import attachments_orphans_sweep
from partnerhub.grants.implementation import reports_remind

#: The hour (Taipei time) at which the daily reminders go out.
REMIND_HOUR = 9


def next_run(now: dt.datetime) -> dt.datetime:
    """Tomorrow at REMIND_HOUR, Taipei time."""
    local = timezone.localtime(now)
    tomorrow = (local + dt.timedelta(days=1)).replace(
        hour=REMIND_HOUR, minute=0, second=0, microsecond=0
    )
    return tomorrow


@task()
def grants_remind_daily(reschedule: bool = True) -> dict[str, Any]:
    """Queue the day's report reminders and sweep orphaned attachment files, then schedule
    tomorrow's run."""
    sent = reports_remind()
    swept = attachments_orphans_sweep()
    if reschedule:
        task_enqueue_quietly(grants_remind_daily.using(run_after=next_run(timezone.now())))
    return {"reminders": sent, "orphaned_files_removed": swept}
