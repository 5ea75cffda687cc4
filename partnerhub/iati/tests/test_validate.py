from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from partnerhub.iati.tests.helpers import activities_file, activity_xml
from partnerhub.iati.validator import validate_file


def test_it_finds_schema_codelist_and_rule_problems_with_lines(tmp_path: Path) -> None:
    bad = activity_xml("XM-DAC-41114-1").replace(
        '<activity-status code="2"/>', '<activity-status code="99"/>'
    )
    bad = bad.replace('percentage="40"', 'percentage="30"')
    bad = bad.replace(
        '<activity-date type="3" iso-date="2022-12-31"/>',
        '<activity-date type="3" iso-date="2019-12-31"/>',
    )
    bad = bad.replace("<description>", "<unknown-element/><description>")
    path = activities_file(tmp_path / "bad.xml", bad)
    report = validate_file(path)
    codes = {(p.code, p.line) for p in report.problems}
    assert ("xsd", 7) in codes
    assert ("codelist", 10) in codes
    rules = [p for p in report.problems if p.code == "rule"]
    assert any("must be before" in p.message_en or "start date" in p.message_en for p in rules)
    assert any("percentage" in p.message_en.lower() for p in rules)
    assert not report.valid


def test_it_passes_a_clean_file(tmp_path: Path) -> None:
    report = validate_file(activities_file(tmp_path / "ok.xml", activity_xml("XM-DAC-41114-1")))
    assert [p.message_en for p in report.problems if p.severity == "error"] == []
    assert report.valid and report.activities == 1 and report.version == "2.03"


def test_it_uses_the_schema_of_the_files_version(tmp_path: Path) -> None:
    path = tmp_path / "old.xml"
    path.write_text(
        '<iati-activities version="1.01"><iati-activity><iati-identifier>X</iati-identifier>'
        '<reporting-org ref="X">X</reporting-org><title>T</title>'
        '<transaction><transaction-type code="C"/><value>1</value></transaction></iati-activity></iati-activities>',
        encoding="utf-8",
    )
    report = validate_file(path)
    assert report.version == "1.01"
    assert not [p for p in report.problems if p.code == "codelist"]


def test_it_reports_hostile_files_as_one_error(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text(
        '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><iati-activities>&x;</iati-activities>'
    )
    report = validate_file(path)
    assert [p.code for p in report.problems] == ["malformed-xml", "no-activities"]


def test_it_prints_text_and_json(tmp_path: Path) -> None:
    ok = activities_file(tmp_path / "ok.xml", activity_xml("XM-DAC-41114-1"))
    bad = activities_file(
        tmp_path / "bad.xml", activity_xml("XM-DAC-41114-2").replace('code="2"/>', 'code="77"/>')
    )
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("iati_validate", str(ok), str(bad), stdout=out)
    assert exit_info.value.code == 1
    text = out.getvalue()
    assert f"{bad}:10: error codelist" in text
    assert text.strip().endswith("2 files checked, 1 valid, 1 with errors")
    out = io.StringIO()
    call_command("iati_validate", str(ok), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["files"][0]["valid"] is True and data["files"][0]["version"] == "2.03"


def _rule_ids(path: Path) -> set[str]:
    return {
        p.message_en.split(":")[0].removeprefix("Rule ")
        for p in validate_file(path).problems
        if p.code == "rule"
    }


def test_it_checks_currency_and_transaction_sectors_as_the_ruleset_means(tmp_path: Path) -> None:
    # Every amount has its own currency: no default-currency is needed (rule 7.8.1).
    priced = activity_xml("XM-C-1").replace(' default-currency="USD"', "")
    priced = priced.replace("<value value-date", '<value currency="USD" value-date')
    assert "7.8.1" not in _rule_ids(activities_file(tmp_path / "priced.xml", priced))
    unpriced = activity_xml("XM-C-2").replace(' default-currency="USD"', "")
    assert "7.8.1" in _rule_ids(activities_file(tmp_path / "unpriced.xml", unpriced))
    # No activity sector: every transaction must declare one (rule 6.7.2).
    bare = (
        activity_xml("XM-S-1")
        .replace('<sector vocabulary="1" code="14030" percentage="100"/>', "")
        .replace('<sector vocabulary="7" code="6"/>', "")
    )
    assert "6.7.2" in _rule_ids(activities_file(tmp_path / "bare.xml", bare))
    with_sector = bare.replace(
        '<transaction-date iso-date="2020-05-01"/>',
        '<transaction-date iso-date="2020-05-01"/><sector vocabulary="1" code="14030"/>',
    )
    # (the sector belongs after the value in the schema, but the rule only asks that it be there)
    assert "6.7.2" not in _rule_ids(activities_file(tmp_path / "sectored.xml", with_sector))


def test_it_names_the_rule_inside_a_loop_not_the_loop(tmp_path: Path) -> None:
    # Two sectors of vocabulary 2 adding up to 80: rule 2.1.2, which the ruleset states in a loop
    # over the vocabularies.
    split = activity_xml("XM-L-1").replace(
        '<sector vocabulary="7" code="6"/>',
        '<sector vocabulary="2" code="140" percentage="50"/>'
        '<sector vocabulary="2" code="151" percentage="30"/>',
    )
    ids = _rule_ids(activities_file(tmp_path / "split.xml", split))
    assert "2.1.2" in ids and "loop" not in ids
