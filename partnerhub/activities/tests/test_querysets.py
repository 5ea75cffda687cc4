"""Behaviour of the reusable activity filters."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerhub.activities.models import Activity
from partnerhub.activities.records import ActivityRecord, CountryRecord, SdgRecord, SectorRecord
from partnerhub.activities.services import activity_create
from partnerhub.reference.models import Country, CountryRelationship

pytestmark = pytest.mark.django_db


def _make(identifier: str, **fields: object) -> Activity:
    return activity_create(
        record=ActivityRecord(iati_identifier=identifier, source="user", **fields)
    )  # type: ignore[arg-type]


@pytest.fixture
def honduras() -> Country:
    country = Country.objects.create(code="HN", name_zh="宏都拉斯", name_en="Honduras")
    CountryRelationship.objects.create(country=country, status="ally", end=dt.date(2023, 3, 26))
    return country


def test_it_selects_activities_overlapping_a_year() -> None:
    _make("A", year=2019)
    _make("B", planned_start=dt.date(2018, 6, 1), planned_end=dt.date(2020, 5, 1))
    _make("C", year=2021)
    assert set(Activity.objects.in_year(2019).values_list("iati_identifier", flat=True)) == {
        "A",
        "B",
    }


def test_it_matches_a_three_digit_sector_to_its_five_digit_codes() -> None:
    _make("A", sectors=[SectorRecord(code="12220")])
    _make("B", sectors=[SectorRecord(code="31120")])
    assert list(Activity.objects.in_sector("122").values_list("iati_identifier", flat=True)) == [
        "A"
    ]


def test_it_filters_by_sdg_goal_and_target() -> None:
    _make("A", sdgs=[SdgRecord(goal=3, target="3.1")])
    _make("B", sdgs=[SdgRecord(goal=3)])
    assert Activity.objects.with_sdg(3).count() == 2
    assert list(Activity.objects.with_sdg(3, "3.1").values_list("iati_identifier", flat=True)) == [
        "A"
    ]


def test_it_uses_the_relationship_in_force_during_the_activity(honduras: Country) -> None:
    _make("while-ally", year=2020, countries=[CountryRecord(code="HN")])
    _make("after-ties-ended", year=2024, countries=[CountryRecord(code="HN")])
    allied = Activity.objects.with_relationship("ally").values_list("iati_identifier", flat=True)
    assert list(allied) == ["while-ally"]


def test_it_finds_text_that_prints_an_organisation_by_its_name_in_the_other_language() -> None:
    from partnerhub.core.text import search_key
    from partnerhub.organisations.services import organisation_create

    organisation_create(
        name_zh="美國在臺協會", name_en="American Institute in Taiwan", abbreviation="AIT"
    )
    printed = _make("TW-1", title_zh="與美國在臺協會合辦研討會")
    _make("TW-2", title_en="Water supply in Kuwait")  # holds "ait", a too-short alias
    found = Activity.objects.matching(search_key("American Institute in Taiwan"))
    assert list(found.values_list("pk", flat=True)) == [printed.pk]


def test_a_country_page_lists_the_same_newest_activities_whichever_way_it_finds_them(
    honduras: Country,
) -> None:
    from partnerhub.activities.selectors import country_activities

    for n, year in enumerate([2019, 2021, 2021, 2015, 2023]):
        _make(
            f"XM-HN-{n}",
            title_en=f"In Honduras {n}",
            actual_start=dt.date(year, 1, 1),
            countries=[CountryRecord("HN")],
        )
    _make("XM-GT-1", title_en="Elsewhere", countries=[CountryRecord("GT")])
    sorted_ids = [a.pk for a in country_activities("HN")]
    walked_ids = [a.pk for a in country_activities("hn", share=0.5)]
    assert len(sorted_ids) == 5 and walked_ids == sorted_ids
    assert Activity.objects.get(pk=sorted_ids[0]).span_start == dt.date(2023, 1, 1)
