"""The activity list's bitmap facet index: each value's members are what its filter returns, its
counts and pages are the live ones, and it is read only at the stamp's current version."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from partnerhub.activities.lists import ACTIVITIES
from partnerhub.activities.querysets import SDG_SOURCES
from partnerhub.activities.records import (
    ActivityRecord,
    CountryRecord,
    ParticipationRecord,
    RegionRecord,
    SectorRecord,
)
from partnerhub.activities.selectors import ActivityFilters, activity_facets
from partnerhub.activities.services import (
    STAMP,
    activities_recount,
    activity_bulk_create,
    activity_update,
)
from partnerhub.core.exceptions import InvalidFilter, NotFound
from partnerhub.core.listindex import BitmapIndex, current_index, forget_loaded
from partnerhub.core.lists import PageRequest, paginate
from partnerhub.core.models import ListIndex
from partnerhub.core.services import list_index_store
from partnerhub.core.stamps import change_stamp
from partnerhub.organisations.models import Organisation
from partnerhub.sdg.models import SdgSuggestion, SuggestionStatus
from partnerhub.test import activity, compile_catalogues, small_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def catalogues() -> None:
    compile_catalogues()


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    """The small world, and records on the edges of the filters' rules: no dates, an end date
    only, a region declared without a country, a DAC category code of vocabulary 1, another
    vocabulary's code, pending and rejected SDG suggestions, a long span."""
    cache.clear()
    forget_loaded()
    made = small_world()
    icdf = made["organisations"]["icdf"]
    partner = made["organisations"]["partner"]
    extra = {
        "undated": activity(title_en="Undated", source="iati", is_taiwan=False, status="5"),
        "ends_only": activity(
            title_en="Ends only",
            source="news",
            modality="education-training",
            actual_end=dt.date(2027, 3, 1),
            countries=[CountryRecord("SZ"), CountryRecord("HN")],
        ),
        "regional": activity(
            title_en="Regional training",
            source="plan-2026",
            status="1",
            planned_start=dt.date(1998, 1, 1),
            planned_end=dt.date(2031, 12, 31),
            regions=[RegionRecord("489")],
            sectors=[SectorRecord("151", vocabulary="1"), SectorRecord("151", vocabulary="99")],
            participations=[
                ParticipationRecord(role="1", printed_name="ICDF", organisation_id=icdf.pk),
                ParticipationRecord(role="4", printed_name="MoH", organisation_id=partner.pk),
            ],
            reporting_org_id=partner.pk,
        ),
        "water": activity(
            title_en="Rural water",
            source="iati",
            is_taiwan=False,
            status="2",
            actual_start=dt.date(2023, 6, 1),
            actual_end=dt.date(2024, 5, 31),
            countries=[CountryRecord("VN")],
            sectors=[SectorRecord("14030"), SectorRecord("15110")],
        ),
    }
    SdgSuggestion.objects.create(activity=extra["water"], goal=6, score=0.8, model_version="t")
    SdgSuggestion.objects.create(
        activity=extra["water"], goal=3, target="3.3", score=0.5, model_version="t"
    )
    SdgSuggestion.objects.create(
        activity=made["activities"]["hn_2022"], goal=6, score=0.4, model_version="t"
    )
    SdgSuggestion.objects.create(
        activity=extra["undated"],
        goal=4,
        score=0.3,
        model_version="t",
        status=SuggestionStatus.REJECTED,
    )
    made["activities"].update(extra)
    return made


def _index() -> BitmapIndex:
    list_index_store(spec=ACTIVITIES)
    index = ACTIVITIES.index()
    assert index is not None
    return index


def _ids(index: BitmapIndex, ranks: Any) -> set[int]:
    return {int(index.ids[r]) for r in ranks}


def _filter_values(index: BitmapIndex) -> list[ActivityFilters]:
    """One selection per value the index holds (and a few it does not), each with one filter
    (the sdg filter with each sdg_source)."""
    selections: list[ActivityFilters] = []
    for f in ACTIVITIES.filters:
        if f.members is None:
            continue
        raw = [k for k in index.bitmaps[f.name] if not k.startswith("end:")]
        if f.name == "organisation":
            raw = list(Organisation.objects.values_list("slug", flat=True))
        if f.name == "sdg":
            raw = [k.split(":")[1] for k in raw] + ["3.1", "3.3"]
        if f.name == "year":
            raw += ["1950", "2099"]
        for value in sorted(set(raw)):
            try:
                parsed = f.parse(value)
            except InvalidFilter:
                continue
            sources: tuple[str | None, ...] = SDG_SOURCES if f.name == "sdg" else (None,)
            for source in sources:
                extra = {"sdg_source": source} if source else {}
                selections.append(ActivityFilters(**{f.name: parsed, **extra}))
    return selections


def test_each_values_members_are_exactly_the_activities_its_filter_returns(
    world: dict[str, Any],
) -> None:
    index = _index()
    selections = _filter_values(index)
    names = {name for s in selections for name, _value in s.items()}
    assert names >= {f.name for f in ACTIVITIES.filters if f.members is not None}
    for selection in selections:
        expected = set(
            ACTIVITIES.apply(ACTIVITIES.queryset(), selection).values_list("pk", flat=True)
        )
        ranks = index.selection_ranks(ACTIVITIES, selection)
        assert ranks is not None
        assert _ids(index, ranks) == expected, selection
    assert len(selections) > 60


