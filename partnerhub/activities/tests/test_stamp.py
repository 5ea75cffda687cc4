"""The activities' change stamp: every write service bumps it, and the list reads it."""

from __future__ import annotations

import pytest
from django.db import transaction

from partnerhub.activities.lists import ACTIVITIES
from partnerhub.activities.records import CountryRecord
from partnerhub.activities.selectors import ActivityFilters
from partnerhub.activities.services import (
    STAMP,
    activities_recount,
    activity_delete,
    activity_update,
)
from partnerhub.core.lists import PageRequest, paginate
from partnerhub.core.stamps import change_stamp
from partnerhub.test import activity

pytestmark = pytest.mark.django_db


def test_an_update_through_a_service_bumps_the_activities_stamp() -> None:
    record = activity(title_en="Clinic", year=2020)
    before = change_stamp(STAMP).version
    activity_update(activity=record, title_en="Clinic and school")
    assert change_stamp(STAMP).version == before + 1


def test_a_rolled_back_write_leaves_the_stamp_as_it_was() -> None:
    activity(title_en="Clinic", year=2020)
    before = change_stamp(STAMP)
    with transaction.atomic():
        activity(title_en="Never kept", year=2021)
        transaction.set_rollback(True)
    assert change_stamp(STAMP) == before


def test_the_stamp_keeps_the_count_once_taken_through_creates_and_deletes() -> None:
    first = activity(title_en="One", year=2020)
    assert change_stamp(STAMP).rows is None  # never counted: the paginator counts itself
    activities_recount()
    assert change_stamp(STAMP).rows == 1
    activity(title_en="Two", year=2020, countries=[CountryRecord("SZ")])
    activity(title_en="Three", year=2021)
    activity_delete(activity=first)
    assert change_stamp(STAMP).rows == 2


def test_the_unfiltered_list_takes_its_count_from_the_stamp(django_assert_num_queries) -> None:
    for n in range(3):
        activity(title_en=f"Project {n}", year=2020)
    activities_recount()
    empty = ActivityFilters()
    known = ACTIVITIES.known_count(empty)
    assert known == 3
    assert ACTIVITIES.known_count(ActivityFilters(year=2020)) is None
    qs = ACTIVITIES.query(empty).prefetch_related(None)
    with django_assert_num_queries(1):  # the page only: no COUNT(*)
        page = paginate(qs, PageRequest(1, 2), known=known)
    assert (page.count, page.has_next, len(page.items)) == (3, True, 2)


def test_a_page_that_contradicts_the_kept_count_counts_after_all() -> None:
    for n in range(3):
        activity(title_en=f"Project {n}", year=2020)
    qs = ACTIVITIES.query(ActivityFilters()).prefetch_related(None)
    assert paginate(qs, PageRequest(2, 2), known=7).count == 3  # page 2 has one row, not five
    assert paginate(qs, PageRequest(1, 2), known=1).count == 3  # a full page needs two rows
