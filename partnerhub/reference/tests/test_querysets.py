"""Dated relationships: open ends, in-force days and overlapping periods."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerhub.reference.models import Country, CountryRelationship

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def relations() -> None:
    honduras = Country.objects.create(code="HN", name_zh="宏都拉斯", name_en="Honduras")
    palau = Country.objects.create(code="PW", name_zh="帛琉", name_en="Palau")
    india = Country.objects.create(code="IN", name_zh="印度", name_en="India")
    CountryRelationship.objects.create(country=honduras, status="ally", end=D(2023, 3, 26))
    CountryRelationship.objects.create(country=palau, status="ally", start=D(1999, 12, 29))
    CountryRelationship.objects.create(country=india, status="new-southbound", start=D(2016, 9, 5))


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def test_it_treats_open_ends_as_unbounded(relations):
    assert codes(Country.objects.allies_on(D(1950, 1, 1))) == {"HN"}
    assert codes(Country.objects.allies_on(D(2020, 1, 1))) == {"HN", "PW"}
    assert codes(Country.objects.allies_on(D(2024, 1, 1))) == {"PW"}


def test_it_includes_the_first_and_last_day(relations):
    assert codes(Country.objects.allies_on(D(2023, 3, 26))) == {"HN", "PW"}
    assert codes(Country.objects.allies_on(D(2023, 3, 27))) == {"PW"}
    assert codes(Country.objects.with_status_on("new-southbound", D(2016, 9, 5))) == {"IN"}
    assert codes(Country.objects.with_status_on("new-southbound", D(2016, 9, 4))) == set()


def test_it_finds_relationships_overlapping_a_period(relations):
    rows = CountryRelationship.objects.overlapping(D(2023, 1, 1), D(2023, 12, 31)).allies()
    assert {r.country.code for r in rows.select_related("country")} == {"HN", "PW"}
    assert codes(Country.objects.with_status_during("ally", D(2024, 1, 1), D(2024, 12, 31))) == {
        "PW"
    }


def test_it_agrees_with_the_single_row_method(relations):
    day = D(2023, 3, 26)
    in_force = set(CountryRelationship.objects.in_force_on(day))
    assert in_force == {r for r in CountryRelationship.objects.all() if r.in_force_on(day)}
    assert len(in_force) == 3


def test_it_lists_one_country_once_however_many_periods_match(relations):
    palau = Country.objects.get(code="PW")
    CountryRelationship.objects.create(
        country=palau, status="ally", start=D(1990, 1, 1), end=D(1995, 1, 1)
    )
    CountryRelationship.objects.create(
        country=palau, status="ally", start=D(1994, 1, 1), end=D(1996, 1, 1)
    )
    assert list(Country.objects.allies_on(D(1994, 6, 1)).values_list("code", flat=True)) == [
        "HN",
        "PW",
    ]
