"""Totals against the hand-computed cases of ``fixtures.hand_world``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from partnerhub.reports.ledger import RateUsed, Scope, ledger_build
from partnerhub.reports.tests.fixtures import hand_world
from partnerhub.reports.totals import Totals, totals_by

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def world() -> dict[str, Any]:
    return hand_world()


def money(totals: Totals) -> dict[str, Decimal]:
    return {row.key: row.amount.quantize(D("0.01")) for row in totals.rows if row.amount}


def counts(totals: Totals) -> dict[str, int]:
    return {row.key: row.activities for row in totals.rows if row.activities}


def test_it_counts_only_disbursements_and_expenditures_as_spending(world: dict[str, Any]) -> None:
    totals = totals_by(ledger_build(Scope()), "year")
    assert totals.amount == D("403750")
    assert money(totals) == {"2022": D("100000"), "2023": D("303750")}
    assert sum(r.amount for r in totals.rows) == totals.amount


def test_it_splits_money_by_country_percentages_and_equally_when_none_are_given(
    world: dict[str, Any],
) -> None:
    totals = totals_by(ledger_build(Scope()), "country")
    assert money(totals) == {
        "HN": D("180000"),
        "GT": D("120000"),
        "TH": D("56875"),  # half of 93,750 plus the 10,000 that names Thailand
        "": D("46875"),  # the regional half of B
    }
    assert counts(totals) == {"HN": 1, "GT": 1, "TH": 1, "": 1}
    assert totals.activities == 3


def test_it_gives_a_region_the_money_of_its_countries_and_its_own(world: dict[str, Any]) -> None:
    totals = totals_by(ledger_build(Scope()), "region")
    assert money(totals) == {"389": D("300000"), "798": D("103750")}
    # The list's region filter takes a declared region or a country in it, as the totals do.
    assert totals.link("389") == {"publisher": "taiwan", "region": "389"}


def test_it_splits_by_sector_percentages_and_sdgs_equally(world: dict[str, Any]) -> None:
    ledger = ledger_build(Scope())
    assert money(totals_by(ledger, "sector")) == {
        "311": D("225000"),
        "122": D("75000"),
        "": D("103750"),
    }
    assert money(totals_by(ledger, "sdg")) == {"2": D("150000"), "3": D("150000"), "": D("103750")}


def test_it_never_adds_funder_and_implementer_together(world: dict[str, Any]) -> None:
    ledger = ledger_build(Scope())
    implementing = totals_by(ledger, "organisation", role="implementing")
    funding = totals_by(ledger, "organisation", role="funding")
    assert money(implementing)["taiwanicdf"] == D("300000")
    assert money(funding)["mofa"] == D("300000")
    assert implementing.amount == funding.amount == D("403750")
    assert money(totals_by(ledger, "organisation-type", role="funding"))["ministry"] == D("300000")


def test_it_uses_the_relationship_in_force_on_the_day_of_each_flow(world: dict[str, Any]) -> None:
    totals = totals_by(ledger_build(Scope()), "relationship")
    assert money(totals) == {
        "ally": D("180000"),
        "new-southbound": D("56875"),
        "": D("166875"),  # Honduras after 2023-03-25 (120,000) and B's regional half
    }
    # Counted as the list's filter counts: A was in an ally during its dates.
    assert counts(totals)["ally"] == 1


def test_it_converts_at_the_rate_of_the_flow_date_and_states_the_rates(
    world: dict[str, Any],
) -> None:
    usd = totals_by(ledger_build(Scope()), "year")
    assert RateUsed("EUR", dt.date(2022, 1, 1), D("0.9")) in usd.rates
    assert RateUsed("TWD", dt.date(2023, 1, 1), D("32")) in usd.rates
    twd = totals_by(ledger_build(Scope(currency="TWD")), "year")
    assert twd.amount.quantize(D("1")) == D("12720000")


def test_it_leaves_out_and_reports_what_it_cannot_convert(world: dict[str, Any]) -> None:
    totals = totals_by(ledger_build(Scope()), "year")
    assert totals.unconverted["XXX"].flows == 1
    assert totals.unconverted["USD"].flows == 1  # no date to pick a rate for
    assert totals.unconverted["USD"].amount == D("7000")


def test_it_keeps_other_publishers_apart(world: dict[str, Any]) -> None:
    other = totals_by(ledger_build(Scope(publisher="other")), "country")
    assert money(other) == {"HN": D("1000")}
    assert other.link("HN") == {"publisher": "other", "country": "HN"}


def test_it_uses_revised_budgets_instead_of_original_ones(world: dict[str, Any]) -> None:
    assert totals_by(ledger_build(Scope(measure="budget")), "year").amount == D("1500000")
    assert totals_by(ledger_build(Scope(measure="commitments")), "year").amount == D("1000000")


def test_it_narrows_to_one_country_and_one_year(world: dict[str, Any]) -> None:
    honduras = totals_by(ledger_build(Scope(country="HN")), "sector")
    assert money(honduras) == {"311": D("135000"), "122": D("45000")}
    assert honduras.link("311") == {"publisher": "taiwan", "country": "HN", "sector": "311"}
    year = totals_by(ledger_build(Scope(year=2022)), "country")
    assert year.amount == D("100000")
    assert year.activities == 1  # only A overlaps 2022
    assert year.link() == {"publisher": "taiwan", "year": "2022"}
