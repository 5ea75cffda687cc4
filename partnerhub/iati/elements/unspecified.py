"""Where a publisher named no sector or no recipient, the export says "unspecified" in DAC codes.

The Standard requires every activity to declare a sector (rules 6.2.2, 6.7.2) and a recipient
country or region (rules 3.7.1, 3.7.2), at activity level or on every transaction. Some
publishers declare neither: parent activities whose children carry them, global programmes.
The export does what the OECD's CRS reporting does for money that is not allocated: DAC sector
99810 ("Sectors not specified") and DAC region 998 ("Developing countries, unspecified"). It
never invents a sector or a country, the registry keeps what was published, and the import
records each such declaration as an ``exported-changed`` problem row.

* Nothing at activity level and no transaction carrying one: the activity gets it.
* Nothing at activity level and some transactions carrying one: the transactions without get it
  (rules 6.6.2 and 3.6.2 forbid both levels at once).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from partnerhub.activities.records import (
    CountryRecord,
    RegionRecord,
    SectorRecord,
    TransactionRecord,
)
from partnerhub.iati.elements import ReadContext

#: DAC 5 purpose code "Sectors not specified" (category 998, "Unallocated / unspecified").
SECTOR = "99810"
#: DAC region "Developing countries, unspecified" (Region codelist, vocabulary 1).
REGION = "998"


@dataclass(frozen=True)
class Unspecified:
    """Where the export writes sector 99810 and region 998 for one activity."""

    activity_sector: bool = False
    transaction_sectors: bool = False
    activity_region: bool = False
    transaction_regions: bool = False

    @property
    def any(self) -> bool:
        return (
            self.activity_sector
            or self.transaction_sectors
            or self.activity_region
            or self.transaction_regions
        )


def unspecified_for_export(
    *,
    sectors: Sequence[SectorRecord],
    countries: Sequence[CountryRecord],
    regions: Sequence[RegionRecord],
    transactions: Sequence[TransactionRecord],
) -> Unspecified:
    """What an activity lacks, given what the export writes of it (``sectors`` as
    ``sectors_for_export`` returns them, and only the transactions the export writes)."""
    sector_gap = not sectors and not (transactions and all(t.sector_code for t in transactions))
    some_sectors = any(t.sector_code for t in transactions)
    place_gap = (
        not countries
        and not regions
        and not (transactions and all(t.recipient_country for t in transactions))
    )
    some_places = any(t.recipient_country for t in transactions)
    return Unspecified(
        activity_sector=sector_gap and not some_sectors,
        transaction_sectors=sector_gap and some_sectors,
        activity_region=place_gap and not some_places,
        transaction_regions=place_gap and some_places,
    )


def report_unspecified(activity: etree._Element, ctx: ReadContext, gaps: Unspecified) -> None:
    """After an activity is read: a problem row for each "unspecified" the export will write."""
    cases = (
        (
            gaps.activity_sector,
            gaps.transaction_sectors,
            "sector",
            "no sector is declared for the activity or for all its transactions "
            "(rules 6.2.2, 6.7.2)",
            "活動及其全部交易皆未標示部門（規則 6.2.2、6.7.2）",
            f"DAC sector {SECTOR} (Sectors not specified)",
            f"DAC 部門 {SECTOR}（未指定部門）",
            "未標部門的每筆交易",
        ),
        (
            gaps.activity_region,
            gaps.transaction_regions,
            "recipient-region",
            "no recipient country or region is declared for the activity or for all its "
            "transactions (rules 3.7.1, 3.7.2)",
            "活動及其全部交易皆未標示受援國或地區（規則 3.7.1、3.7.2）",
            f"DAC region {REGION} (Developing countries, unspecified)",
            f"DAC 地區 {REGION}（未指定的開發中國家）",
            "未標受援國的每筆交易",
        ),
    )
    for on_activity, on_transactions, element, reason, reason_zh, what, what_zh, each_zh in cases:
        if not (on_activity or on_transactions):
            continue
        where, where_zh = (
            ("the activity", "此活動") if on_activity else ("each transaction without one", each_zh)
        )
        ctx.problem(
            "exported-changed",
            activity,
            element=element,
            reason=reason,
            reason_zh=reason_zh,
            how=f"{what} on {where}",
            how_zh=f"於{where_zh}標示 {what_zh}",
        )
