from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from partnerhub.activities.models import Activity
from partnerhub.iati.importer import dataset_import
from partnerhub.iati.models import Dataset
from partnerhub.iati.tests.helpers import activities_file, activity_xml, schema_errors
from partnerhub.reference.models import Country, ExchangeRate
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


def test_it_splits_donor_money_by_country_and_sector_without_double_counting(
    tmp_path: Path,
) -> None:
    Country.objects.create(code="SZ", name_zh="史瓦帝尼", name_en="Eswatini")
    ExchangeRate.objects.create(currency="TWD", date=dt.date(2020, 1, 1), per_usd=Decimal("30"))
    extra = """<transaction><transaction-type code="4"/><transaction-date iso-date="2021-03-01"/>
      <value currency="TWD" value-date="2021-03-01">3000</value>
      <provider-org ref="TW-GOV-ICDF"><narrative>TaiwanICDF</narrative></provider-org></transaction>"""
    xml = activity_xml("XM-1", extra=extra).replace(
        '<sector vocabulary="1" code="14030" percentage="100"/>',
        '<sector vocabulary="1" code="14030" percentage="75"/><sector vocabulary="1" code="31120" percentage="25"/>',
    )
    dataset_import(path=activities_file(tmp_path / "d.xml", xml))
    data = Client().get(reverse("iati:donors-json", args=["SZ"])).json()
    # 250.50 USD disbursed in 2020 and 100 USD (3000 TWD) spent in 2021; Eswatini's share is 60%.
    assert data["total"] == "210.30"
    assert {d["donor"]: d["usd"] for d in data["donors"]} == {
        "Funder": "150.30",
        "TaiwanICDF": "60.00",
    }
    assert {s["sector"]: s["usd"] for s in data["sectors"]} == {"140": "157.72", "311": "52.58"}
    assert sum(Decimal(s["usd"]) for s in data["sectors"]) == Decimal(data["total"])
    assert {y["year"]: y["usd"] for y in data["years"]} == {2020: "150.30", 2021: "60.00"}
    page = Client().get(reverse("iati:donors", args=["SZ"]))
    assert page.status_code == 200 and "TaiwanICDF" in page.content.decode()


def test_it_names_the_country_on_the_donors_page_and_refuses_an_unknown_one() -> None:
    Country.objects.create(code="SZ", name_zh="史瓦帝尼", name_en="Eswatini")
    page = Client().get(reverse("iati:donors", args=["sz"]))
    assert page.status_code == 200 and "史瓦帝尼的捐助者" in page.content.decode()
    assert Client().get(reverse("iati:donors", args=["QQ"])).status_code == 404
    assert Client().get(reverse("iati:donors-json", args=["QQ"])).status_code == 404
