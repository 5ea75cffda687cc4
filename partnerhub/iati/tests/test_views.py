from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partnerhub.activities.models import Activity
from partnerhub.iati.importer import dataset_import
from partnerhub.iati.models import Dataset
from partnerhub.iati.tests.helpers import activities_file, activity_xml, schema_errors
from partnerhub.iati.uploads import upload_dir
from partnerhub.test import administrator, data_administrator, outsider, registry_editor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _inline_imports(settings, tmp_path: Path) -> None:
    settings.PARTNERHUB_IATI_IMPORT_INLINE = True
    settings.PARTNERHUB_VAR = tmp_path / "var"


def _file(name: str = "upload.xml") -> SimpleUploadedFile:
    text = (
        '<iati-activities version="2.03">' + activity_xml("XM-DAC-41114-1") + "</iati-activities>"
    )
    return SimpleUploadedFile(name, text.encode(), content_type="application/xml")


def test_it_requires_staff_to_upload() -> None:
    client = Client()
    assert client.get(reverse("iati:upload")).status_code == 302
    client.force_login(outsider())
    response = client.post(reverse("iati:upload"), {"file": _file()})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Dataset.objects.exists()


def test_it_refuses_uploads_to_staff_without_the_data_administrator_role() -> None:
    client = Client()
    client.force_login(registry_editor())
    assert client.post(reverse("iati:upload"), {"file": _file()}).status_code == 403
    assert client.get(reverse("iati:datasets")).status_code == 403
    assert not Dataset.objects.exists()


def test_it_lets_a_data_administrator_upload(settings) -> None:
    settings.PARTNERHUB_IATI_IMPORT_INLINE = True
    client = Client()
    client.force_login(data_administrator())
    response = client.post(reverse("iati:upload"), {"file": _file("by-role.xml")})
    assert response.status_code == 302
    assert Dataset.objects.get(name="XM-DAC-41114/by-role.xml").status == "imported"


def test_it_rejects_an_upload_without_a_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator())
    response = client.post(reverse("iati:upload"), {"file": _file()})
    assert response.status_code == 403
    assert not Dataset.objects.exists()


def test_it_imports_an_upload_and_shows_its_dataset() -> None:
    client = Client()
    client.force_login(administrator())
    assert client.get(reverse("iati:upload")).status_code == 200
    response = client.post(reverse("iati:upload"), {"file": _file("mine.xml")})
    dataset = Dataset.objects.get(name="XM-DAC-41114/mine.xml")
    assert response.status_code == 302 and response["Location"] == reverse(
        "iati:dataset", args=[dataset.pk]
    )
    assert (dataset.status, dataset.activity_count) == ("imported", 1)
    page = client.get(response["Location"])
    assert page.status_code == 200 and "mine.xml" in page.content.decode()
    data = client.get(reverse("iati:dataset-json", args=[dataset.pk])).json()
    assert data["status"] == "imported" and data["running"] is False
    listing = client.get(reverse("iati:datasets-json")).json()
    assert [d["name"] for d in listing["results"]] == ["XM-DAC-41114/mine.xml"]


def _publisher_file(name: str, publisher: str, *identifiers: str) -> SimpleUploadedFile:
    body = "".join(activity_xml(i, reporting=publisher) for i in identifiers)
    text = f'<iati-activities version="2.03">{body}</iati-activities>'
    return SimpleUploadedFile(name, text.encode(), content_type="application/xml")


def _admin(language: str = "en") -> Client:
    client = Client()
    client.force_login(administrator())
    translation.activate(language)  # the addresses reversed below are of pages in this language
    return client


def test_two_publishers_files_of_the_same_name_are_two_datasets() -> None:
    client = _admin()
    for publisher, identifier in (("XM-DAC-1", "XM-DAC-1-A"), ("XM-DAC-2", "XM-DAC-2-B")):
        upload = _publisher_file("activities.xml", publisher, identifier)
        response = client.post(reverse("iati:upload"), {"file": upload})
        assert response.status_code == 302, response.content.decode()[:500]
    assert sorted(Dataset.objects.values_list("name", "status")) == [
        ("XM-DAC-1/activities.xml", "imported"),
        ("XM-DAC-2/activities.xml", "imported"),
    ]
    assert set(Activity.objects.values_list("iati_identifier", flat=True)) == {
        "XM-DAC-1-A",
        "XM-DAC-2-B",
    }


def test_an_upload_takes_the_dataset_name_its_uploader_chose() -> None:
    client = _admin()
    upload = _publisher_file("activities.xml", "XM-DAC-1", "XM-DAC-1-A")
    client.post(reverse("iati:upload"), {"file": upload, "dataset_name": "food security"})
    assert Dataset.objects.get().name == "XM-DAC-1/food_security"


