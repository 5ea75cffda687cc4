"""The grouped-SQL totals against the Python ledger, on the hand-computed and a random world."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest

from partnerhub import test as factories
from partnerhub.activities.models import Modality
from partnerhub.activities.records import (
    CountryRecord,
    ParticipationRecord,
    RegionRecord,
    SdgRecord,
    SectorRecord,
    TransactionRecord,
)
from partnerhub.reference.models import ExchangeRate
from partnerhub.reports.ledger import Scope, ledger_build
from partnerhub.reports.snapshots import PANELS, snapshot_data
from partnerhub.reports.tests.fixtures import hand_world
from partnerhub.reports.totals_sql import snapshot_data_sql, snapshot_parts_sql, supports

pytestmark = pytest.mark.django_db
D = Decimal
CENT = D("0.01")
SCOPES = [
    Scope(publisher=publisher, measure=measure, currency=currency)
    for publisher in ("taiwan", "other")
    for measure in ("spending", "commitments")
    for currency in ("USD", "TWD")
]


def figures(data: dict[str, Any]) -> dict[str, Any]:
    """Every figure of a snapshot's data, amounts as decimals."""
    return {
        "panels": {
            name: {
                "rows": {key: (D(amount), n) for key, amount, n in panel["rows"]},
                "amount": D(panel["amount"]),
                "activities": panel["activities"],
                "flows": panel["flows"],
            }
            for name, panel in data["panels"].items()
        },
        "quality": data["quality"],
        "rates": sorted((c, d, D(r)) for c, d, r in data["rates"]),
        "unconverted": {k: (n, D(a)) for k, (n, a) in data["unconverted"].items()},
        "names": data["names"],
        "activities": data["activities"],
    }


def same(python: Any, sql: Any, where: str) -> None:
    """Equal figures, amounts within a cent (the SQL path keeps cents, the ledger keeps more)."""
    if isinstance(python, Decimal):
        assert isinstance(sql, Decimal) and abs(sql - python) < CENT, (where, python, sql)
    elif isinstance(python, dict):
        assert isinstance(sql, dict) and set(sql) == set(python), (where, python, sql)
        for key, value in python.items():
            same(value, sql[key], f"{where}/{key}")
    elif isinstance(python, (list, tuple)):
        assert isinstance(sql, type(python)) and len(sql) == len(python), (where, python, sql)
        for index, value in enumerate(python):
            same(value, sql[index], f"{where}/{index}")
    else:
        assert sql == python, (where, python, sql)


def assert_same(scope: Scope) -> dict[str, Any]:
    python = figures(snapshot_data(ledger_build(scope)))
    sql = figures(snapshot_data_sql(scope, PANELS))
    same(python, sql, str(scope))
    return sql


def test_grouped_sql_gives_the_hand_computed_totals_of_the_python_ledger() -> None:
    hand_world()
    for scope in SCOPES:
        assert_same(scope)
    taiwan = figures(snapshot_data_sql(Scope(), PANELS))["panels"]
    assert taiwan["country:implementing"]["rows"] == {
        "HN": (D("180000"), 1),
        "GT": (D("120000"), 1),
        "TH": (D("56875"), 1),
        "": (D("46875"), 1),
    }
    assert taiwan["relationship:implementing"]["rows"]["ally"] == (D("180000.00"), 1)
    assert taiwan["organisation:funding"]["rows"]["mofa"] == (D("300000.00"), 1)
    assert taiwan["sector:implementing"]["amount"] == D("403750.00")


def test_grouped_sql_equals_the_python_ledger_on_a_random_world() -> None:
    random_world(random.Random(20261202), activities=300)
    shown = [assert_same(scope) for scope in SCOPES]
    # The world is not degenerate: money is split across many groups and some is left out.
    usd = shown[4]["panels"]  # other publishers, spending, US$
    assert len(usd["country:implementing"]["rows"]) >= 8
    assert len(usd["organisation:funding"]["rows"]) >= 5
    assert usd["year:implementing"]["flows"] > 100
    assert shown[4]["unconverted"]


def test_grouped_sql_covers_spending_or_commitments_of_a_year_or_a_country() -> None:
    assert supports(Scope(publisher="other", currency="TWD"))
    assert supports(Scope(year=2023)) and supports(Scope(country="HN"))
    assert not supports(Scope(measure="budget"))
    assert not supports(Scope(year=2023, country="HN"))


def assert_parts_same(scopes: list[Scope]) -> dict[Scope, dict[str, Any]]:
    """Every partition the grouped SQL stores (each year, each country) against a live ledger
    of that year or country."""
    parts = dict(snapshot_parts_sql(scopes, PANELS))
    for part, data in parts.items():
        same(figures(snapshot_data(ledger_build(part))), figures(data), str(part))
    return parts


def test_grouped_sql_gives_each_year_and_country_the_totals_of_a_live_ledger() -> None:
    hand_world()
    parts = assert_parts_same(SCOPES)
    assert Scope(year=2022) in parts and Scope(country="HN") in parts
    honduras = figures(parts[Scope(country="HN")])["panels"]["sector:implementing"]
    assert honduras["activities"] == 1 and honduras["amount"] == D("180000.00")


def test_grouped_sql_gives_each_year_and_country_of_a_random_world_its_live_totals() -> None:
    random_world(random.Random(20261203), activities=150)
    parts = assert_parts_same([SCOPES[0], SCOPES[5]])  # Taiwan US$, other donors NT$
    years = [p for p in parts if p.year and p.publisher == "other"]
    countries = [p for p in parts if p.country and p.publisher == "other"]
    assert len(years) >= 8 and len(countries) >= 6
    assert any(figures(parts[p])["unconverted"] for p in years)


