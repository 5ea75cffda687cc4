"""Each element group reads into a record and writes it back: read(write(read(x))) == read(x).

No database: ``read_x(element, ctx) -> XRecord`` and ``write_x(xf, XRecord)`` are symmetric.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree

from partnerhub.activities.records import ActivityRecord
from partnerhub.core.models import Source
from partnerhub.iati.elements import (
    ReadContext,
    children,
    documents,
    first_children,
    geography,
    money,
    narrative,
    participation,
    results,
    sectors,
)
from partnerhub.iati.problems import ProblemSink


def _ctx() -> ReadContext:
    record = ActivityRecord(iati_identifier="XM-1", source=Source.IATI)
    return ReadContext(version="2.03", sink=ProblemSink(), record=record, default_currency="EUR")


def _write(write: Callable[[Any, Any], None], record: Any) -> etree._Element:
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="utf-8") as xf:
        write(xf, record)
    return etree.fromstring(buffer.getvalue())


CASES = [
    (
        participation.read_participating_org,
        participation.write_participating_org,
        '<participating-org role="4" ref="XM-ORG" type="21" crs-channel-code="21000">'
        "<narrative>Builder</narrative></participating-org>",
    ),
    (
        geography.read_country,
        geography.write_country,
        '<recipient-country code="SZ" percentage="60.5"><narrative>Eswatini</narrative>'
        "</recipient-country>",
    ),
    (
        geography.read_region,
        geography.write_region,
        '<recipient-region code="298" vocabulary="1" percentage="40"/>',
    ),
    (
        sectors.read_sector,
        sectors.write_sector,
        '<sector vocabulary="2" code="140" percentage="100"><narrative>Water</narrative></sector>',
    ),
    (
        money.read_budget,
        money.write_budget,
        '<budget type="2" status="2"><period-start iso-date="2024-01-01"/>'
        '<period-end iso-date="2024-12-31"/><value currency="USD" value-date="2024-01-01">'
        "1500.25</value></budget>",
    ),
    (
        money.read_transaction,
        money.write_transaction,
        '<transaction ref="T-1"><transaction-type code="3"/><transaction-date iso-date="2024-02-01"/>'
        '<value value-date="2024-02-01">99.5</value><description><narrative>Pipes</narrative>'
        '</description><provider-org ref="XM-A"><narrative>A</narrative></provider-org>'
        '<receiver-org ref="XM-B"><narrative>B</narrative></receiver-org><sector code="14030"/>'
        '<recipient-country code="SZ"/><flow-type code="10"/><finance-type code="110"/>'
        '<aid-type code="C01"/></transaction>',
    ),
    (
        documents.read_document_link,
        documents.write_document_link,
        '<document-link url="https://example.org/r.pdf" format="application/pdf">'
        '<title><narrative>Report</narrative></title><category code="A02"/>'
        '<language code="fr"/></document-link>',
    ),
    (
        results.read_result,
        results.write_result,
        '<result type="2"><title><narrative>Fewer cases</narrative></title>'
        "<description><narrative>Per 1,000</narrative></description>"
        '<indicator measure="1"><title><narrative>Cases</narrative></title>'
        '<baseline year="2020" value="12"/></indicator></result>',
    ),
]


@pytest.mark.parametrize(("read", "write", "xml"), CASES, ids=[c[2].split()[0][1:] for c in CASES])
def test_it_round_trips_an_element_through_its_record(
    read: Callable[..., Any], write: Callable[..., Any], xml: str
) -> None:
    first = read(etree.fromstring(xml), _ctx())
    assert first is not None
    again = read(_write(write, first), _ctx())
    assert again == first


def test_it_writes_an_sdg_record_as_a_tag_that_reads_back_as_the_same_sdg() -> None:
    ctx = _ctx()
    sdg = sectors.sdg_from_code("target", "6.1")
    assert sdg is not None
    sectors.read_tag(_write(sectors.write_sdg_tag, sdg), ctx)
    assert ctx.record.sdgs == [sdg]


def test_it_refuses_an_unusable_element_with_a_problem_and_no_record() -> None:
    ctx = _ctx()
    assert geography.read_country(etree.fromstring("<recipient-country/>"), ctx) is None
    assert [p.code for p in ctx.sink.items] == ["missing-attribute"]


def test_a_plain_walk_finds_the_children_find_and_iterchildren_find() -> None:
    element = etree.fromstring(
        b"<budget><!-- a note --><value>1</value><period-start iso-date='2020-01-01'/>"
        b"<value>2</value><?pi x?><x:value xmlns:x='urn:x'>3</x:value></budget>"
    )
    parts = first_children(element)
    for tag in ("value", "period-start", "period-end", "{urn:x}value"):
        assert parts.get(tag) is element.find(tag)
    assert children(element, "value") == list(element.iterchildren("value"))
    assert [c.text for c in children(element, "value")] == ["1", "2"]


def test_the_first_narrative_text_passes_over_comments_and_empty_narratives() -> None:
    element = etree.fromstring(
        b"<provider-org>  <!-- n --><narrative> </narrative><other>no</other>"
        b"<narrative> Ministry </narrative><narrative>later</narrative></provider-org>"
    )
    assert narrative.first_text(element) == "Ministry"
    assert narrative.texts(element, _ctx()) == {"en": "Ministry"}
