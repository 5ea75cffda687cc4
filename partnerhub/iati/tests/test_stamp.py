"""An import commits a new version of the activities' change stamp with its dataset."""

from __future__ import annotations

from pathlib import Path

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
