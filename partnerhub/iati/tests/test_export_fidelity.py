"""The export keeps languages, spells codes as their codelists do, and keeps every result."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from partnerhub.activities.models import Activity
from partnerhub.iati.codecase import canonical
from partnerhub.iati.exporter import activities_export
from partnerhub.iati.importer import dataset_import
from partnerhub.iati.models import ImportProblem
from partnerhub.iati.tests.helpers import activities_file, activity_xml, schema_errors
from partnerhub.iati.validator import validate_file

pytestmark = pytest.mark.django_db
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _export(tmp_path: Path) -> Path:
    out = tmp_path / "export.xml"
    activities_export(Activity.objects.all(), str(out))
    return out


def test_it_keeps_xml_lang_and_respells_upper_case_codes(tmp_path: Path) -> None:
    links = """<document-link url="https://example.org/a.pdf" format="APPLICATION/PDF">
      <title><narrative>Report</narrative></title><category code="A01"/><language code="EN"/>
      </document-link>"""
    body = activity_xml("XM-LANG-1", extra=links).replace('xml:lang="en"', 'xml:lang="FR"', 1)
    dataset_import(path=activities_file(tmp_path / "lang.xml", body))
    out = _export(tmp_path)
    assert schema_errors(out) == []
    activity = etree.parse(str(out)).find("iati-activity")
    assert activity is not None and activity.get(XML_LANG) == "fr"
    link = activity.find("document-link")
    assert link is not None and link.get("format") == "application/pdf"
    assert link.find("language").get("code") == "en"  # type: ignore[union-attr]
    problems = validate_file(out).problems
    assert not [p for p in problems if "4.1.1" in p.message_en], problems
    assert not [p for p in problems if p.code == "codelist"], problems


def test_it_gives_every_exported_activity_a_language(tmp_path: Path) -> None:
    body = activity_xml("XM-NOLANG").replace(' xml:lang="en"', "", 1)
    dataset_import(path=activities_file(tmp_path / "nolang.xml", body))
    out = _export(tmp_path)
    activity = etree.parse(str(out)).find("iati-activity")
    assert activity is not None and activity.get(XML_LANG) == "en"
    assert not [p for p in validate_file(out).problems if "4.1.1" in p.message_en]


def test_it_writes_a_result_from_its_modelled_fields_when_the_kept_xml_is_invalid(
    tmp_path: Path,
) -> None:
    # The indicator's title comes after its baseline: the 2.03 schema refuses this order.
    broken = """<result type="2"><title><narrative>Fewer sick children</narrative></title>
      <indicator measure="1"><baseline year="2020" value="12"/>
      <title><narrative>Cases per 1,000</narrative></title></indicator></result>"""
    fine = """<result type="1"><title><narrative>Wells built</narrative></title>
      <indicator measure="1"><title><narrative>Wells</narrative></title></indicator></result>"""
    dataset_import(
        path=activities_file(tmp_path / "r.xml", activity_xml("XM-R", extra=broken + fine))
    )
    out = _export(tmp_path)
    assert schema_errors(out) == []
    results = etree.parse(str(out)).findall("iati-activity/result")
    titles = [r.findtext("title/narrative") for r in results]
    assert titles == ["Fewer sick children", "Wells built"]
    assert results[0].get("type") == "2"
    assert results[0].findtext("indicator/title/narrative") == "Cases per 1,000"


def test_it_spells_codes_as_their_codelists_do() -> None:
    assert canonical("Language", "EN") == "en"
    assert canonical("FileFormat", "APPLICATION/PDF") == "application/pdf"
    assert canonical("Currency", "usd") == "USD"
    assert canonical("Language", "zh-Hant") == "zh-Hant"  # not a code there: left as it is


@pytest.mark.shared
def test_it_round_trips_every_shared_sample_into_a_valid_export(
    iati_samples_dir: Path, tmp_path: Path
) -> None:
    for path in sorted(iati_samples_dir.glob("*.xml")):
        assert dataset_import(path=path).status == "imported", path.name
    out = _export(tmp_path)
    assert schema_errors(out) == []
    exported = Counter(
        (a.findtext("iati-identifier") or "").strip()
        for a in etree.parse(str(out)).getroot().iterchildren("iati-activity")
    )
    stored = Counter(Activity.objects.values_list("iati_identifier", flat=True))
    assert exported == stored  # every activity once (duplicates across datasets: the current copy)
    report = validate_file(out)
    assert report.activities == Activity.objects.count()
    assert not [p for p in report.problems if p.code == "xsd"]
    assert not [p for p in report.problems if "4.1.1" in p.message_en]
    # No code is refused only for its case: what remains is the publishers' own values.
    case_only = [
        p
        for p in report.problems
        if p.code == "codelist"
        and any(x in p.message_en for x in ("language/@code", "document-link/@format"))
        and p.message_en.split("'")[1] != canonical("FileFormat", p.message_en.split("'")[1])
    ]
    assert case_only == []
    # Every publisher's gap the Standard defines a way to write is written that way (docs/iati.md,
    # "Export"); nothing fails any more, and a class of error coming back fails here.
    assert [(p.line, p.message_en) for p in report.problems if p.severity == "error"] == []


def test_it_exports_an_unsdg_target_in_its_codelists_case(tmp_path: Path) -> None:
    body = activity_xml("XM-SDG-1").replace(
        '<tag vocabulary="3" code="6.1"/>',
        '<tag vocabulary="3" code="6.A"/><sector vocabulary="8" code="6.B"/>',
    )
    dataset_import(path=activities_file(tmp_path / "sdg.xml", body))
    activity = etree.parse(str(_export(tmp_path))).find("iati-activity")
    assert activity is not None
    assert activity.find("tag[@vocabulary='3']").get("code") == "6.a"  # type: ignore[union-attr]
    assert activity.find("sector[@vocabulary='8']").get("code") == "6.b"  # type: ignore[union-attr]


def test_it_exports_without_a_dac_policy_marker_lacking_significance_and_says_so(
    tmp_path: Path,
) -> None:
    markers = """<policy-marker vocabulary="1" code="1"/>
      <policy-marker vocabulary="1" code="2" significance="1"/>"""
    result = dataset_import(
        path=activities_file(tmp_path / "pm.xml", activity_xml("XM-PM-1", extra=markers))
    )
    out = _export(tmp_path)
    exported = etree.parse(str(out)).findall("iati-activity/policy-marker")
    assert [(m.get("code"), m.get("significance")) for m in exported] == [("2", "1")]
    assert not [p for p in validate_file(out).problems if "6.14.1" in p.message_en]
    problem = ImportProblem.objects.get(dataset_id=result.dataset_id, code="exported-without")
    assert "6.14.1" in problem.message_en and "匯出時不含" in problem.message_zh


def test_it_leaves_invalid_parts_out_of_the_export_and_says_so_at_import(tmp_path: Path) -> None:
    extra = """<budget type="1" status="1"><period-start iso-date="2020-01-01"/>
        <period-end iso-date="2022-12-31"/><value currency="USD" value-date="2020-01-01">5</value></budget>
      <result type="1"><title><narrative>Wells</narrative></title>
        <indicator measure="1"><title><narrative>Wells built</narrative></title>
          <period><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
            <target/><actual value="3"/></period></indicator></result>"""
    body = activity_xml("XM-BAD-1", extra=extra)
    body = body.replace(
        '<activity-date type="3" iso-date="2022-12-31"/>',
        '<activity-date type="3" iso-date="2019-06-30"/>',
    )
    body = body.replace('code="14030" percentage="100"', 'code="14012" percentage="100"')
    result = dataset_import(path=activities_file(tmp_path / "bad.xml", body))
    out = _export(tmp_path)
    report = validate_file(out)
    assert [p for p in report.problems if p.severity == "error"] == []
    activity = etree.parse(str(out)).find("iati-activity")
    assert activity is not None
    assert len(activity.findall("budget")) == 1  # the three-year budget is left out
    assert activity.find("activity-date[@type='3']") is None  # it ended before it started
    assert activity.find("result/indicator/period/target") is None
    assert activity.find("result/indicator/period/actual").get("value") == "3"  # type: ignore[union-attr]
    sector = activity.find("sector")
    assert sector is not None and (sector.get("vocabulary"), sector.get("code")) == ("2", "140")
    # The registry keeps what was published; the problem rows say what the export does.
    stored = Activity.objects.get()
    assert stored.budgets.count() == 2
    assert stored.sectors.get(vocabulary="1").code == "14012"
    rows = ImportProblem.objects.filter(dataset_id=result.dataset_id)
    messages = " ".join(rows.values_list("message_en", flat=True))
    assert "rule 7.5.3" in messages and "rules 8.8.1, 8.9.1, 8.10.1" in messages
    assert "before it starts" in messages and "3-digit categories" in messages
    assert rows.filter(code="exported-without").count() == 3
    assert rows.filter(code="exported-changed").count() == 1


def test_it_corrects_percentages_that_miss_100_only_by_rounding(tmp_path: Path) -> None:
    body = activity_xml("XM-ROUND-1").replace(
        '<recipient-country code="SZ" percentage="60"/>\n  <recipient-country code="PY" percentage="40"/>',
        '<recipient-country code="SZ" percentage="33.33"/><recipient-country code="PY" percentage="33.33"/>'
        '<recipient-country code="HT" percentage="33.33"/>',
    )
    body = body.replace(
        '<sector vocabulary="1" code="14030" percentage="100"/>',
        '<sector vocabulary="1" code="14030" percentage="66.66"/><sector vocabulary="1" code="11110" percentage="33.33"/>',
    )
    result = dataset_import(path=activities_file(tmp_path / "round.xml", body))
    out = _export(tmp_path)
    activity = etree.parse(str(out)).find("iati-activity")
    assert activity is not None
    countries = [Decimal(c.get("percentage") or "0") for c in activity.iter("recipient-country")]
    dac = [
        Decimal(s.get("percentage") or "0")
        for s in activity.iterchildren("sector")
        if s.get("vocabulary") is None
    ]
    assert sum(countries) == 100 and sum(dac) == 100 and max(dac) == Decimal("66.67")
    assert [p for p in validate_file(out).problems if p.severity == "error"] == []
    changed = ImportProblem.objects.filter(dataset_id=result.dataset_id, code="exported-changed")
    assert {"rule 3.1.2", "rule 2.1.2"} <= {
        m.split("(")[-1].rstrip(").") for m in changed.values_list("message_en", flat=True)
    }


def _sectorless(identifier: str, *, transactions: str = "") -> str:
    body = activity_xml(identifier)
    for drop in (
        '<recipient-country code="SZ" percentage="60"/>',
        '<recipient-country code="PY" percentage="40"/>',
        '<sector vocabulary="1" code="14030" percentage="100"/>',
        '<sector vocabulary="7" code="6"/>',
    ):
        body = body.replace(drop, "")
    if transactions:
        start = body.index("<transaction>")
        end = body.index("</transaction>") + len("</transaction>")
        body = body[:start] + transactions + body[end:]
    return body


def _rule_errors(out: Path, *rules: str) -> list[str]:
    return [
        p.message_en
        for p in validate_file(out).problems
        if p.severity == "error" and any(f"Rule {r}:" in p.message_en for r in rules)
    ]


def test_an_activity_published_without_sector_or_recipient_is_exported_as_unspecified(
    tmp_path: Path,
) -> None:
    result = dataset_import(path=activities_file(tmp_path / "u.xml", _sectorless("XM-UNSPEC-1")))
    out = _export(tmp_path)
    assert schema_errors(out) == []
    activity = etree.parse(str(out)).find("iati-activity")
    assert activity is not None
    assert [(s.get("vocabulary"), s.get("code")) for s in activity.findall("sector")] == [
        (None, "99810")
    ]
    region = activity.find("recipient-region")
    assert region is not None and (region.get("code"), region.get("vocabulary")) == ("998", "1")
    assert activity.find("transaction/sector") is None
    assert _rule_errors(out, "6.2.2", "6.7.2", "3.7.1", "3.7.2") == []
    # The registry keeps what was published; the import said what the export writes.
    stored = Activity.objects.get()
    assert not stored.sectors.exists() and not stored.countries.exists()
    rows = ImportProblem.objects.filter(dataset_id=result.dataset_id, code="exported-changed")
    messages = sorted(rows.values_list("message_en", flat=True))
    assert len(messages) == 2
    assert "99810 (Sectors not specified) on the activity" in messages[1]
    assert "998 (Developing countries, unspecified) on the activity" in messages[0]
    assert all("匯出時於此活動標示" in m for m in rows.values_list("message_zh", flat=True))


def test_transactions_without_a_sector_get_it_when_the_others_carry_theirs(
    tmp_path: Path,
) -> None:
    transactions = """
      <transaction><transaction-type code="3"/><transaction-date iso-date="2020-05-01"/>
       <value value-date="2020-05-01">10</value><sector vocabulary="1" code="12220"/>
       <recipient-country code="PY"/></transaction>
      <transaction><transaction-type code="3"/><transaction-date iso-date="2020-06-01"/>
       <value value-date="2020-06-01">20</value></transaction>"""
    body = _sectorless("XM-UNSPEC-2", transactions=transactions)
    dataset_import(path=activities_file(tmp_path / "t.xml", body))
    out = _export(tmp_path)
    assert schema_errors(out) == []
    activity = etree.parse(str(out)).find("iati-activity")
    assert activity is not None
    assert activity.find("sector") is None and activity.find("recipient-region") is None
    written = [
        (t.find("sector").get("code"), t.findtext("value"))  # type: ignore[union-attr]
        for t in activity.findall("transaction")
    ]
    assert written == [("12220", "10"), ("99810", "20")]
    places = [
        (t.find("recipient-country") is not None, t.find("recipient-region") is not None)
        for t in activity.findall("transaction")
    ]
    assert places == [(True, False), (False, True)]
    assert _rule_errors(out, "6.2.2", "6.6.2", "6.7.2", "3.6.2", "3.7.1", "3.7.2") == []


def test_dac_percentages_falling_short_of_100_keep_their_shares_and_the_rest_is_unspecified(
    tmp_path: Path,
) -> None:
    body = activity_xml("XM-UNSPEC-3").replace(
        '<sector vocabulary="1" code="14030" percentage="100"/>',
        '<sector vocabulary="1" code="14030" percentage="20"/>'
        '<sector vocabulary="1" code="12220" percentage="10"/>',
    )
    result = dataset_import(path=activities_file(tmp_path / "p.xml", body))
    out = _export(tmp_path)
    activity = etree.parse(str(out)).find("iati-activity")
    assert activity is not None
    shares = [
        (s.get("code"), s.get("percentage"))
        for s in activity.findall("sector")
        if s.get("vocabulary") is None
    ]
    assert shares == [("14030", "20"), ("12220", "10"), ("99810", "70")]
    assert _rule_errors(out, "2.1.2") == []
    problem = ImportProblem.objects.get(dataset_id=result.dataset_id, code="exported-changed")
    assert "add up to 30" in problem.message_en and "70%" in problem.message_en
    assert Activity.objects.get().sectors.count() == 3  # 14030, 12220 and the SDG vocabulary 7


def test_dac_percentages_over_100_are_exported_as_published(tmp_path: Path) -> None:
    body = activity_xml("XM-UNSPEC-4").replace(
        '<sector vocabulary="1" code="14030" percentage="100"/>',
        '<sector vocabulary="1" code="14030" percentage="80"/>'
        '<sector vocabulary="1" code="12220" percentage="40"/>',
    )
    dataset_import(path=activities_file(tmp_path / "o.xml", body))
    activity = etree.parse(str(_export(tmp_path))).find("iati-activity")
    assert activity is not None
    assert [s.get("code") for s in activity.findall("sector")] == ["14030", "12220", "6"]