def random_world(rng: random.Random, *, activities: int) -> None:
    """Activities with random links, shares, currencies and dates, both publishers, every trap of
    the hand world: missing and partial percentages, regions of other vocabularies, transactions
    naming their own country or sector, unknown currencies, missing dates, repeated
    organisations, printed names with spaces around them."""
    codes = ["HN", "GT", "TH", "PY", "SZ", "VN", "KE", "XK"]  # XK: no country row
    statuses = ["ally", "new-southbound", "like-minded", "friendly"]
    for index, code in enumerate(codes[:-1]):
        relationships = tuple(
            (
                rng.choice(statuses),
                rng.choice([None, dt.date(rng.randint(2010, 2022), rng.randint(1, 12), 1)]),
                rng.choice([None, dt.date(rng.randint(2021, 2030), rng.randint(1, 12), 28)]),
            )
            for _ in range(rng.randint(0, 2))
        )
        relationships = tuple(
            r for r in relationships if r[1] is None or r[2] is None or r[1] <= r[2]
        )
        relationships = tuple({(s, a): (s, a, b) for s, a, b in relationships}.values())
        factories.country(
            code,
            "",
            code,
            region_code=["389", "798", "", "298"][index % 4],
            relationships=relationships,
        )
    for currency, base in (("EUR", 0.9), ("TWD", 30.0), ("JPY", 110.0)):
        for year in range(2015, 2026):
            if currency == "JPY" and year < 2019:
                continue  # a flow before the first rate takes the earliest later one
            for month in (1, 7):
                rate = D(str(round(base * rng.uniform(0.9, 1.1), 4)))
                # Yen rates stored in small letters: looked up in capitals all the same.
                ExchangeRate.objects.create(
                    currency=currency.lower() if currency == "JPY" else currency,
                    date=dt.date(year, month, 1),
                    per_usd=rate,
                )
    categories = ["ministry", "icdf", "ingo", "other", "enterprise"]
    orgs = [
        factories.organisation(
            f"機構{n}" if n % 3 else "",
            f"Agency {n}",
            slug=f"agency-{n}",
            category=rng.choice(categories),
        )
        for n in range(8)
    ]
    printed = ["Private donors", "  Village council ", "Red Cross", "\u3000Local NGO\t"]
    for n in range(activities):
        first = rng.randint(2014, 2024)
        last = first + rng.randint(0, 4)
        dated = rng.random() < 0.9
        countries = [
            CountryRecord(code, pct)
            for code, pct in (
                (c, rng.choice([None, D(rng.randint(0, 80)), D(rng.randint(1, 100))]))
                for c in rng.sample(codes, rng.choice([0, 1, 1, 2, 3]))
            )
        ]
        regions = [
            RegionRecord(
                rng.choice(["389", "798", "998"]),
                vocabulary=rng.choice(["1", "1", "2"]),
                percentage=rng.choice([None, D(rng.randint(1, 50))]),
            )
            for _ in range(rng.choice([0, 0, 0, 1]))
        ]
        sectors = [
            SectorRecord(
                code,
                vocabulary=rng.choice(["1", "2", "1", "99"]),
                percentage=rng.choice([None, D(rng.randint(1, 100))]),
            )
            for code in rng.sample(
                ["11220", "12220", "31161", "15110", "43010", "122"], rng.randint(0, 3)
            )
        ]
        participations = []
        for role in ("1", "4", "3"):
            for _ in range(rng.randint(0, 3)):
                if rng.random() < 0.7:
                    org = rng.choice(orgs)
                    participations.append(
                        ParticipationRecord(
                            role=role,
                            organisation_id=org.pk,
                            printed_name=f"P{org.pk}",
                            org_type=rng.choice(["", "10"]),
                        )
                    )
                else:
                    participations.append(
                        ParticipationRecord(
                            role=role,
                            printed_name=rng.choice([*printed, " "]),
                            org_type=rng.choice(["", "21", "22"]),
                        )
                    )
        transactions = []
        for _ in range(rng.randint(0, 5)):
            day = dt.date(rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28))
            transactions.append(
                TransactionRecord(
                    rng.choice(["1", "2", "3", "3", "4", "4"]),
                    D(rng.randint(1, 5_000_000)) / 100,
                    rng.choice(["", "USD", "EUR", "TWD", "JPY", "XXX", "usd"]),
                    rng.choice([day, day, day, None]),
                    value_date=rng.choice([None, None, day + dt.timedelta(days=40)]),
                    recipient_country=rng.choice(["", "", "", "", "hn", "TH", "XK"]),
                    sector_code=rng.choice(["", "", "", "", "31120", "15110"]),
                )
            )
        fields: dict[str, Any] = {}
        if dated:
            fields = {"actual_start": dt.date(first, 1, 1), "actual_end": dt.date(last, 12, 31)}
        factories.activity(
            title_en=f"Random activity {n}",
            is_taiwan=rng.random() < 0.3,
            source="iati",
            modality=rng.choice(["", *Modality.values]),
            default_currency=rng.choice(["", "USD", "EUR", "TWD"]),
            countries=countries,
            regions=regions,
            sectors=sectors,
            sdgs=[SdgRecord(g) for g in rng.sample(range(1, 18), rng.choice([0, 0, 1, 2]))],
            participations=participations,
            transactions=transactions,
            **fields,
        )


def test_the_sql_trim_list_is_every_character_python_strips() -> None:
    import sys

    from partnerhub.reports.totals_sql import WHITESPACE

    assert "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()) == WHITESPACE
