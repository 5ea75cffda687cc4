"""recipient-country and recipient-region, with their percentages."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from lxml import etree

from partnerhub.activities.records import CountryRecord, RegionRecord
from partnerhub.iati.codecase import codes
from partnerhub.iati.elements import ReadContext, Reader, collect, cut, decimal_text, narrative


def read_country(element: etree._Element, ctx: ReadContext) -> CountryRecord | None:
    code = (element.get("code") or "").strip().upper()
    if not code:
        ctx.problem("missing-attribute", element, element="recipient-country", attribute="@code")
        return None
    if code.isdigit() and code not in codes("Country") and code in codes("Region"):
        # A DAC region code (``798`` Asia, regional) published as a country: it is a region.
        ctx.problem(
            "exported-changed",
            element,
            element="recipient-country",
            reason=f"{code} is a DAC region code, not a country",
            reason_zh=f"{code} 是 DAC 區域代碼，不是國家",
            how="it as recipient-region (vocabulary 1)",
            how_zh="改以 recipient-region（vocabulary 1）表示",
        )
        ctx.record.regions.append(
            RegionRecord(
                code=code,
                vocabulary="1",
                percentage=_percentage(element, ctx),
                printed_name=cut(narrative.first_text(element), 200),
            )
        )
        return None
    return CountryRecord(
        code=code[:8],
        percentage=_percentage(element, ctx),
        printed_name=cut(narrative.first_text(element), 200),
    )


def read_region(element: etree._Element, ctx: ReadContext) -> RegionRecord | None:
    code = (element.get("code") or "").strip()
    if not code:
        ctx.problem("missing-attribute", element, element="recipient-region", attribute="@code")
        return None
    return RegionRecord(
        code=code[:16],
        vocabulary=(element.get("vocabulary") or "1")[:8],
        percentage=_percentage(element, ctx),
        printed_name=cut(narrative.first_text(element), 200),
    )


def _percentage(element: etree._Element, ctx: ReadContext) -> Decimal | None:
    value = ctx.decimal(element, element.get("percentage"), places=3, digits=7)
    if value is not None and not Decimal(0) <= value <= Decimal(100):
        ctx.problem("bad-number", element, element=element.tag, value=str(value))
        return None
    return value


def countries_for_export(
    countries: list[CountryRecord], regions: list[RegionRecord]
) -> tuple[list[CountryRecord], Decimal | None]:
    """The countries an export writes, and the sum it corrected, if any (rule 3.1.2).

    Percentages of several countries (and no region) that miss 100 only by their rounding, at
    most 0.01 per share, are made to add up: the difference goes to the largest share.
    """
    shares = [c.percentage for c in countries]
    if len(countries) < 2 or regions or any(x is None for x in shares):
        return countries, None
    total = sum((x for x in shares if x is not None), Decimal(0))
    gap = Decimal(100) - total
    if not gap or abs(gap) > Decimal("0.01") * len(countries):
        return countries, None
    out = list(countries)
    largest = max(range(len(out)), key=lambda i: out[i].percentage or 0)
    out[largest] = replace(out[largest], percentage=(out[largest].percentage or 0) + gap)
    return out, total


def report_country_export(activity: etree._Element, ctx: ReadContext) -> None:
    """After an activity is read: a problem row when the export corrects its countries' sum."""
    _written, total = countries_for_export(ctx.record.countries, ctx.record.regions)
    if total is not None:
        ctx.problem(
            "exported-changed",
            activity,
            element="recipient-country",
            reason=f"the percentages add up to {total}",
            reason_zh=f"比例合計為 {total}",
            how="them rounded to add up to 100 (rule 3.1.2)",
            how_zh="調整捨入誤差使合計為 100（規則 3.1.2）",
        )


READERS: dict[str, Reader] = {
    "recipient-country": collect(read_country, "countries"),
    "recipient-region": collect(read_region, "regions"),
}


def write_country(xf: etree._IncrementalFileWriter, country: CountryRecord) -> None:
    attrs = {"code": country.code}
    if country.percentage is not None:
        attrs["percentage"] = decimal_text(country.percentage)
    with xf.element("recipient-country", attrs):
        if country.printed_name:
            with xf.element("narrative"):
                xf.write(country.printed_name)


def write_region(xf: etree._IncrementalFileWriter, region: RegionRecord) -> None:
    attrs = {"code": region.code, "vocabulary": region.vocabulary or "1"}
    if region.percentage is not None:
        attrs["percentage"] = decimal_text(region.percentage)
    with xf.element("recipient-region", attrs):
        if region.printed_name:
            with xf.element("narrative"):
                xf.write(region.printed_name)
