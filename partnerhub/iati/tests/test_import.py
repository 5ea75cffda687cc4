from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from partnerhub.activities.models import Activity, ActivitySdg, Participation, Transaction
from partnerhub.iati.importer import dataset_import
from partnerhub.iati.models import Dataset, ImportProblem, SupersededActivity
from partnerhub.iati.tests.helpers import activities_file, activity_xml
from partnerhub.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_it_imports_a_file_as_a_dataset(tmp_path: Path) -> None:
    path = activities_file(
        tmp_path / "one.xml", activity_xml("XM-DAC-41114-1"), activity_xml("XM-DAC-41114-2")
    )
    result = dataset_import(path=path)
    assert (result.status, result.activities, result.version) == ("imported", 2, "2.03")
    activity = Activity.objects.get(iati_identifier="XM-DAC-41114-1")
    assert (activity.title_en, activity.title_zh) == (
        "Water for XM-DAC-41114-1",
        "供水 XM-DAC-41114-1",
    )
    assert activity.source == "iati" and not activity.is_taiwan
    assert activity.provenance == Dataset.objects.get(name="one.xml").provenance
    assert [c.percentage for c in activity.countries.order_by("code")] == [
        Decimal("40"),
        Decimal("60"),
    ]
    transaction = Transaction.objects.get(activity=activity)
    assert (transaction.type, transaction.currency, transaction.value) == (
        "3",
        "USD",
        Decimal("250.50"),
    )


def test_it_reads_sdgs_from_sectors_tags_and_indicators(tmp_path: Path) -> None:
    result_xml = """<result type="1"><title><narrative>Wells</narrative></title>
      <indicator measure="1"><title><narrative>People</narrative></title>
      <reference vocabulary="9" code="3.2.1"/></indicator></result>"""
    path = activities_file(tmp_path / "sdg.xml", activity_xml("XM-1", extra=result_xml))
    dataset_import(path=path)
    assert set(ActivitySdg.objects.values_list("goal", "target")) == {
        (6, ""),
        (6, "6.1"),
        (3, "3.2"),
    }


def test_it_creates_missing_publishers_and_links_known_organisations(tmp_path: Path) -> None:
    icdf = Organisation.objects.create(
        slug="taiwanicdf", name_en="TaiwanICDF", iati_identifier="TW-GOV-ICDF"
    )
    path = activities_file(tmp_path / "p.xml", activity_xml("XM-1"), activity_xml("XM-2"))
    dataset_import(path=path)
    publisher = Organisation.objects.get(iati_identifier="XM-DAC-41114")
    assert publisher.name_en == "Publisher XM-DAC-41114" and publisher.source == "iati"
    assert set(Activity.objects.values_list("reporting_org", flat=True)) == {publisher.pk}
    assert Participation.objects.filter(role="4", organisation=icdf).count() == 2


def test_it_marks_taiwan_publishers_by_identifier_prefix(tmp_path: Path, settings) -> None:
    settings.PARTNERHUB_TAIWAN_ORG_PREFIXES = ("TW-",)
    path = activities_file(
        tmp_path / "tw.xml",
        activity_xml("TW-GOV-MOFA-1", reporting="TW-GOV-MOFA"),
        activity_xml("XM-1"),
    )
    dataset_import(path=path)
    assert dict(Activity.objects.values_list("iati_identifier", "is_taiwan")) == {
        "TW-GOV-MOFA-1": True,
        "XM-1": False,
    }


