"""Import each schema-valid 2.03 sample, export it, and compare element by element."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from partnerhub.activities.models import Activity
from partnerhub.core.links import is_safe_url
from partnerhub.iati.elements.money import BUDGET_DAYS_LIMIT
from partnerhub.iati.exporter import activities_export
from partnerhub.iati.importer import dataset_import
from partnerhub.iati.tests.helpers import schema_errors

pytestmark = [pytest.mark.django_db, pytest.mark.shared]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _num(value: str | None) -> Decimal | None:
    return Decimal(value.strip()) if value and value.strip() else None


def _at_most_a_year(budget: Any) -> bool:
    start = dt.date.fromisoformat(budget.find("period-start").get("iso-date"))
    end = dt.date.fromisoformat(budget.find("period-end").get("iso-date"))
    return (end - start).days <= BUDGET_DAYS_LIMIT


def _rounded(value: str | None) -> Decimal | None:
    number = _num(value)
    return None if number is None else round(number, 1)


def _narratives(element: Any, default_lang: str) -> Counter[tuple[str, str]]:
    if element is None:
        return Counter()
    return Counter(
        ((n.get(XML_LANG) or default_lang).lower().replace("zh-hant", "zh"), (n.text or "").strip())
        for n in element.iterchildren("narrative")
        if (n.text or "").strip()
    )


def summary(activity: Any) -> dict[str, Any]:
    """The meaningful content of one activity, in a form two documents can be compared by."""
    lang = (activity.get(XML_LANG) or "en").lower()
    return {
        "identifier": activity.findtext("iati-identifier").strip(),
        "reporting-org": activity.find("reporting-org").get("ref"),
        "title": _narratives(activity.find("title"), lang),
        "description": Counter(
            (d.get("type") or "1", tuple(sorted(_narratives(d, lang).elements())))
            for d in activity.iterchildren("description")
        ),
        "status": activity.find("activity-status").get("code"),
        "dates": Counter((d.get("type"), d.get("iso-date")) for d in activity.iter("activity-date")),
        "participating-org": Counter((p.get("role"), p.get("ref") or "") for p in activity.iter("participating-org")),
        "recipient-country": Counter((c.get("code"), _num(c.get("percentage"))) for c in activity.iterchildren("recipient-country")),
        "recipient-region": Counter((c.get("code"), _num(c.get("percentage"))) for c in activity.iterchildren("recipient-region")),
        # The export respells SDG target codes (1.A -> 1.a) and corrects percentages that miss
        # 100 by their rounding (docs/iati.md, "Export"): compared at that precision.
        "sector": Counter(
            (s.get("vocabulary") or "1", s.get("code").lower(), _rounded(s.get("percentage")))
            for s in activity.iterchildren("sector")
        ),
        "budget": Counter(
            (
                b.find("period-start").get("iso-date"),
                b.find("period-end").get("iso-date"),
                _num(b.findtext("value")),
                b.find("value").get("currency") or activity.get("default-currency"),
            )
            for b in activity.iterchildren("budget")
            if _at_most_a_year(b)  # a longer budget is left out of the export (rule 7.5.3)
        ),
        "transaction": Counter(
            (
                t.find("transaction-type").get("code"),
                t.find("transaction-date").get("iso-date"),
                _num(t.findtext("value")),
                t.find("value").get("currency") or activity.get("default-currency"),
            )
            for t in activity.iterchildren("transaction")
        ),
        # Only http, https and ftp addresses travel (docs/iati.md); others are kept as text.
        "document-link": Counter(
            d.get("url") for d in activity.iterchildren("document-link") if is_safe_url(d.get("url"))
        ),
        "kept": Counter(
            child.tag
            for child in activity
            if child.tag in {"location", "tag", "policy-marker", "result", "contact-info", "other-identifier",
                             "default-aid-type", "default-finance-type", "default-flow-type", "humanitarian-scope"}
        ),
    }  # fmt: skip


@pytest.mark.parametrize("name", ["ocha-dportal_100.xml", "ocha-dportal_14.xml"])
def test_it_round_trips_a_valid_2_03_sample(iati_samples_dir: Path, name: str) -> None:
    source = iati_samples_dir / name
    assert schema_errors(source) == [], "the sample itself must be schema-valid"
    dataset_import(path=source)
    out = io.BytesIO()
    activities_export(Activity.objects.all(), out)
    assert schema_errors(out.getvalue()) == []
    before = {
        a.findtext("iati-identifier").strip(): summary(a)
        for a in etree.parse(str(source)).getroot()
    }
    after = {
        a.findtext("iati-identifier").strip(): summary(a) for a in etree.fromstring(out.getvalue())
    }
    assert before.keys() == after.keys()
    for identifier, original in before.items():
        for key, value in original.items():
            assert after[identifier][key] == value, (identifier, key)
