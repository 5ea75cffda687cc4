from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from lxml import etree

from partnerhub.activities.models import Activity
from partnerhub.activities.records import (
    ActivityRecord,
    BudgetRecord,
    CountryRecord,
    IndicatorRecord,
    ParticipationRecord,
    ResultRecord,
    SdgRecord,
    SectorRecord,
    TransactionRecord,
)
from partnerhub.activities.services import activity_create
from partnerhub.iati.exporter import activities_export
from partnerhub.iati.importer import dataset_import
from partnerhub.iati.tests.helpers import activities_file, activity_xml, schema_errors
from partnerhub.organisations.models import Organisation

pytestmark = pytest.mark.django_db
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def taiwan_activity(identifier: str = "2023-001", **fields) -> Activity:
    record = ActivityRecord(
        iati_identifier=identifier,
        source="whitepaper-appendix-1",
        title_zh="史瓦帝尼糧食安全計畫",
        title_en="Eswatini food security project",
        year=2023,
        participations=[ParticipationRecord(role="4", printed_name="國際合作發展基金會")],
        countries=[CountryRecord(code="SZ", printed_name="史瓦帝尼")],
        sectors=[SectorRecord(code="31120", percentage=Decimal("100"))],
        sdgs=[SdgRecord(goal=2), SdgRecord(goal=2, target="2.1")],
        budgets=[BudgetRecord(value=Decimal("1500000"), currency="TWD")],
        transactions=[TransactionRecord(type="3", value=Decimal("1200000"), currency="TWD")],
        results=[
            ResultRecord(
                title_zh="農民受訓",
                indicators=[
                    IndicatorRecord(
                        title_zh="受訓人數", baseline_value=Decimal(0), baseline_year=2022
                    )
                ],
            )
        ],
        **fields,
    )
    return activity_create(record=record)


def export_bytes(qs=None) -> bytes:
    out = io.BytesIO()
    activities_export(qs if qs is not None else Activity.objects.all(), out)
    return out.getvalue()


def test_it_exports_taiwan_activities_that_validate(settings) -> None:
    settings.PARTNERHUB_REPORTING_ORG_REF = "TW-GOV-MOFA"
    taiwan_activity()
    taiwan_activity("TW-GOV-MOFA-2023-002")
    data = export_bytes()
    assert schema_errors(data) == []
    root = etree.fromstring(data)
    assert root.get("version") == "2.03"
    identifiers = root.xpath("//iati-identifier/text()")
    assert identifiers == ["TW-GOV-MOFA-2023-001", "TW-GOV-MOFA-2023-002"]
    activity = root.find("iati-activity")
    assert activity.find("reporting-org").get("ref") == "TW-GOV-MOFA"
    langs = [(n.get(XML_LANG), n.text) for n in activity.find("title")]
    assert langs == [("zh-Hant", "史瓦帝尼糧食安全計畫"), ("en", "Eswatini food security project")]
    dates = {d.get("type"): d.get("iso-date") for d in activity.iter("activity-date")}
    assert dates == {"1": "2023-01-01", "3": "2023-12-31"}
    assert sorted((t.get("vocabulary"), t.get("code")) for t in activity.iter("tag")) == [
        ("2", "2"),
        ("3", "2.1"),
    ]


def test_it_exports_imported_activities_with_their_kept_elements(tmp_path: Path) -> None:
    extra = '<location><name><narrative>Mbabane</narrative></name></location><other-identifier ref="x"/>'
    path = activities_file(tmp_path / "k.xml", activity_xml("XM-DAC-41114-1", extra=""))
    text = path.read_text().replace("<activity-status", f"{extra}<activity-status")
    path.write_text(text.replace('<activity-status code="2"/>', '<activity-status code="2"/>'))
    dataset_import(path=path)
    data = export_bytes()
    assert schema_errors(data) == []
    activity = etree.fromstring(data).find("iati-activity")
    # The other-identifier lacks its required @type and is dropped; the location is carried on.
    assert activity.find("location/name/narrative").text == "Mbabane"
    assert activity.find("other-identifier") is None
    assert activity.find("reporting-org").get("ref") == "XM-DAC-41114"


@pytest.mark.shared
def test_it_exports_every_imported_sample_as_valid_2_03(
    iati_samples_dir: Path, tmp_path: Path
) -> None:
    for path in sorted(iati_samples_dir.glob("*.xml")):
        dataset_import(path=path)
    target = tmp_path / "all.xml"
    assert activities_export(Activity.objects.all(), str(target)) == Activity.objects.count()
    assert schema_errors(target) == []


def test_it_exports_filtered_activities_and_organisations_from_the_command(tmp_path: Path) -> None:
    taiwan_activity()
    taiwan_activity("2019-1", modality="humanitarian")
    Organisation.objects.create(
        slug="mofa", name_zh="外交部", iati_identifier="TW-GOV-MOFA", iati_type="10"
    )
    out, orgs = tmp_path / "a.xml", tmp_path / "o.xml"
    stdout = io.StringIO()
    call_command(
        "iati_export",
        "--output",
        str(out),
        "--modality",
        "humanitarian",
        "--organisations",
        str(orgs),
        stdout=stdout,
    )
    assert "1 activities written" in stdout.getvalue()
    assert schema_errors(out) == []
    assert schema_errors(orgs, "organisations") == []
    assert etree.parse(str(out)).xpath("count(//iati-activity)") == 1
