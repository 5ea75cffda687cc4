"""A worker killed with SIGKILL in the middle of an import: nothing half-written, the job retried.

The worker is a real ``core_worker`` process on the test's database (SQLite or PostgreSQL, as the
suite runs), killed once its first progress report shows the import under way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from partnerhub.activities.models import Activity
from partnerhub.core.jobs import job_view
from partnerhub.core.models import Job, Provenance
from partnerhub.iati.importer import dataset_import
from partnerhub.iati.models import Dataset, ImportProblem
from partnerhub.iati.tests.helpers import activities_file, activity_xml
from partnerhub.iati.uploads import dataset_import_enqueue
from partnerhub.organisations.models import Organisation
from partnerhub.test import data_administrator, run_worker, shared_database, tasks_cache

ACTIVITIES = 3000


def registry() -> dict[str, Any]:
    """Everything an import writes, to compare before and after."""
    return {
        "activities": sorted(Activity.objects.values_list("iati_identifier", flat=True)),
        "organisations": Organisation.objects.count(),
        "provenance": Provenance.objects.count(),
        "problems": ImportProblem.objects.count(),
        "datasets": sorted(Dataset.objects.values_list("name", "status", "activity_count")),
    }


def wait_for(what: str, check: Any, seconds: float = 120.0) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_the_registry_as_it_was_and_the_job_can_be_retried(
    tmp_path: Path, settings
) -> None:
    settings.PARTNERHUB_VAR = tmp_path / "var"
    settings.CACHES = {**settings.CACHES, "tasks": tasks_cache(tmp_path)}
    settings.PARTNERHUB_JOB_STALE_SECONDS = 2
    settings.PARTNERHUB_IATI_IMPORT_INLINE = False
    dataset_import(path=activities_file(tmp_path / "earlier.xml", activity_xml("XM-EARLIER-1")))
    big = activities_file(
        tmp_path / "big.xml", *(activity_xml(f"XM-BIG-{n}") for n in range(ACTIVITIES))
    )
    dataset_import_enqueue(path=big, name="big.xml")
    job = Job.objects.get(key="big.xml")
    before = registry()
    progress_key = f"partnerhub:job:{job.pk}:progress"

    with shared_database(tmp_path) as env:
        env["PARTNERHUB_JOB_STALE_SECONDS"] = "2"
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "core_worker", "--interval", "0.2", "--verbosity", "0"],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
        )
        try:
            live = wait_for("the import to start", lambda: caches["tasks"].get(progress_key))
            assert 0 < live["counts"]["activities"] < ACTIVITIES
        finally:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL

    assert registry() == before
    job.refresh_from_db()
    assert job.state == "running"
    view = wait_for(
        "the heartbeat to stop", lambda: (v := job_view(job)).state == "interrupted" and v
    )
    assert view.retryable and "stopped before it finished" in view.error_en

    client = Client()
    client.force_login(data_administrator())
    dataset = Dataset.objects.get(name="big.xml")
    page = client.get(reverse("iati:dataset", args=[dataset.pk]))
    assert page.status_code == 200 and "重新匯入" in page.text
    assert client.post(reverse("iati:dataset-retry", args=[dataset.pk])).status_code == 302
    job.refresh_from_db()
    assert job.state == "queued"
    run_worker()
    job.refresh_from_db()
    assert (job.state, job.attempts, job.counts["activities"]) == ("succeeded", 2, ACTIVITIES)
    assert Activity.objects.filter(iati_identifier__startswith="XM-BIG-").count() == ACTIVITIES
