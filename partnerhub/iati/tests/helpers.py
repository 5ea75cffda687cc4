"""Small IATI files for tests, and the schema check every export test runs."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from lxml import etree


def activity_xml(identifier: str, *, reporting: str = "XM-DAC-41114", extra: str = "") -> str:
    return f"""
 <iati-activity default-currency="USD" xml:lang="en" last-updated-datetime="2024-01-02T00:00:00Z">
  <iati-identifier>{identifier}</iati-identifier>
  <reporting-org ref="{reporting}" type="40"><narrative>Publisher {reporting}</narrative></reporting-org>
  <title><narrative>Water for {identifier}</narrative><narrative xml:lang="zh-Hant">供水 {identifier}</narrative></title>
  <description><narrative>Wells and pipes.</narrative></description>
  <participating-org role="1" ref="{reporting}" type="40"><narrative>Funder</narrative></participating-org>
  <participating-org role="4" ref="TW-GOV-ICDF" type="10"><narrative>Implementer</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2020-01-01"/>
  <activity-date type="3" iso-date="2022-12-31"/>
  <recipient-country code="SZ" percentage="60"/>
  <recipient-country code="PY" percentage="40"/>
  <sector vocabulary="1" code="14030" percentage="100"/>
  <sector vocabulary="7" code="6"/>
  <tag vocabulary="3" code="6.1"/>
  <budget type="1" status="1"><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
   <value currency="USD" value-date="2020-01-01">1000</value></budget>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2020-05-01"/>
   <value value-date="2020-05-01">250.50</value></transaction>
  {extra}
 </iati-activity>"""


def activities_file(path: Path, *activities: str, version: str = "2.03") -> Path:
    body = "".join(activities)
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="{version}">{body}\n</iati-activities>\n',
        encoding="utf-8",
    )
    return path


def schema_errors(document: bytes | Path, kind: str = "activities") -> list[str]:
    """Errors of ``document`` against the official 2.03 schema (empty when valid)."""
    xsd = Path(settings.PARTNERHUB_IATI_DATA) / "schemas" / f"iati-{kind}-schema.xsd"
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    tree = etree.parse(str(document)) if isinstance(document, Path) else etree.fromstring(document)
    schema.validate(tree)
    return [f"{e.line}: {e.message}" for e in schema.error_log]