def test_an_upload_that_would_replace_a_dataset_asks_first_and_can_be_dropped() -> None:
    client = _admin()
    client.post(reverse("iati:upload"), {"file": _publisher_file("a.xml", "XM-DAC-1", "XM-1-OLD")})
    response = client.post(
        reverse("iati:upload"), {"file": _publisher_file("a.xml", "XM-DAC-1", "XM-1-NEW")}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "data-upload-replaces" in page
    assert "Dataset XM-DAC-1/a.xml already exists (1 activities" in page
    # Nothing happened yet.
    assert list(Activity.objects.values_list("iati_identifier", flat=True)) == ["XM-1-OLD"]
    token = re.search(r'name="pending" value="([^"]+)"', page)
    assert token is not None

    dropped = client.post(
        reverse("iati:upload"), {"pending": token.group(1), "dataset_name": "a.xml", "cancel": "1"}
    )
    assert dropped.status_code == 302
    assert list(Activity.objects.values_list("iati_identifier", flat=True)) == ["XM-1-OLD"]
    assert list(upload_dir().iterdir()) == []
    gone = client.post(
        reverse("iati:upload"), {"pending": token.group(1), "dataset_name": "a.xml", "confirm": "1"}
    )
    assert gone.status_code == 400 and "no longer waiting for confirmation" in gone.content.decode()


def test_an_upload_replaces_a_dataset_once_confirmed_in_either_language() -> None:
    client = _admin("zh-hant")
    client.post(reverse("iati:upload"), {"file": _publisher_file("a.xml", "XM-DAC-1", "XM-1-OLD")})
    response = client.post(
        reverse("iati:upload"), {"file": _publisher_file("a.xml", "XM-DAC-1", "XM-1-NEW")}
    )
    page = response.content.decode()
    assert "資料集 XM-DAC-1/a.xml 已存在" in page
    token = re.search(r'name="pending" value="([^"]+)"', page)
    assert token is not None
    done = client.post(
        reverse("iati:upload"), {"pending": token.group(1), "dataset_name": "a.xml", "confirm": "1"}
    )
    dataset = Dataset.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse(
        "iati:dataset", args=[dataset.pk]
    )
    assert list(Activity.objects.values_list("iati_identifier", flat=True)) == ["XM-1-NEW"]


def test_an_upload_of_a_known_files_bytes_under_a_new_name_is_reported_as_a_rename() -> None:
    client = _admin()
    client.post(reverse("iati:upload"), {"file": _publisher_file("a.xml", "XM-DAC-1", "XM-1")})
    response = client.post(
        reverse("iati:upload"),
        {"file": _publisher_file("a.xml", "XM-DAC-1", "XM-1"), "dataset_name": "b.xml"},
    )
    page = response.content.decode()
    assert "data-upload-renames" in page
    assert "same bytes as dataset XM-DAC-1/a.xml" in page and "XM-DAC-1/b.xml" in page
    token = re.search(r'name="pending" value="([^"]+)"', page)
    assert token is not None
    done = client.post(
        reverse("iati:upload"), {"pending": token.group(1), "dataset_name": "b.xml", "confirm": "1"}
    )
    dataset = Dataset.objects.get()
    assert dataset.name == "XM-DAC-1/b.xml" and Activity.objects.count() == 1
    assert dataset.problems.filter(code="dataset-renamed").exists()
    shown = client.get(done["Location"]).content.decode()
    assert "Dataset XM-DAC-1/a.xml is now XM-DAC-1/b.xml" in shown


def test_it_rejects_an_upload_over_the_size_limit(settings) -> None:
    settings.PARTNERHUB_MAX_UPLOAD_BYTES = 100
    client = Client()
    client.force_login(administrator())
    response = client.post(reverse("iati:upload"), {"file": _file()})
    assert response.status_code in {400, 413}
    assert not Dataset.objects.exists()


def test_it_streams_a_filtered_export_that_validates(tmp_path: Path) -> None:
    dataset_import(
        path=activities_file(tmp_path / "a.xml", activity_xml("XM-1"), activity_xml("XM-2"))
    )
    Activity.objects.filter(iati_identifier="XM-2").update(modality="humanitarian")
    response = Client().get(reverse("iati:export"), {"modality": "humanitarian"})
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content)
    assert schema_errors(body) == []
    assert body.count(b"<iati-activity ") == 1 and b"XM-2" in body
    bad = Client().get(reverse("iati:export"), {"year": "last year"})
    assert bad.status_code == 400 and bad.json()["error"]["parameter"] == "year"


def test_an_upload_left_waiting_for_a_day_is_swept_but_a_jobs_file_stays() -> None:
    import datetime as dt
    import os

    from django.utils import timezone

    from partnerhub.core.jobs import job_create
    from partnerhub.iati.uploads import JOB_KIND, TASK, uploads_abandoned_sweep

    client = _admin()
    client.post(reverse("iati:upload"), {"file": _publisher_file("a.xml", "XM-DAC-1", "XM-1-OLD")})
    client.post(reverse("iati:upload"), {"file": _publisher_file("a.xml", "XM-DAC-1", "XM-1-NEW")})
    (waiting,) = upload_dir().iterdir()  # the second, waiting for its confirmation
    retried = upload_dir() / f"{'0' * 32}-retried.xml"
    retried.write_bytes(waiting.read_bytes())
    job_create(
        kind=JOB_KIND, key="XM-DAC-1/retried.xml", task=TASK, arguments={"path": str(retried)}
    )
    fresh_now = timezone.now()
    assert uploads_abandoned_sweep(now=fresh_now) == 0
    day_old = (fresh_now - dt.timedelta(hours=25)).timestamp()
    for path in (waiting, retried):
        os.utime(path, (day_old, day_old))
    assert uploads_abandoned_sweep(now=fresh_now) == 1
    assert not waiting.exists() and retried.exists()
