"""Records that cross the activities boundary: what importers hand to the activity services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass
class ParticipationRecord:
    role: str
    printed_name: str = ""
    printed_name_en: str = ""
    organisation_id: int | None = None
    ref: str = ""
    org_type: str = ""
    crs_channel_code: str = ""


@dataclass
class CountryRecord:
    code: str
    percentage: Decimal | None = None
    printed_name: str = ""


@dataclass
class RegionRecord:
    code: str
    vocabulary: str = "1"
    percentage: Decimal | None = None
    printed_name: str = ""


@dataclass
class SectorRecord:
    code: str
    vocabulary: str = "1"
    percentage: Decimal | None = None
    narrative: str = ""


@dataclass
class SdgRecord:
    goal: int
    target: str = ""


@dataclass
class BudgetRecord:
    value: Decimal
    currency: str = ""
    type: str = "1"
    status: str = "1"
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    value_date: dt.date | None = None


@dataclass
class TransactionRecord:
    type: str
    value: Decimal
    currency: str = ""
    date: dt.date | None = None
    value_date: dt.date | None = None
    ref: str = ""
    printed_amount: str = ""
    description: str = ""
    provider_org_id: int | None = None
    provider_ref: str = ""
    provider_name: str = ""
    receiver_org_id: int | None = None
    receiver_ref: str = ""
    receiver_name: str = ""
    flow_type: str = ""
    finance_type: str = ""
    aid_type: str = ""
    recipient_country: str = ""
    sector_code: str = ""


@dataclass
class IndicatorRecord:
    title_zh: str = ""
    title_en: str = ""
    measure: str = "1"
    unit: str = ""
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    target_value: Decimal | None = None
    actual_value: Decimal | None = None
    as_of: dt.date | None = None
    printed: str = ""


@dataclass
class ResultRecord:
    title_zh: str = ""
    title_en: str = ""
    type: str = "1"
    description_zh: str = ""
    description_en: str = ""
    indicators: list[IndicatorRecord] = field(default_factory=list)


@dataclass
class DocumentRecord:
    url: str
    title: str = ""
    format: str = ""
    category: str = ""
    language: str = ""


@dataclass
class ActivityRecord:
    """Everything about one activity, ready to be written in one go."""

    iati_identifier: str
    source: str
    title_zh: str = ""
    title_en: str = ""
    description_zh: str = ""
    description_en: str = ""
    title_en_status: str = ""
    description_en_status: str = ""
    status: str = ""
    modality: str = ""
    planned_start: dt.date | None = None
    actual_start: dt.date | None = None
    planned_end: dt.date | None = None
    actual_end: dt.date | None = None
    year: int | None = None  # when only the year is known
    default_currency: str = ""
    reporting_org_id: int | None = None
    reporting_org_ref: str = ""
    reporting_org_name: str = ""
    is_taiwan: bool = True
    humanitarian: bool = False
    hierarchy: int | None = None
    last_updated: dt.datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Filled in by an importer that reads in another process, so the writing process does not
    # spend its time on them; the bulk write computes them when they are empty.
    search_text: str = ""
    #: With ``search_text``: its pairs of Chinese characters (used as they are when it is set).
    search_bigrams: str = ""
    extra_json: str = ""
    participations: list[ParticipationRecord] = field(default_factory=list)
    countries: list[CountryRecord] = field(default_factory=list)
    regions: list[RegionRecord] = field(default_factory=list)
    sectors: list[SectorRecord] = field(default_factory=list)
    sdgs: list[SdgRecord] = field(default_factory=list)
    budgets: list[BudgetRecord] = field(default_factory=list)
    transactions: list[TransactionRecord] = field(default_factory=list)
    results: list[ResultRecord] = field(default_factory=list)
    documents: list[DocumentRecord] = field(default_factory=list)
