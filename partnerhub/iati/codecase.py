"""Codes in the spelling their codelist gives them: ``EN`` -> ``en``, ``APPLICATION/PDF`` ->
``application/pdf``, ``usd`` -> ``USD``.

Publishers write codes in any case; the Standard's codelists (and so the validator) compare them
exactly. The exporter writes each code as its codelist spells it when the value matches one
ignoring case, and leaves other values (``zh-Hant``, unknown formats) as they are.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@cache
def _spellings(codelist: str) -> dict[str, str]:
    path = Path(settings.PARTNERHUB_IATI_DATA) / "codelists" / "json" / "en" / f"{codelist}.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(item["code"]).casefold(): str(item["code"]) for item in data.get("data", [])}


@cache
def codes(codelist: str) -> frozenset[str]:
    """Every code of ``codelist`` as it spells it (empty when the codelist is not there)."""
    return frozenset(_spellings(codelist).values())


def canonical(codelist: str, value: str) -> str:
    """``value`` as ``codelist`` spells it, or ``value`` unchanged when it is not a code there."""
    if not value:
        return value
    return _spellings(codelist).get(value.strip().casefold(), value)


def normalise_codes(activity: etree._Element) -> None:
    """Respell, in place, the codes of one ``iati-activity`` whose case the Standard fixes."""
    _respell(activity, XML_LANG, "Language")
    _respell(activity, "default-currency", "Currency")
    for node in activity.iter("narrative"):
        _respell(node, XML_LANG, "Language")
    for node in activity.iter("document-link"):
        _respell(node, "format", "FileFormat")
    for node in activity.iter("language"):
        _respell(node, "code", "Language")
    for node in activity.iter("value", "forecast", "loan-status"):
        _respell(node, "currency", "Currency")
    for node in activity.iter("recipient-country"):
        _respell(node, "code", "Country")
    # SDG codes: the codelists write targets in lower case (``1.a``); publishers often do not.
    for node in activity.iter("sector", "tag"):
        codelist = _SDG_VOCABULARIES.get((str(node.tag), node.get("vocabulary") or ""))
        if codelist is not None:
            _respell(node, "code", codelist)


_SDG_VOCABULARIES = {
    ("sector", "7"): "UNSDG-Goals",
    ("sector", "8"): "UNSDG-Targets",
    ("tag", "2"): "UNSDG-Goals",
    ("tag", "3"): "UNSDG-Targets",
}


def _respell(node: etree._Element, attribute: str, codelist: str) -> None:
    value = node.get(attribute)
    if value:
        spelled = canonical(codelist, value)
        if spelled != value:
            node.set(attribute, spelled)
