"""The donors-in-a-country page: other publishers' money by donor, sector and year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from partnerhub.iati.importer import dataset_import
from partnerhub.iati.tests.helpers import activities_file, activity_xml
from partnerhub.reference.models import Country, ExchangeRate

pytestmark = pytest.mark.django_db


def eswatini_world(tmp_path: Path) -> None:
    """One imported activity, 60 % in Eswatini and 40 % in Paraguay, sectors 75/25: 250.50 USD
    disbursed in 2020 by its funder and 3000 TWD (100 USD) spent in 2021 by TaiwanICDF."""
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


def test_it_splits_donor_money_by_country_and_sector_without_double_counting(
    tmp_path: Path,
) -> None:
    eswatini_world(tmp_path)
    data = Client().get(reverse("reports:donors-json", args=["SZ"])).json()
    # 250.50 USD disbursed in 2020 and 100 USD (3000 TWD) spent in 2021; Eswatini's share is 60%.
    assert data["total"] == "210.30"
    assert {d["donor"]: d["usd"] for d in data["donors"]} == {
        "Funder": "150.30",
        "TaiwanICDF": "60.00",
    }
    assert {s["sector"]: s["usd"] for s in data["sectors"]} == {"140": "157.72", "311": "52.58"}
    assert sum(Decimal(s["usd"]) for s in data["sectors"]) == Decimal(data["total"])
    assert {y["year"]: y["usd"] for y in data["years"]} == {2020: "150.30", 2021: "60.00"}
    page = Client().get(reverse("reports:donors", args=["SZ"]))
    assert page.status_code == 200 and "TaiwanICDF" in page.content.decode()


def test_it_names_the_country_on_the_donors_page_and_refuses_an_unknown_one() -> None:
    Country.objects.create(code="SZ", name_zh="史瓦帝尼", name_en="Eswatini")
    page = Client().get(reverse("reports:donors", args=["sz"]))
    assert page.status_code == 200 and "史瓦帝尼的捐助者" in page.content.decode()
    assert Client().get(reverse("reports:donors", args=["QQ"])).status_code == 404
    assert Client().get(reverse("reports:donors-json", args=["QQ"])).status_code == 404


def test_it_says_when_no_iati_data_covers_the_country_and_links_to_the_upload() -> None:
    Country.objects.create(code="SZ", name_zh="史瓦帝尼", name_en="Eswatini")
    page = Client().get(reverse("reports:donors", args=["SZ"])).content.decode()
    assert "沒有任何 IATI 資料涵蓋史瓦帝尼" in page
    assert reverse("iati:upload") in page


def test_it_redirects_the_old_iati_address_to_the_reports_app() -> None:
    client = Client()
    bare = client.get("/iati/countries/SZ/donors/?kind=commitments")
    assert bare.status_code == 302
    assert bare["Location"] == "/zh-hant/iati/countries/SZ/donors/?kind=commitments"
    old = client.get(bare["Location"])
    assert old.status_code == 301
    assert old["Location"] == reverse("reports:donors", args=["SZ"]) + "?kind=commitments"
