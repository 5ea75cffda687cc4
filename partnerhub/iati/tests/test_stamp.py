"""An import commits a new version of the activities' change stamp with its dataset."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from partnerhub.activities.selectors import ActivityFilters, activity_facets
from partnerhub.activities.services import STAMP
from partnerhub.core.stamps import change_stamp
from partnerhub.iati.importer import dataset_import
from partnerhub.iati.tests.helpers import activities_file, activity_xml

pytestmark = pytest.mark.django_db


def _countries() -> dict[str, int]:
    facets = {f.name: f for f in activity_facets(ActivityFilters())}
    return {v.value: v.count for v in facets["country"].values}


def test_a_list_facet_cache_changes_after_an_import(tmp_path: Path) -> None:
    dataset_import(path=activities_file(tmp_path / "a.xml", activity_xml("XM-STAMP-1")))
    assert _countries() == {"SZ": 1, "PY": 1}
    assert _countries() == {"SZ": 1, "PY": 1}  # now from the cache
    before = change_stamp(STAMP)
    dataset_import(
        path=activities_file(
            tmp_path / "b.xml", activity_xml("XM-STAMP-2"), activity_xml("XM-STAMP-3")
        )
    )
    after = change_stamp(STAMP)
    assert after.version > before.version
    assert after.rows == 3  # counted at the dataset's commit
    assert _countries() == {"SZ": 3, "PY": 3}


def test_an_import_queues_the_facet_refresh_which_a_worker_builds_the_index_at_the_new_version(
    tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.cache import cache
    from django_tasks_db.models import DBTaskResult

    from partnerhub.activities.lists import ACTIVITIES
    from partnerhub.core.listindex import forget_loaded
    from partnerhub.core.models import ListIndex
    from partnerhub.test import run_worker

    with django_capture_on_commit_callbacks(execute=True):
        dataset_import(path=activities_file(tmp_path / "a.xml", activity_xml("XM-FACETS-1")))
    queued = DBTaskResult.objects.filter(task_path__endswith=".facets_refresh")
    assert queued.count() == 1
    assert not ListIndex.objects.exists()
    forget_loaded()
    run_worker()
    assert queued.get().status == "SUCCESSFUL"
    version = change_stamp(STAMP).version
    stored = ListIndex.objects.filter(version=version)
    assert {"ranks", "complete", "filter:publisher", "filter:year"} <= set(
        stored.values_list("part", flat=True)
    )
    index = ACTIVITIES.index()
    assert index is not None and index.version == version and index.size == 1
    cache.clear()
    assert activity_facets(ActivityFilters()) == ACTIVITIES._facets(ActivityFilters(), None)
    assert _countries() == {"SZ": 1, "PY": 1}


def test_a_run_of_many_files_queues_the_refreshes_once_after_the_last_file(
    tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    import io

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from partnerhub.activities.services import AFTER_BULK_WRITE

    for n in range(3):
        activities_file(tmp_path / f"{n}.xml", activity_xml(f"XM-RUN-{n}"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("iati_import", str(tmp_path), stdout=io.StringIO())
    queued = DBTaskResult.objects.filter(task_path__in=AFTER_BULK_WRITE)
    assert queued.count() == len(AFTER_BULK_WRITE) > 1  # each task once, the totals' included
    assert change_stamp(STAMP).rows == 3
    with django_capture_on_commit_callbacks(execute=True):
        out = io.StringIO()
        call_command("iati_import", str(tmp_path), stdout=out)  # unchanged: nothing committed
    assert "3 skipped" in out.getvalue()
    assert queued.count() == len(AFTER_BULK_WRITE)
