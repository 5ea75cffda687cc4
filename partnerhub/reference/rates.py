"""Conversions to US dollars from the stored yearly exchange rates.

A rate is "units of currency per 1 USD on a date". A conversion uses the nearest rate on or before
the day and, when the day is earlier than every stored rate, the nearest later one.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from partnerhub.reference.models import ExchangeRate

CENT = Decimal("0.01")


def _decimal(value: Decimal | int | float | str) -> Decimal:
    # str() first: Decimal(0.1) would carry the binary float's error into the result.
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass
class RateTable:
    """Every stored rate in memory, for converting many amounts without one query each."""

    dates: dict[str, list[dt.date]] = field(default_factory=dict)
    rates: dict[str, list[Decimal]] = field(default_factory=dict)

    def per_usd(self, currency: str, on_date: dt.date) -> Decimal | None:
        """The rate in force on ``on_date``: nearest earlier, else nearest later; None if none."""
        dates = self.dates.get(currency.upper())
        if not dates:
            return None
        index = bisect.bisect_right(dates, on_date) - 1
        return self.rates[currency.upper()][max(index, 0)]

    def usd_value(
        self, value: Decimal | int | float | str, currency: str, on_date: dt.date
    ) -> Decimal | None:
        """``value`` in ``currency`` as US dollars (to the cent), or None without any rate."""
        if currency.upper() == "USD":
            return _decimal(value).quantize(CENT)
        rate = self.per_usd(currency, on_date)
        return None if rate is None else (_decimal(value) / rate).quantize(CENT)


def exchange_rate_table(currencies: Iterable[str] | None = None) -> RateTable:
    """All stored rates (or those of ``currencies``) in one query."""
    rows = ExchangeRate.objects.order_by("currency", "date")
    if currencies is not None:
        rows = rows.filter(currency__in=[c.upper() for c in currencies])
    table = RateTable()
    for currency, day, per_usd in rows.values_list("currency", "date", "per_usd"):
        table.dates.setdefault(currency, []).append(day)
        table.rates.setdefault(currency, []).append(per_usd)
    return table


def usd_value(
    value: Decimal | int | float | str, currency: str, on_date: dt.date
) -> Decimal | None:
    """``value`` in ``currency`` on ``on_date`` as US dollars, or None when no rate is stored.

    At most two small queries; to convert many amounts use :func:`exchange_rate_table`.
    """
    code = currency.upper()
    if code == "USD":
        return _decimal(value).quantize(CENT)
    rates = ExchangeRate.objects.filter(currency=code)
    rate = (
        rates.filter(date__lte=on_date).order_by("-date").values_list("per_usd", flat=True).first()
        or rates.filter(date__gt=on_date).order_by("date").values_list("per_usd", flat=True).first()
    )
    return None if rate is None else (_decimal(value) / rate).quantize(CENT)
