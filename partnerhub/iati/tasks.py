"""Tasks of the IATI app, run by a worker (``core_worker``) on Django's task framework."""

from __future__ import annotations

from django.tasks import task

from partnerhub.core.jobs import job_running
from partnerhub.iati.uploads import dataset_import_run


@task()
def dataset_import_job(*, job_id: int) -> str:
    """Import the file of one ``iati.import`` job; its progress and outcome go on the job's row."""
    with job_running(job_id) as job:
        if job is None:
            return "not-queued"
        dataset_import_run(job)
        return job.state
