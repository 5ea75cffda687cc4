"""The Redis-backed engine: tasks queued in a real redis-server and run by an RQ worker process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from partnerhub.activities.models import Activity
from partnerhub.core.models import Job, OutboxMessage
from partnerhub.core.outbox import outbox_enqueue
from partnerhub.iati.tests.helpers import activities_file, activity_xml
from partnerhub.iati.uploads import dataset_import_enqueue
from partnerhub.test import redis_server, shared_database


@pytest.mark.django_db(transaction=True)
def test_a_redis_backed_worker_runs_an_import_and_drains_the_outbox(tmp_path: Path, settings):
    with redis_server(tmp_path) as url:
        settings.PARTNERHUB_IATI_IMPORT_INLINE = False
        settings.PARTNERHUB_VAR = tmp_path / "var"
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
        }
        settings.RQ_QUEUES = {"default": {"URL": url}}
        settings.CACHES = {
            **settings.CACHES,
            "tasks": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url},
        }
        path = activities_file(tmp_path / "redis.xml", activity_xml("XM-R1"), activity_xml("XM-R2"))
        dataset_import_enqueue(path=path, name="redis.xml")
        outbox_enqueue(to_email="ngo@example.org", language="en", subject="Hello", body="Text")
        job = Job.objects.get(key="redis.xml")
        assert job.state == "queued" and job.task_id

        with shared_database(tmp_path) as env:
            env["PARTNERHUB_REDIS_URL"] = url
            worker = subprocess.run(
                [sys.executable, "manage.py", "core_worker", "--batch"],
                cwd=django_settings.BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=300,
            )
        assert worker.returncode == 0, worker.stderr[-3000:]
        assert "tasks came from Redis (RQ)" in worker.stdout, worker.stdout + worker.stderr

    job.refresh_from_db()
    assert job.state == "succeeded", (
        job.state,
        job.error_en,
        worker.stdout[-3000:],
        worker.stderr[-6000:],
    )
    assert job.counts["activities"] == 2
    assert Activity.objects.filter(iati_identifier__in=["XM-R1", "XM-R2"]).count() == 2
    assert OutboxMessage.objects.get().sent_at is not None
