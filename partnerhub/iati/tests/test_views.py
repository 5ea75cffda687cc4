from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from partnerhub.activities.models import Activity
from partnerhub.iati.importer import dataset_import
from partnerhub.iati.models import Dataset
from partnerhub.iati.tests.helpers import activities_file, activity_xml, schema_errors
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
    assert Dataset.objects.get(name="by-role.xml").status == "imported"


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
    dataset = Dataset.objects.get(name="mine.xml")
    assert response.status_code == 302 and response["Location"] == reverse(
        "iati:dataset", args=[dataset.pk]
    )
    assert (dataset.status, dataset.activity_count) == ("imported", 1)
    page = client.get(response["Location"])
    assert page.status_code == 200 and "mine.xml" in page.content.decode()
    data = client.get(reverse("iati:dataset-json", args=[dataset.pk])).json()
    assert data["status"] == "imported" and data["running"] is False
    listing = client.get(reverse("iati:datasets-json")).json()
    assert [d["name"] for d in listing["results"]] == ["mine.xml"]


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
