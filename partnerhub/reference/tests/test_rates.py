"""usd_value: the nearest earlier rate, else the nearest later one, else nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from partnerhub.reference.models import ExchangeRate
from partnerhub.reference.rates import exchange_rate_table, usd_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates() -> None:
    ExchangeRate.objects.create(currency="TWD", date=dt.date(2022, 1, 1), per_usd=Decimal("29.81"))
    ExchangeRate.objects.create(currency="TWD", date=dt.date(2023, 1, 1), per_usd=Decimal("31.16"))
    ExchangeRate.objects.create(currency="EUR", date=dt.date(2023, 1, 1), per_usd=Decimal("0.925"))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2023, 6, 30), Decimal("1000.00")),  # 2023's rate
        (dt.date(2023, 1, 1), Decimal("1000.00")),  # the rate's own day
        (dt.date(2022, 12, 31), Decimal("1045.29")),  # 2022's rate
        (dt.date(2030, 1, 1), Decimal("1000.00")),  # after the last rate: the last one
        (dt.date(1999, 1, 1), Decimal("1045.29")),  # before the first rate: the nearest later
    ],
)
def test_it_picks_the_nearest_earlier_rate(rates, day, expected):
    assert usd_value(Decimal("31160"), "TWD", day) == expected
    assert exchange_rate_table().usd_value(Decimal("31160"), "twd", day) == expected


def test_it_returns_dollars_unchanged():
    assert usd_value(12.5, "USD", dt.date(2020, 1, 1)) == Decimal("12.50")


def test_it_returns_none_without_any_rate(rates):
    assert usd_value(100, "XOF", dt.date(2020, 1, 1)) is None
    assert exchange_rate_table().usd_value(100, "XOF", dt.date(2020, 1, 1)) is None


def test_it_converts_many_amounts_with_one_query(rates, django_assert_num_queries):
    with django_assert_num_queries(1):
        table = exchange_rate_table(["EUR", "TWD"])
        values = [table.usd_value(925, "EUR", dt.date(2023, 5, 1)) for _ in range(50)]
    assert set(values) == {Decimal("1000.00")}