def test_it_maps_a_1_0x_file_to_2_03_codes(tmp_path: Path) -> None:
    path = tmp_path / "legacy.xml"
    path.write_text(
        """<iati-activities version="1.03"><iati-activity default-currency="EUR">
  <reporting-org ref="GB-1" type="Government">DFID</reporting-org>
  <iati-identifier>GB-1-123</iati-identifier>
  <title>Old style</title>
  <activity-status code="2">Implementation</activity-status>
  <activity-date type="start-planned">2011-03-01</activity-date>
  <activity-date type="end-actual" iso-date="2013-06-30"/>
  <participating-org role="Funding" ref="GB-1">DFID</participating-org>
  <participating-org role="Implementing">An NGO</participating-org>
  <transaction><transaction-type code="C"/><value value-date="2011-04-01">100</value>
    <transaction-date iso-date="2011-04-01"/></transaction>
  <transaction><transaction-type code="IF"/><value currency="USD">5</value></transaction>
  <budget type="Original"><period-start iso-date="2011-01-01"/><period-end iso-date="2011-12-31"/><value>7</value></budget>
</iati-activity></iati-activities>""",
        encoding="utf-8",
    )
    result = dataset_import(path=path)
    assert result.version == "1.03"
    activity = Activity.objects.get()
    assert (activity.planned_start, activity.actual_end) == (
        dt.date(2011, 3, 1),
        dt.date(2013, 6, 30),
    )
    assert sorted(activity.participations.values_list("role", flat=True)) == ["1", "4"]
    rows = list(
        activity.transactions.order_by("type").values_list("type", "currency", "value_date")
    )
    assert rows == [("1", "USD", None), ("2", "EUR", dt.date(2011, 4, 1))]
    assert activity.budgets.get().type == "1"
    assert activity.reporting_org_name == "DFID"
    notes = ImportProblem.objects.filter(code="legacy-code")
    assert notes.filter(message_en__contains="'C' was read as code 2").exists()


def test_it_is_lenient_with_bare_roots_boms_and_bad_dates(tmp_path: Path) -> None:
    path = tmp_path / "bare.xml"
    text = activity_xml("XM-BARE").replace('iso-date="2020-01-01"/>', 'iso-date="2020-13-45"/>', 1)
    path.write_bytes(b"\xef\xbb\xbf" + text.strip().encode())
    result = dataset_import(path=path)
    assert result.activities == 1
    problems = ImportProblem.objects.filter(dataset__name="bare.xml")
    assert problems.filter(code="missing-version").exists()
    bad = problems.get(code="bad-date")
    assert bad.line == 9 and "2020-13-45" in bad.message_en and "2020-13-45" in bad.message_zh


def test_it_reads_a_file_in_the_wrong_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin.xml"
    text = activities_file(tmp_path / "tmp.xml", activity_xml("XM-E")).read_text()
    text = text.replace('<narrative xml:lang="zh-Hant">供水 XM-E</narrative>', "")
    path.write_bytes(text.replace("Wells and pipes.", "Coopération").encode("latin-1"))
    result = dataset_import(path=path)
    assert result.activities == 1
    assert Activity.objects.get().description_en == "Coopération"
    assert ImportProblem.objects.filter(code="encoding-fallback").exists()


def test_it_skips_a_file_whose_bytes_were_already_imported(tmp_path: Path) -> None:
    path = activities_file(tmp_path / "same.xml", activity_xml("XM-1"))
    assert dataset_import(path=path).status == "imported"
    assert dataset_import(path=path).status == "skipped"
    assert dataset_import(path=path, force=True).status == "imported"
    assert Activity.objects.count() == 1


def test_it_replaces_a_datasets_activities_on_reimport(tmp_path: Path) -> None:
    path = activities_file(tmp_path / "d.xml", activity_xml("XM-1"), activity_xml("XM-2"))
    dataset_import(path=path)
    other = activities_file(tmp_path / "other.xml", activity_xml("XM-9"))
    dataset_import(path=other)
    old_provenance = Dataset.objects.get(name="d.xml").provenance_id
    activities_file(path, activity_xml("XM-3"))
    result = dataset_import(path=path)
    assert result.activities == 1
    assert set(Activity.objects.values_list("iati_identifier", flat=True)) == {"XM-3", "XM-9"}
    assert Dataset.objects.get(name="d.xml").provenance_id != old_provenance