def _random_selections(index: BitmapIndex, count: int) -> list[ActivityFilters]:
    """The unfiltered list, then selections of one to three filters: half drawn among the
    values of one activity (so they hold at least that activity), half at random."""
    single = [*_filter_values(index), ActivityFilters(q="honduras"), ActivityFilters(q="water")]
    holding = {
        s: set(ACTIVITIES.apply(ACTIVITIES.queryset(), s).values_list("pk", flat=True))
        for s in single
    }
    everyone = sorted(set().union(*holding.values()))
    rng = random.Random(20261202)
    selections = [ActivityFilters()]
    while len(selections) < count:
        if len(selections) % 2:
            pk = rng.choice(everyone)
            pool = [s for s in single if pk in holding[s]]
        else:
            pool = single
        values: dict[str, Any] = {}
        for one in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
            values.update(dict(one.items()))
        selections.append(ActivityFilters(**values))
    return selections


def _nonzero(counts: dict[str, list[tuple[str, int]]]) -> dict[str, dict[str, int]]:
    return {
        name: {v: n for v, n in pairs if n and v not in ("", "None")}
        for name, pairs in counts.items()
    }


def test_counts_from_the_index_equal_live_counts_for_random_selections_in_both_languages(
    world: dict[str, Any],
) -> None:
    index = _index()
    selections = _random_selections(index, 120)
    compared = 0
    for selection in selections:
        from_index = index.facet_counts(ACTIVITIES, selection)
        assert _nonzero(from_index) == _nonzero(ACTIVITIES.facet_counts(selection)), selection
        for language in ("zh-hant", "en"):
            with translation.override(language):
                facets = ACTIVITIES.facets_from(selection, from_index)
                assert facets == ACTIVITIES._facets(selection, None), (language, selection)
        compared += 1
    assert compared == 120
    assert any(len(list(s.items())) == 3 for s in selections)
    assert sum(1 for s in selections if ACTIVITIES.apply(ACTIVITIES.queryset(), s).exists()) > 50


def test_pages_from_the_index_equal_live_pages_in_every_order(world: dict[str, Any]) -> None:
    index = _index()
    selections = _random_selections(index, 40)
    compared = 0
    for selection in selections:
        for sort in ACTIVITIES.sorts:
            for number, size in ((1, 50), (1, 2), (2, 2)):
                request = PageRequest(number, size)
                live = paginate(ACTIVITIES.query(selection, sort), PageRequest(1, 500))
                if (number - 1) * size >= max(live.count, 1) and number > 1:
                    with pytest.raises(NotFound):
                        index.page(ACTIVITIES, selection, sort, request)
                    continue
                page = index.page(ACTIVITIES, selection, sort, request)
                offset = (number - 1) * size
                assert page.count == live.count, (selection, sort)
                assert [a.pk for a in page.items] == [
                    a.pk for a in live.items[offset : offset + size]
                ], (selection, sort, number, size)
                compared += 1
    assert compared > 200


def test_the_list_answers_from_the_index_without_grouping_link_rows(
    world: dict[str, Any],
) -> None:
    _index()
    selection = ActivityFilters.from_query({"country": "HN", "year": "2022"})
    with translation.override("en"):
        live = ACTIVITIES._facets(selection, None)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            facets = activity_facets(selection)
            page = ACTIVITIES.page(selection, "-start", PageRequest(1, 50))
    assert facets == live
    assert [a.pk for a in page.items] == [world["activities"]["hn_2022"].pk]
    sql = " ".join(q["sql"] for q in captured.captured_queries).upper()
    assert "GROUP BY" not in sql and "COUNT(" not in sql


def test_every_other_order_is_read_from_the_index_without_sorting_in_sql(
    world: dict[str, Any],
) -> None:
    index = _index()
    assert set(index.positions) == set(ACTIVITIES.sorts) - {ACTIVITIES.default_sort}
    for sort in index.positions:
        live = paginate(ACTIVITIES.query(ActivityFilters(), sort), PageRequest(1, 500))
        with CaptureQueriesContext(connection) as captured:
            page = ACTIVITIES.page(ActivityFilters(), sort, PageRequest(2, 3))
        assert [a.pk for a in page.items] == [a.pk for a in live.items[3:6]], sort
        assert page.count == live.count
        sql = " ".join(q["sql"] for q in captured.captured_queries).upper()
        assert "OFFSET" not in sql and "COUNT(" not in sql, sort


def test_a_process_loads_a_version_once(world: dict[str, Any]) -> None:
    _index()
    version = change_stamp(STAMP).version
    with CaptureQueriesContext(connection) as captured:
        again = current_index(ACTIVITIES, version)
    assert again is not None and again.version == version
    assert captured.captured_queries == []


