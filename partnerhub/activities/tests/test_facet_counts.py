"""The activity list's facet counts stored by ``facets_refresh``: read while current, equal to live."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from partnerhub.activities.lists import ACTIVITIES
from partnerhub.activities.records import ActivityRecord, CountryRecord
from partnerhub.activities.selectors import ActivityFilters, activity_facets
from partnerhub.activities.services import (
    STAMP,
    activities_recount,
    activity_bulk_create,
    activity_update,
)
from partnerhub.core.facets import busiest_selections, facet_counts_refresh
from partnerhub.core.lists import Facet, selection_key
from partnerhub.core.models import FacetCounts
from partnerhub.core.stamps import change_stamp
from partnerhub.test import compile_catalogues, small_world

pytestmark = pytest.mark.django_db

BUSIEST = {
    "country": 20,
    "region": 20,
    "sector": 20,
    "sdg": 20,
    "year": 20,
    "modality": 20,
    "organisation": 20,
    "publisher": 20,
}


@pytest.fixture(scope="module", autouse=True)
def catalogues() -> None:
    compile_catalogues()


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    cache.clear()
    return small_world()


def _stored_selections() -> list[ActivityFilters]:
    everything = ActivityFilters()
    unfiltered = ACTIVITIES.facet_counts(everything)
    return [everything, *busiest_selections(ACTIVITIES, unfiltered, BUSIEST)]  # type: ignore[list-item]


def _live(selection: ActivityFilters) -> list[Facet]:
    return ACTIVITIES._facets(selection, None)


def test_stored_counts_give_the_facets_live_counts_give_for_every_stored_selection_in_both_languages(
    world: dict[str, Any],
) -> None:
    done = facet_counts_refresh(spec=ACTIVITIES, busiest=BUSIEST)
    selections = _stored_selections()
    keys = {selection_key(s) for s in selections}
    assert {"", "country='HN'", "sdg=(3, '')", "year=2022", "publisher='taiwan'"} <= keys
    assert done.selections == len(selections) == FacetCounts.objects.count()
    compared = 0
    for language in ("zh-hant", "en"):
        with translation.override(language):
            for selection in selections:
                stored = ACTIVITIES.stored_counts(selection, done.version)
                assert stored is not None, selection
                assert ACTIVITIES.facets_from(selection, stored) == _live(selection), selection
                compared += 1
    assert compared == 2 * len(selections)


def test_the_list_reads_stored_counts_without_counting_link_rows(world: dict[str, Any]) -> None:
    facet_counts_refresh(spec=ACTIVITIES, busiest=BUSIEST)
    selection = ActivityFilters.from_query({"country": "HN"})
    with translation.override("en"):
        live = _live(selection)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            facets = activity_facets(selection)
    assert facets == live
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "core_facetcounts" in sql
    assert "activities_activitycountry" not in sql  # no GROUP BY over the link rows


def test_a_stale_row_is_never_read_after_an_edit(world: dict[str, Any]) -> None:
    done = facet_counts_refresh(spec=ACTIVITIES, busiest=BUSIEST)
    everything = ActivityFilters()
    honduras = world["activities"]["hn_2024"]
    activity_update(activity=honduras, modality="technical-cooperation")
    assert change_stamp(STAMP).version > done.version
    assert ACTIVITIES.stored_counts(everything, change_stamp(STAMP).version) is None
    cache.clear()
    modalities = {f.name: f for f in activity_facets(everything)}["modality"]
    live = {f.name: f for f in _live(everything)}["modality"]
    assert modalities == live
    stored = dict(ACTIVITIES.stored_counts(everything, done.version) or {})["modality"]
    assert sorted(stored) != sorted((v.value, v.count) for v in live.values)


def test_a_refresh_keeps_only_the_newest_versions_rows_and_skips_a_complete_version(
    world: dict[str, Any],
) -> None:
    first = facet_counts_refresh(spec=ACTIVITIES, busiest={"country": 2})
    assert first.selections == 3 and not first.skipped
    again = facet_counts_refresh(spec=ACTIVITIES, busiest={"country": 2})
    assert again.skipped and again.version == first.version
    activities_recount()
    second = facet_counts_refresh(spec=ACTIVITIES, busiest={"country": 2})
    assert second.version > first.version
    assert set(FacetCounts.objects.values_list("version", flat=True)) == {second.version}
    assert FacetCounts.objects.count() == 3


def test_the_busiest_values_of_each_named_facet_are_stored(world: dict[str, Any]) -> None:
    facet_counts_refresh(spec=ACTIVITIES, busiest={"country": 1, "publisher": 5})
    countries = {
        v.value: v.count for f in _live(ActivityFilters()) if f.name == "country" for v in f.values
    }
    top = sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    assert set(FacetCounts.objects.values_list("selection", flat=True)) == {
        "",
        f"country={top!r}",
        "publisher='taiwan'",
        "publisher='other'",
    }


def _queued(callbacks: list[Any]) -> int:
    return sum(1 for c in callbacks if getattr(c, "__name__", "") == "_facets_refresh_enqueue")


def test_a_bulk_write_queues_one_refresh_however_many_batches_and_a_single_edit_none(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    records = [
        ActivityRecord(iati_identifier=f"XM-BULK-{n}", title_en=f"Bulk {n}", source="iati")
        for n in range(3)
    ]
    with django_capture_on_commit_callbacks() as bulk, transaction.atomic():
        assert activity_bulk_create(records=records, batch_size=1) == 3
        activities_recount()
    assert _queued(bulk) == 1
    with django_capture_on_commit_callbacks() as edit:
        activity_update(activity=world["activities"]["hn_2024"], modality="technical-cooperation")
    assert _queued(edit) == 0


def test_a_refresh_queued_in_a_rolled_back_savepoint_is_queued_again_by_a_later_write(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    record = ActivityRecord(iati_identifier="XM-BULK-A", title_en="A", source="iati")
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        with transaction.atomic():
            activity_bulk_create(records=[record])
            transaction.set_rollback(True)
        activity_bulk_create(
            records=[
                ActivityRecord(
                    iati_identifier="XM-BULK-B",
                    title_en="B",
                    source="iati",
                    countries=[CountryRecord("SZ")],
                )
            ]
        )
    assert _queued(callbacks) == 1


def test_a_recount_as_the_seed_load_and_the_import_commit_run_it_queues_a_refresh(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        activities_recount()
    assert _queued(callbacks) == 1
