"""A small ledger computed by hand: percentage splits, three currencies and double-counting traps.

Rates (units per US dollar): EUR 0.9 from 2022-01-01 and 0.8 from 2023-01-01; TWD 30 and 32.

A (Taiwan, 2022-2023): Honduras 60 %, Guatemala 40 %; sectors 311xx 75 %, 122xx 25 %; SDGs 2 and
  3; funded by MOFA, implemented by TaiwanICDF.
  - commitment USD 1,000,000 (not spending); incoming funds USD 500,000 from MOFA (not spending);
    budget USD 2,000,000 original, 1,500,000 revised (budget measure only: 1,500,000)
  - disbursement EUR 90,000 on 2022-06-01 = USD 100,000 = TWD 3,000,000
  - expenditure USD 200,000 on 2023-06-01 = TWD 6,400,000
  Honduras was an ally until 2023-03-25, so the 2023 expenditure's Honduran share (120,000) has no
  relationship, and the ally total is 100,000 + 80,000 = 180,000.
B (Taiwan, 2023): Thailand and region 798 without percentages (50/50); no sector, no SDG.
  - disbursement TWD 3,000,000 on 2023-02-01 = USD 93,750
  - disbursement USD 10,000 on 2023-05-01 naming Thailand: all to Thailand
D (Taiwan, 2023): no country; one flow in a currency without rates and one without a date.
C (another IATI publisher): Honduras, USD 1,000. Never in Taiwan's totals.

Spending in USD: A 300,000 + B 103,750 = 403,750; in TWD 12,720,000.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from partnerhub import test as factories
from partnerhub.activities.records import (
    BudgetRecord,
    CountryRecord,
    ParticipationRecord,
    RegionRecord,
    SdgRecord,
    SectorRecord,
    TransactionRecord,
)
from partnerhub.reference.models import ExchangeRate

D = Decimal


def hand_world() -> dict[str, Any]:
    factories.country(
        "HN", "宏都拉斯", "Honduras", region_code="389",
        relationships=(("ally", None, dt.date(2023, 3, 25)),),
    )  # fmt: skip
    factories.country(
        "GT", "瓜地馬拉", "Guatemala", region_code="389", relationships=(("ally", None, None),)
    )
    factories.country(
        "TH", "泰國", "Thailand", region_code="798",
        relationships=(("new-southbound", dt.date(2016, 9, 1), None),),
    )  # fmt: skip
    for currency, day, rate in (
        ("EUR", dt.date(2022, 1, 1), "0.9"),
        ("EUR", dt.date(2023, 1, 1), "0.8"),
        ("TWD", dt.date(2022, 1, 1), "30"),
        ("TWD", dt.date(2023, 1, 1), "32"),
    ):
        ExchangeRate.objects.create(currency=currency, date=day, per_usd=D(rate))
    mofa = factories.organisation(
        "外交部", "Ministry of Foreign Affairs", slug="mofa", category="ministry"
    )
    icdf = factories.organisation(
        "國際合作發展基金會", "TaiwanICDF", slug="taiwanicdf", category="icdf"
    )
    a = factories.activity(
        title_en="Rice in Central America",
        actual_start=dt.date(2022, 1, 1),
        actual_end=dt.date(2023, 12, 31),
        modality="technical-cooperation",
        participations=[
            ParticipationRecord(role="1", organisation_id=mofa.pk, printed_name="MOFA"),
            ParticipationRecord(role="4", organisation_id=icdf.pk, printed_name="ICDF"),
        ],
        countries=[CountryRecord("HN", D(60)), CountryRecord("GT", D(40))],
        sectors=[SectorRecord("31161", percentage=D(75)), SectorRecord("12220", percentage=D(25))],
        sdgs=[SdgRecord(2), SdgRecord(3)],
        budgets=[
            BudgetRecord(D(2_000_000), "USD", type="1", period_start=dt.date(2022, 1, 1)),
            BudgetRecord(D(1_500_000), "USD", type="2", period_start=dt.date(2022, 1, 1)),
        ],
        transactions=[
            TransactionRecord("2", D(1_000_000), "USD", dt.date(2022, 1, 15)),
            TransactionRecord("1", D(500_000), "USD", dt.date(2022, 2, 1), provider_name="MOFA"),
            TransactionRecord("3", D(90_000), "EUR", dt.date(2022, 6, 1)),
            TransactionRecord("4", D(200_000), "USD", dt.date(2023, 6, 1)),
        ],
    )
    b = factories.activity(
        title_en="Clinics in Thailand",
        year=2023,
        modality="humanitarian",
        default_currency="TWD",
        countries=[CountryRecord("TH")],
        regions=[RegionRecord("798")],
        transactions=[
            TransactionRecord("3", D(3_000_000), "", dt.date(2023, 2, 1)),
            TransactionRecord("3", D(10_000), "USD", dt.date(2023, 5, 1), recipient_country="TH"),
        ],
    )
    d = factories.activity(
        title_en="Unconvertible",
        year=2023,
        transactions=[
            TransactionRecord("3", D(5_000), "XXX", dt.date(2023, 3, 1)),
            TransactionRecord("3", D(7_000), "USD", None),
        ],
    )
    c = factories.activity(
        title_en="Another donor in Honduras",
        year=2022,
        is_taiwan=False,
        source="iati",
        countries=[CountryRecord("HN")],
        transactions=[TransactionRecord("3", D(1_000), "USD", dt.date(2022, 3, 1))],
    )
    return {"a": a, "b": b, "c": c, "d": d, "mofa": mofa, "icdf": icdf}
