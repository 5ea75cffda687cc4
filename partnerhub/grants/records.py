"""Records that cross the grants boundary: what forms and spreadsheets hand to the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Share:
    """A partner country or DAC sector with its percentage of the project."""

    code: str
    percentage: Decimal | None = None

    def as_json(self) -> dict[str, str | None]:
        return {
            "code": self.code,
            "percentage": None if self.percentage is None else str(self.percentage),
        }


@dataclass(frozen=True)
class BudgetLineRecord:
    item: str
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class IndicatorRecord:
    level: str
    result: str
    indicator: str
    unit: str
    baseline: Decimal
    target: Decimal
    means_of_verification: str = ""


@dataclass
class ApplicationDraft:
    """Everything the applicant can edit, as one record; missing values stay empty."""

    title_zh: str = ""
    title_en: str = ""
    summary_zh: str = ""
    summary_en: str = ""
    local_counterpart: str = ""
    modality: str = ""
    countries: list[Share] = field(default_factory=list)
    sectors: list[Share] = field(default_factory=list)
    sdgs: list[str] = field(default_factory=list)
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    currency: str = "TWD"
    contact_language: str = "zh-hant"
    budget: list[BudgetLineRecord] | None = None
    indicators: list[IndicatorRecord] | None = None

    def snapshot(self) -> dict[str, Any]:
        """A JSON-ready copy, kept as a revision and compared when two editors collide."""
        data: dict[str, Any] = _jsonable(asdict(self))
        return data


#: Every field of a draft, in the order the form shows them.
DRAFT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ApplicationDraft))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal | dt.date):
        return str(value)
    return value
