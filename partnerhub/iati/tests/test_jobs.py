"""IATI imports started from the web run as background jobs on a worker, with their outcome on a row."""

from __future__ import annotations

import logging
import socket
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partnerhub.activities.models import Activity
from partnerhub.core.models import Job
from partnerhub.iati.models import Dataset
from partnerhub.iati.tests.helpers import activity_xml
from partnerhub.iati.uploads import upload_dir
from partnerhub.test import data_administrator, run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_var(settings, tmp_path: Path) -> None:
    settings.PARTNERHUB_IATI_IMPORT_INLINE = False
    settings.PARTNERHUB_VAR = tmp_path / "var"
    settings.CACHES = {
        **settings.CACHES,
        "tasks": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
    }


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    client.force_login(data_administrator())
    return client


_PUBLISHER = "XM-DAC-41114"  # activity_xml's reporting-org; a file without one: unknown-publisher


def _file(name: str, *identifiers: str) -> SimpleUploadedFile:
    body = "".join(activity_xml(i) for i in identifiers)
    text = f'<iati-activities version="2.03">{body}</iati-activities>'
    return SimpleUploadedFile(name, text.encode(), content_type="application/xml")


def _upload(
    client: Client, upload: SimpleUploadedFile, capture, publisher: str = _PUBLISHER
) -> Dataset:
    with capture(execute=True):
        response = client.post(reverse("iati:upload"), {"file": upload})
    assert response.status_code == 302
    return Dataset.objects.get(name=f"{publisher}/{upload.name}")


def test_a_worker_imports_an_upload_and_the_page_follows_it(
    admin_client, django_capture_on_commit_callbacks
):
    dataset = _upload(
        admin_client, _file("two.xml", "XM-1", "XM-2"), django_capture_on_commit_callbacks
    )
    job = Job.objects.get(kind="iati.import", key=f"{_PUBLISHER}/two.xml")
    assert job.state == "queued" and job.created_by is not None
    data = admin_client.get(reverse("iati:dataset-json", args=[dataset.pk])).json()
    assert data["running"] is True and data["job"]["state"] == "queued"
    page = admin_client.get(reverse("iati:dataset", args=[dataset.pk])).text
    assert 'id="job-progress"' in page and "iati/job-progress.js" in page
    run_worker()
    job.refresh_from_db()
    dataset.refresh_from_db()
    assert (job.state, job.counts["activities"], job.attempts) == ("succeeded", 2, 1)
    assert job.started_at and job.finished_at and job.worker
    assert (dataset.status, dataset.activity_count) == ("imported", 2)
    assert Activity.objects.filter(iati_identifier__in=["XM-1", "XM-2"]).count() == 2
    data = admin_client.get(reverse("iati:dataset-json", args=[dataset.pk])).json()
    assert data["running"] is False and data["job"]["percent"] == 100
    assert list(upload_dir().iterdir()) == []  # the uploaded copy is gone once imported


def test_it_refuses_to_import_the_same_file_twice_at_once(
    admin_client, django_capture_on_commit_callbacks
):
    _upload(admin_client, _file("same.xml", "XM-1"), django_capture_on_commit_callbacks)
    translation.activate("en")  # the addresses below are of pages in this language
    again = admin_client.post(reverse("iati:upload"), {"file": _file("same.xml", "XM-1")})
    assert again.status_code == 400
    assert "same.xml is already being worked on" in again.text
    translation.activate("zh-hant")  # the addresses below are of pages in this language
    again = admin_client.post(reverse("iati:upload"), {"file": _file("same.xml", "XM-1")})
    assert again.status_code == 400 and "正在處理中" in again.text
    assert Job.objects.filter(key=f"{_PUBLISHER}/same.xml").count() == 1
    assert len(list(upload_dir().iterdir())) == 1  # the refused copies were not kept
    run_worker()
    assert Job.objects.get(key=f"{_PUBLISHER}/same.xml").state == "succeeded"


def test_a_bad_upload_ends_as_a_failed_job_with_its_problems_in_both_languages(
    admin_client, django_capture_on_commit_callbacks
):
    before = Activity.objects.count()
    bad = SimpleUploadedFile("bad.xml", b"<iati-activities version='2.03'><iati-activity>")
    dataset = _upload(
        admin_client, bad, django_capture_on_commit_callbacks, publisher="unknown-publisher"
    )
    run_worker()
    job = Job.objects.get(key="unknown-publisher/bad.xml")
    assert job.state == "failed" and job.error_en and job.error_zh
    assert job.error_en != job.error_zh
    assert Activity.objects.count() == before
    dataset.refresh_from_db()
    assert dataset.status == "failed" and dataset.problems.filter(code="import-failed").exists()
    translation.activate("en")  # the addresses below are of pages in this language
    page = admin_client.get(reverse("iati:dataset", args=[dataset.pk]))
    assert page.status_code == 200 and job.error_en in page.text and "Retry the import" in page.text
    translation.activate("zh-hant")  # the addresses below are of pages in this language
    page = admin_client.get(reverse("iati:dataset", args=[dataset.pk]))
    assert page.status_code == 200 and job.error_zh in page.text


def test_it_retries_a_failed_job_from_the_page(admin_client, django_capture_on_commit_callbacks):
    dataset = _upload(admin_client, _file("retry.xml", "XM-9"), django_capture_on_commit_callbacks)
    job = Job.objects.get(key=f"{_PUBLISHER}/retry.xml")
    path = Path(job.arguments["path"])
    content = path.read_bytes()
    path.unlink()  # the file went missing: the job fails and says so
    run_worker()
    job.refresh_from_db()
    assert job.state == "failed" and "no longer there" in job.error_en
    path.write_bytes(content)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("iati:dataset-retry", args=[dataset.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == "queued" and job.error_en == ""
    run_worker()
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("succeeded", 2)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_it_answers_and_says_so_when_the_queue_cannot_be_reached(
    admin_client, settings, caplog, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{_free_port()}/0"}}
    with caplog.at_level(logging.ERROR, logger="partnerhub.core.jobs"):
        dataset = _upload(
            admin_client, _file("down.xml", "XM-1"), django_capture_on_commit_callbacks
        )
    assert "Could not enqueue partnerhub.iati.tasks.dataset_import_job" in caplog.text
    job = Job.objects.get(key=f"{_PUBLISHER}/down.xml")
    assert job.state == "failed" and "queue could not be reached" in job.error_en
    translation.activate("en")  # the addresses below are of pages in this language
    page = admin_client.get(reverse("iati:dataset", args=[dataset.pk]))
    assert page.status_code == 200 and "The task queue could not be reached" in page.text
    translation.activate("zh-hant")  # the addresses below are of pages in this language
    assert "無法連上工作佇列" in admin_client.get(reverse("iati:dataset", args=[dataset.pk])).text


def test_the_command_queues_files_for_a_worker_with_background(
    tmp_path: Path, django_capture_on_commit_callbacks
):
    path = tmp_path / "queued.xml"
    path.write_bytes(_file("queued.xml", "XM-Q1").read())
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("iati_import", str(path), "--background", stdout=out)
    assert "queued 1 files for a worker, 0 refused" in out.getvalue()
    job = Job.objects.get(kind="iati.import")
    assert job.state == "queued" and job.key.endswith("queued.xml")
    assert not Activity.objects.filter(iati_identifier="XM-Q1").exists()
    run_worker()
    job.refresh_from_db()
    assert job.state == "succeeded"
    assert Activity.objects.filter(iati_identifier="XM-Q1").exists()
    assert path.exists()  # a file named on the command line is the caller's, and stays
