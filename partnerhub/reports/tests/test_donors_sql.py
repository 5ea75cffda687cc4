"""The donors report in grouped SQL against the Python reference, to the cent, on the donors
test worlds and on a random world."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from partnerhub import test as factories
from partnerhub.activities.records import (
    CountryRecord,
    ParticipationRecord,
    SectorRecord,
    TransactionRecord,
)
from partnerhub.reference.models import ExchangeRate
from partnerhub.reports.donors import DonorReport, country_donors, country_donors_python
from partnerhub.reports.donors_sql import (
    donors_by_country,
    donors_report_from,
    donors_snapshot_for,
    donors_snapshots_refresh,
)
from partnerhub.reports.tests.fixtures import hand_world
from partnerhub.reports.tests.test_donors import eswatini_world

pytestmark = pytest.mark.django_db
D = Decimal
CENT = D("0.01")
#: How far apart the unrounded amounts may be: a millionth of a dollar.
FINE = D("0.000001")
KINDS = ("spending", "commitments")


def figures(report: DonorReport) -> dict[str, Any]:
    """Every figure of the report before it is rounded to the cent, keyed rather than in order
    (two donors with the same amount may come in either order)."""
    return {
        "counts": (report.transactions, report.unconverted, report.iati_activities),
        "total": {"": report.total},
        "donors": dict(report.totals_by("donor")),
        "sectors": dict(report.totals_by("sector")),
        "years": dict(report.totals_by("year")),
        "cells": {(c.donor, c.sector, c.year): c.usd for c in report.cells},
    }


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def on_half_cent(value: Decimal) -> bool:
    return abs((value * 100) % 1 - D("0.5")) < FINE * 100


def assert_same(country: str, kind: str, report: DonorReport | None = None) -> dict[str, Any]:
    """The two reports agree: the same counts, donors, sectors, years and cells, every amount
    within a millionth of a dollar before rounding, and so equal to the cent once rounded (but
    for an amount lying on a half cent, which floating point may round either way). ``report``:
    the SQL report to check, else the page's one-country statement."""
    python = figures(country_donors_python(country=country, kind=kind))
    sql = figures(report or country_donors(country=country, kind=kind))
    where = f"{country} {kind}"
    assert sql["counts"] == python["counts"], where
    for panel in ("total", "donors", "sectors", "years", "cells"):
        assert set(sql[panel]) == set(python[panel]), (where, panel)
        wrong = {
            key: (value, sql[panel][key])
            for key, value in python[panel].items()
            if abs(sql[panel][key] - value) >= FINE
            or (cents(sql[panel][key]) != cents(value) and not on_half_cent(value))
        }
        assert wrong == {}, (where, panel)
    return {
        panel: {key: cents(value) for key, value in sql[panel].items()}
        if panel != "counts"
        else sql[panel]
        for panel in sql
    }


def test_sql_donors_equal_the_python_reference_on_the_imported_eswatini_world(
    tmp_path: Path,
) -> None:
    eswatini_world(tmp_path)
    shown = assert_same("SZ", "spending")
    assert shown["total"] == {"": D("210.30")}
    assert shown["sectors"] == {"140": D("157.72"), "311": D("52.58")}
    for country in ("SZ", "PY"):
        for kind in KINDS:
            assert_same(country, kind)


def test_sql_donors_equal_the_python_reference_on_the_hand_computed_ledger_world() -> None:
    hand_world()
    # Taiwan's and another publisher's activities alike: the report does not tell them apart.
    honduras = assert_same("HN", "spending")
    assert honduras["total"] == {"": D("181000.00")}
    for country in ("GT", "TH", "XX"):
        for kind in KINDS:
            assert_same(country, kind)
    assert_same("HN", "commitments")


def test_sql_donors_round_each_converted_transaction_half_to_even_like_the_python_path() -> None:
    # 1.01 GBP at 2 per dollar is 0.505 USD: 0.50 (halves to even), and 0.03 GBP is 0.02.
    ExchangeRate.objects.create(currency="GBP", date=dt.date(2020, 1, 1), per_usd=D("2"))
    factories.country("TZ", "坦尚尼亞", "Tanzania")
    transactions = [
        TransactionRecord("3", value, "GBP", dt.date(2021, 1, 1))
        for value in (D("1.01"), D("0.03"))
    ] + [TransactionRecord("3", D("1.01"), "GBP", dt.date(2021, 1, 1), sector_code="15110")]
    factories.activity(
        title_en="Halves", source="iati", countries=[CountryRecord("TZ")],
        transactions=transactions,
    )  # fmt: skip
    sql = country_donors(country="TZ")
    assert sql.total == D("1.02")
    assert sql.total == country_donors_python(country="TZ").total


def test_sql_donors_equal_the_python_reference_on_a_random_world() -> None:
    random_world(random.Random(20261202), activities=300)
    shown = {(c, k): assert_same(c, k) for c in ("TZ", "KE", "UG", "SZ", "PY") for k in KINDS}
    # The world is not degenerate: many donors, sectors, years and cells, some money left out.
    tanzania = shown[("TZ", "spending")]
    assert len(tanzania["donors"]) >= 5 and len(tanzania["sectors"]) >= 5
    assert len(tanzania["years"]) >= 8 and len(tanzania["cells"]) >= 100
    assert None in tanzania["years"] and "" in tanzania["sectors"]
    assert tanzania["counts"][0] > 100 and tanzania["counts"][1] > 0
    assert shown[("KE", "commitments")]["total"][""] > 0