def test_a_stale_index_is_never_read_after_an_edit(world: dict[str, Any]) -> None:
    built = _index()
    everything = ActivityFilters()
    activity_update(activity=world["activities"]["hn_2024"], modality="technical-cooperation")
    assert change_stamp(STAMP).version > built.version
    assert ACTIVITIES.index() is None
    cache.clear()
    modalities = {f.name: f for f in activity_facets(everything)}["modality"]
    assert modalities == {f.name: f for f in ACTIVITIES._facets(everything, None)}["modality"]
    stale = dict(built.facet_counts(ACTIVITIES, everything)["modality"])
    assert [(v.value, v.count) for v in modalities.values] != sorted(
        stale.items(), key=lambda kv: (-kv[1], kv[0])
    )


def test_a_build_keeps_only_the_newest_version_and_skips_a_complete_one(
    world: dict[str, Any],
) -> None:
    first = list_index_store(spec=ACTIVITIES)
    assert not first.skipped and first.records == 9 and first.bitmaps > 40
    again = list_index_store(spec=ACTIVITIES)
    assert again.skipped and again.version == first.version
    activities_recount()
    second = list_index_store(spec=ACTIVITIES)
    assert second.version > first.version
    assert set(ListIndex.objects.values_list("version", flat=True)) == {second.version}
    parts = set(ListIndex.objects.values_list("part", flat=True))
    assert {"ranks", "complete", "filter:country", "filter:year"} <= parts


def test_an_index_without_its_complete_marker_is_not_read(world: dict[str, Any]) -> None:
    list_index_store(spec=ACTIVITIES)
    forget_loaded()
    ListIndex.objects.filter(part="complete").delete()
    assert ACTIVITIES.index() is None


def test_an_index_that_lacks_a_declared_filter_is_not_read_nor_loaded_again(
    world: dict[str, Any],
) -> None:
    list_index_store(spec=ACTIVITIES)
    forget_loaded()
    ListIndex.objects.filter(part="filter:year").delete()  # as built before "year" had members
    assert ACTIVITIES.index() is None
    with CaptureQueriesContext(connection) as captured:
        assert ACTIVITIES.index() is None
    assert not any("core_listindex" in q["sql"] for q in captured.captured_queries)
    cache.clear()
    assert activity_facets(ActivityFilters()) == ACTIVITIES._facets(ActivityFilters(), None)


def _as_if_committed() -> None:
    """Forget the callbacks the fixture's writes left pending in the test's transaction, as if
    it had committed: the next write is the first of a new transaction."""
    transaction.get_connection().run_on_commit.clear()


def _queued(callbacks: list[Any], name: str = "_facets_refresh_enqueue") -> int:
    return sum(1 for c in callbacks if getattr(c, "__name__", "") == name)


def test_a_bulk_write_queues_one_refresh_however_many_batches_and_an_edit_one_later(
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
    assert _queued(bulk, "_facets_refresh_enqueue_later") == 0
    _as_if_committed()
    with django_capture_on_commit_callbacks() as edit:
        activity_update(activity=world["activities"]["hn_2024"], modality="technical-cooperation")
    assert _queued(edit) == 0
    assert _queued(edit, "_facets_refresh_enqueue_later") == 1


@override_settings(PARTNERHUB_INDEX_AFTER_EDIT_SECONDS=120)
def test_a_burst_of_edits_queues_one_delayed_rebuild(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    caches["tasks"].delete("activities:facets-refresh-pending")
    _as_if_committed()
    subject = world["activities"]["hn_2024"]
    before = DBTaskResult.objects.filter(task_path__endswith="facets_refresh").count()
    began = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        activity_update(activity=subject, modality="technical-cooperation")
    with django_capture_on_commit_callbacks(execute=True):
        activity_update(activity=subject, modality="education-training")
    queued = DBTaskResult.objects.filter(task_path__endswith="facets_refresh").order_by("-pk")
    assert queued.count() == before + 1  # and Taiwan's stored totals, once (reports' tests)
    run_after = queued[0].run_after
    assert run_after is not None and run_after >= began + dt.timedelta(seconds=119)
    caches["tasks"].delete("activities:facets-refresh-pending")


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


def test_the_json_twin_and_the_api_answer_the_same_from_the_index_as_live(
    world: dict[str, Any],
) -> None:
    from django.test import Client
    from django.urls import reverse

    queries = [
        {},
        {"country": "HN"},
        {"sector": "151", "sort": "title"},
        {"year": "2022", "publisher": "taiwan", "page_size": "1", "page": "2"},
        {"q": "water", "sdg_source": "both", "sdg": "6"},
    ]
    client = Client()

    def answers() -> list[Any]:
        found = []
        for query in queries:
            for url in (
                reverse("portal:activities-export", args=["json"]),
                reverse("api:collection", args=["activities"]),
            ):
                cache.clear()
                response = client.get(url, query, headers={"accept-language": "en"})
                assert response.status_code == 200, (url, query, response.content[:200])
                found.append(response.json())
        return found

    live = answers()
    assert ACTIVITIES.index() is None
    _index()
    assert answers() == live
    assert sum(body["count"] for body in live) > 10
