"""The activities fast write path (executemany / COPY) against the models it writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from partnerhub.activities import models as m
from partnerhub.activities import services
from partnerhub.activities.records import (
    ActivityRecord,
    BudgetRecord,
    CountryRecord,
    IndicatorRecord,
    ResultRecord,
    SdgRecord,
    TransactionRecord,
)
from partnerhub.core.models import Provenance
from partnerhub.iati.importer import dataset_import
from partnerhub.iati.tests.helpers import activities_file, activity_xml

pytestmark = pytest.mark.django_db


def test_it_writes_every_column_of_every_child_table() -> None:
    for model, columns in services._FAST_COLUMNS.items():
        expected = services.model_columns(model, with_pk=model is m.Result)
        assert sorted(columns) == sorted(expected), model.__name__


def test_it_stores_the_same_values_as_the_orm() -> None:
    provenance = Provenance.objects.create(source="iati", file="x.xml")
    updated = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    record = ActivityRecord(
        iati_identifier="XM-1",
        source="iati",
        title_en="Title",
        planned_start=dt.date(2020, 2, 3),
        last_updated=updated,
        extra={"xml": {"location": ["<location/>"]}, "lang": "fr"},
        countries=[CountryRecord(code="SZ", percentage=Decimal("33.333"))],
        sdgs=[SdgRecord(goal=3), SdgRecord(goal=3)],
        budgets=[
            BudgetRecord(value=Decimal("12.50"), currency="USD", period_start=dt.date(2020, 1, 1))
        ],
        transactions=[
            TransactionRecord(type="3", value=Decimal("-7.25"), date=dt.date(2021, 1, 2))
        ],
        results=[
            ResultRecord(
                title_en="R",
                indicators=[IndicatorRecord(title_en="I", baseline_value=Decimal("1.5"))],
            )
        ],
    )
    assert services.activity_bulk_create(records=[record, record], provenance=provenance) == 2
    activity = m.Activity.objects.order_by("pk").first()
    assert activity is not None
    assert (activity.provenance, activity.last_updated, activity.span_start) == (
        provenance,
        updated,
        dt.date(2020, 2, 3),
    )
    assert activity.extra == {"xml": {"location": ["<location/>"]}, "lang": "fr"}
    assert activity.search_text == "xm-1 | title"
    assert activity.countries.get().percentage == Decimal("33.333")
    assert list(activity.sdgs.values_list("goal", flat=True)) == [3]
    assert activity.budgets.get().value == Decimal("12.50")
    assert activity.transactions.get().date == dt.date(2021, 1, 2)
    assert activity.results.get().indicators.get().baseline_value == Decimal("1.5")
    assert m.Result.objects.count() == 2 and m.Indicator.objects.count() == 2
    # Ids continue after the fast path: an ORM insert afterwards does not collide.
    services.activity_create(record=ActivityRecord(iati_identifier="XM-2", source="iati"))
    assert m.Activity.objects.count() == 3


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page cache")
def test_an_import_gives_its_sqlite_connection_the_configured_page_cache(
    tmp_path: Path, settings: Any
) -> None:
    settings.PARTNERHUB_IATI_IMPORT_SQLITE_CACHE_MB = 48
    dataset_import(path=activities_file(tmp_path / "a.xml", activity_xml("XM-CACHE-1")))
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone() == (-48 * 1024,)  # negative: KiB, not pages