def assert_every_country_same() -> dict[tuple[str, str], dict[str, Any]]:
    """The reports of every country at once (what the refresh stores) against the Python
    reference of each country, read back from the stored rows."""
    assert donors_snapshots_refresh() > 0
    shown = {}
    for kind in KINDS:
        for country in donors_by_country(kind=kind):
            row = donors_snapshot_for(country=country, kind=kind)
            assert row is not None, (country, kind)
            shown[(country, kind)] = assert_same(country, kind, donors_report_from(row))
    return shown


def test_stored_donors_of_every_country_equal_the_python_reference_on_the_hand_world() -> None:
    hand_world()
    shown = assert_every_country_same()
    assert shown[("HN", "spending")]["total"] == {"": D("181000.00")}
    assert {c for c, _ in shown} >= {"HN", "GT", "TH"}


def test_stored_donors_of_every_country_equal_the_python_reference_on_a_random_world() -> None:
    random_world(random.Random(20261203), activities=200)
    shown = assert_every_country_same()
    assert {c for c, _ in shown} >= {"TZ", "KE", "UG", "SZ", "PY"}
    tanzania = shown[("TZ", "spending")]
    assert len(tanzania["cells"]) >= 50 and tanzania["counts"][1] > 0
    # A country named in small letters on a link is not one the page asks for.
    assert all(c == c.upper() for c, _ in shown)


def random_world(rng: random.Random, *, activities: int) -> None:
    """Activities in one to three of five countries with random percentages (missing, partial,
    adding up to nothing, country codes in small letters), DAC and other sectors, funders named or
    not, and transactions in random currencies (with rates before and after their days, none,
    or stored in small letters, which the report does not read), with or without a date, a value
    date, a country, a sector or a provider of their own."""
    codes = ["TZ", "KE", "UG", "SZ", "PY"]
    for code in codes:
        factories.country(code, "", code)
    for currency, base in (("EUR", 0.9), ("TWD", 30.0), ("JPY", 110.0), ("GBP", 2.0)):
        for year in range(2015, 2026):
            if currency == "JPY" and year < 2019:
                continue  # a flow before the first rate takes the earliest later one
            for month in (1, 7):
                # Round pound rates (2, 2.5): many conversions land on exactly half a cent.
                rate = D(str(round(base * rng.uniform(0.9, 1.1), 4 if currency != "GBP" else 1)))
                ExchangeRate.objects.create(
                    currency="chf" if currency == "JPY" and month == 7 else currency,
                    date=dt.date(year, month, 1),
                    per_usd=rate,
                )
    reporters = ["", "Reporter A", "Reporter B", "Ministry C"]
    funders = [("", ""), ("Fund One", ""), ("", "XM-FUND-2"), ("Fund Three", "XM-FUND-3")]
    for n in range(activities):
        first = rng.randint(2012, 2024)
        last = first + rng.randint(0, 4)
        countries = [
            CountryRecord(code.lower() if rng.random() < 0.05 else code, pct)
            for code, pct in (
                (c, rng.choice([None, D(rng.randint(0, 80)), D(rng.randint(1, 100)), D(0)]))
                for c in rng.sample(codes, rng.choice([1, 1, 2, 3]))
            )
        ]
        sectors = [
            SectorRecord(
                code,
                vocabulary=rng.choice(["1", "2", "1", "99"]),
                percentage=rng.choice(
                    [None, D(rng.randint(1, 100)), D(rng.randint(1, 9999)) / 100]
                ),
            )
            for code in rng.sample(
                ["11220", "12220", "31161", "15110", "43010", "122", "31120"], rng.randint(0, 3)
            )
        ]
        participations = []
        for role in ("1", "1", "4"):
            if rng.random() < 0.6:
                name, ref = rng.choice(funders)
                participations.append(ParticipationRecord(role=role, printed_name=name, ref=ref))
        transactions = []
        for _ in range(rng.randint(0, 5)):
            day = dt.date(rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28))
            value = D(rng.randint(-20_000, 5_000_000)) / 100
            transactions.append(
                TransactionRecord(
                    rng.choice(["1", "2", "2", "3", "3", "4", "4"]),
                    value,
                    rng.choice(["", "USD", "usd", "EUR", "TWD", "JPY", "GBP", "gbp", "XXX"]),
                    rng.choice([day, day, day, None]),
                    value_date=rng.choice([None, None, day + dt.timedelta(days=40)]),
                    provider_name=rng.choice(["", "", "", "Provider P", "Provider Q"]),
                    provider_ref=rng.choice(["", "", "XM-PROV-9"]),
                    recipient_country=rng.choice(["", "", "", "", "tz", "TZ", "KE", "XK"]),
                    sector_code=rng.choice(["", "", "", "", "31120", "15110", "1"]),
                )
            )
        factories.activity(
            title_en=f"Random activity {n}",
            is_taiwan=rng.random() < 0.2,
            source=rng.choice(["iati", "iati", "iati", "user"]),
            default_currency=rng.choice(["", "USD", "EUR", "gbp", "XXX"]),
            reporting_org_name=rng.choice(reporters),
            countries=countries,
            sectors=sectors,
            participations=participations,
            transactions=transactions,
        )