def test_it_leaves_the_database_unchanged_when_a_file_is_truncated(tmp_path: Path) -> None:
    path = activities_file(tmp_path / "t.xml", activity_xml("XM-1"), activity_xml("XM-2"))
    dataset_import(path=path)
    before = sorted(Activity.objects.values_list("pk", "iati_identifier"))
    text = activities_file(
        tmp_path / "t2.xml", *(activity_xml(f"XM-{n}") for n in range(5))
    ).read_text()
    path.write_text(text[: len(text) // 2 + 40], encoding="utf-8")
    result = dataset_import(path=path)
    assert result.status == "failed" and result.line
    assert sorted(Activity.objects.values_list("pk", "iati_identifier")) == before
    dataset = Dataset.objects.get(name="t.xml")
    assert dataset.status == "failed"
    problem = dataset.problems.get(code="import-failed")
    assert problem.line == result.line and "匯入中止" in problem.message_zh


def test_it_does_not_write_anything_on_a_dry_run(tmp_path: Path) -> None:
    path = activities_file(tmp_path / "dry.xml", activity_xml("XM-1"))
    result = dataset_import(path=path, dry_run=True)
    assert (result.status, result.activities) == ("dry-run", 1)
    assert (
        not Activity.objects.exists()
        and not Dataset.objects.exists()
        and not Organisation.objects.exists()
    )


@pytest.mark.shared
def test_it_imports_every_shared_sample_and_records_its_problems(iati_samples_dir: Path) -> None:
    for path in sorted(iati_samples_dir.glob("*.xml")):
        result = dataset_import(path=path)
        assert result.status == "imported", (path.name, result.error)
        assert result.activities + result.superseded > 0, path.name
    by_name = {d.name: d for d in Dataset.objects.all()}
    assert by_name["ocha-dportal_14.xml"].version == "2.03"
    # Its only problems: document links written "www.gtai.de/…", without a scheme (kept as text),
    # and budgets longer than a year, which the export leaves out (rule 7.5.3).
    assert set(by_name["ocha-dportal_14.xml"].problems.values_list("code", flat=True)) == {
        "unsafe-url",
        "exported-without",
    }
    assert by_name["single_activity.xml"].problems.filter(code="missing-version").exists()
    legacy = ImportProblem.objects.filter(dataset__name="CD.xml", code="legacy-code").first()
    assert (
        legacy is not None
        and legacy.line
        and legacy.xpath.startswith("/iati-activities/iati-activity[")
    )
    # Each activity once in the registry; copies in other datasets kept as superseded versions.
    assert Activity.objects.count() + SupersededActivity.objects.count() == sum(
        d.activity_count for d in by_name.values()
    )


@pytest.mark.parametrize("parallel", [False, True])
def test_it_reads_in_a_second_process_with_the_same_outcome(tmp_path: Path, parallel: bool) -> None:
    good = activities_file(tmp_path / "good.xml", *(activity_xml(f"XM-{n}") for n in range(3)))
    result = dataset_import(path=good, parallel=parallel)
    assert (result.status, result.activities, result.version) == ("imported", 3, "2.03")
    latin = tmp_path / "latin.xml"
    text = good.read_text().replace("供水", "Eau").replace("Wells and pipes.", "Coopération")
    latin.write_bytes(text.replace("XM-", "XL-").encode("latin-1"))
    result = dataset_import(path=latin, parallel=parallel)
    assert result.activities == 3
    assert (
        ImportProblem.objects.filter(dataset__name="latin.xml", code="encoding-fallback").count()
        == 1
    )
    assert Activity.objects.filter(description_en="Coopération").count() == 3
    broken = tmp_path / "broken.xml"
    broken.write_text(good.read_text()[:-60].replace("XM-", "XB-"), encoding="utf-8")
    before = Activity.objects.count()
    result = dataset_import(path=broken, parallel=parallel)
    assert result.status == "failed" and result.line
    assert Activity.objects.count() == before
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(
        '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><iati-activities>&x;</iati-activities>'
    )
    result = dataset_import(path=hostile, parallel=parallel)
    assert result.status == "failed" and "entities" in result.error
