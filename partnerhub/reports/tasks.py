"""Tasks of the reports app, run by a worker on Django's task framework."""

from __future__ import annotations

from typing import Any

from django.tasks import task
from django.urls import reverse

from partnerhub.core.jobs import job_fail, job_finish, job_progress, job_running
from partnerhub.core.models import Job
from partnerhub.reports.donors_sql import donors_snapshots_refresh, donors_snapshots_stale
from partnerhub.reports.services import annual_report_issue
from partnerhub.reports.snapshots import (
    STORED,
    snapshot_for,
    snapshot_has_parts,
    snapshot_is_current,
    totals_snapshots_refresh,
)


@task()
def annual_report_build(job_id: int) -> dict[str, Any]:
    """Issue the annual report of the job's year, with progress on the job's row."""
    with job_running(job_id) as job:
        if job is None:
            return {}
        year = int(job.arguments["year"])

        def progress(done: int, total: int) -> None:
            job_progress(job_id=job_id, done=done, total=total, counts={"year": year})

        try:
            report = annual_report_issue(year=year, actor=job.created_by, progress=progress)
        except Exception as exc:  # the outermost loop of this job: the row says what went wrong
            job_fail(
                job=job,
                error_en=f"The report could not be built: {type(exc).__name__}: {exc}",
                error_zh=f"無法產生報告：{type(exc).__name__}：{exc}",
            )
            raise
        url = reverse("reports:annual", args=[report.year, report.version])
        job_finish(
            job=Job.objects.get(pk=job_id),
            counts={"year": year, "version": report.version},
            result_url=url,
        )
        return {"year": year, "version": report.version}


@task()
def totals_refresh() -> dict[str, Any]:
    """Build the stored totals (every dashboard scope, year and country) and the donors reports
    again where activities changed since they were built (after an import); current rows are
    left as they are."""
    stale = []
    for scope in STORED:
        row = snapshot_for(scope)
        if row is None or not snapshot_is_current(row) or not snapshot_has_parts(row):
            stale.append(scope)
    built = [str(row) for row in totals_snapshots_refresh(scopes=stale)] if stale else []
    donors = donors_snapshots_refresh() if donors_snapshots_stale() else 0
    return {"refreshed": built, "donors": donors}


@task()
def totals_refresh_taiwan() -> dict[str, Any]:
    """After single edits (queued a little later, once per burst): Taiwan's stored totals again
    where activities changed since (seconds at a million activities). Other donors' wait for the
    next import's ``totals_refresh``, which takes minutes; their pages say activities changed."""
    stale = [
        scope
        for scope in STORED
        if scope.publisher == "taiwan"
        and (
            (row := snapshot_for(scope)) is None
            or not snapshot_is_current(row)
            or not snapshot_has_parts(row)
        )
    ]
    built = [str(row) for row in totals_snapshots_refresh(scopes=stale)] if stale else []
    return {"refreshed": built}
