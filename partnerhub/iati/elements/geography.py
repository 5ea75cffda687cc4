"""recipient-country and recipient-region, with their percentages."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from partnerhub.activities.records import CountryRecord, RegionRecord
from partnerhub.iati.elements import ReadContext, Reader, cut, decimal_text, narrative


def read_country(element: etree._Element, ctx: ReadContext) -> None:
    code = (element.get("code") or "").strip().upper()
    if not code:
        ctx.problem("missing-attribute", element, element="recipient-country", attribute="@code")
        return
    ctx.record.countries.append(
        CountryRecord(
            code=code[:8],
            percentage=_percentage(element, ctx),
            printed_name=cut(narrative.first_text(element), 200),
        )
    )


def read_region(element: etree._Element, ctx: ReadContext) -> None:
    code = (element.get("code") or "").strip()
    if not code:
        ctx.problem("missing-attribute", element, element="recipient-region", attribute="@code")
        return
    ctx.record.regions.append(
        RegionRecord(
            code=code[:16],
            vocabulary=(element.get("vocabulary") or "1")[:8],
            percentage=_percentage(element, ctx),
            printed_name=cut(narrative.first_text(element), 200),
        )
    )


def _percentage(element: etree._Element, ctx: ReadContext) -> Decimal | None:
    value = ctx.decimal(element, element.get("percentage"), places=3, digits=7)
    if value is not None and not Decimal(0) <= value <= Decimal(100):
        ctx.problem("bad-number", element, element=element.tag, value=str(value))
        return None
    return value


READERS: dict[str, Reader] = {"recipient-country": read_country, "recipient-region": read_region}


def write_country(
    xf: etree._IncrementalFileWriter, *, code: str, percentage: Decimal | None, name: str
) -> None:
    attrs = {"code": code}
    if percentage is not None:
        attrs["percentage"] = decimal_text(percentage)
    with xf.element("recipient-country", attrs):
        if name:
            with xf.element("narrative"):
                xf.write(name)


def write_region(
    xf: etree._IncrementalFileWriter,
    *,
    code: str,
    vocabulary: str,
    percentage: Decimal | None,
    name: str,
) -> None:
    attrs = {"code": code, "vocabulary": vocabulary or "1"}
    if percentage is not None:
        attrs["percentage"] = decimal_text(percentage)
    with xf.element("recipient-region", attrs):
        if name:
            with xf.element("narrative"):
                xf.write(name)
