"""Behaviour of the activity write services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from partnerhub.activities.models import Activity, ActivitySdg
from partnerhub.activities.records import (
    ActivityRecord,
    CountryRecord,
    IndicatorRecord,
    ParticipationRecord,
    ResultRecord,
    SdgRecord,
    TransactionRecord,
)
from partnerhub.activities.services import (
    activity_bulk_create,
    activity_create,
    activity_delete_by_provenance,
    activity_span,
)
from partnerhub.core.models import AuditEntry
from partnerhub.core.services import provenance_create
from partnerhub.reference.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def eswatini() -> Country:
    return Country.objects.create(code="SZ", name_zh="史瓦帝尼", name_en="Eswatini")


def _record(**overrides: object) -> ActivityRecord:
    values: dict[str, object] = {
        "iati_identifier": "TW-TEST-1",
        "source": "user",
        "title_zh": "史瓦帝尼孕產婦及嬰兒保健功能提升計畫",
        "title_en": "Eswatini maternal and infant health",
    }
    values.update(overrides)
    return ActivityRecord(**values)  # type: ignore[arg-type]


def test_it_spans_the_whole_year_when_only_the_year_is_known() -> None:
    start, end, precision = activity_span(_record(year=2019))
    assert (start, end, precision) == (dt.date(2019, 1, 1), dt.date(2019, 12, 31), "year")


def test_it_spans_every_known_date() -> None:
    record = _record(planned_start=dt.date(2020, 3, 1), actual_end=dt.date(2023, 6, 30))
    assert activity_span(record)[:2] == (dt.date(2020, 3, 1), dt.date(2023, 6, 30))


def test_it_creates_an_activity_with_its_children_and_provenance(eswatini: Country) -> None:
    provenance = provenance_create(source="user", file="test.txt", line_start=3, line_end=5)
    record = _record(
        year=2022,
        countries=[CountryRecord(code="SZ", printed_name="史瓦帝尼")],
        participations=[ParticipationRecord(role="4", printed_name="國合會")],
        sdgs=[SdgRecord(goal=3), SdgRecord(goal=3), SdgRecord(goal=5)],
        transactions=[
            TransactionRecord(
                type="3", value=Decimal("500000"), currency="USD", printed_amount="50 萬美元"
            )
        ],
        results=[
            ResultRecord(
                title_zh="產前檢查",
                indicators=[IndicatorRecord(title_zh="受益人數", actual_value=Decimal("1200"))],
            )
        ],
    )
    activity = activity_create(record=record, provenance=provenance)

    assert activity.countries.get().country == eswatini
    assert sorted(ActivitySdg.objects.filter(activity=activity).values_list("goal", flat=True)) == [
        3,
        5,
    ]
    assert activity.transactions.get().printed_amount == "50 萬美元"
    assert activity.results.get().indicators.get().actual_value == Decimal("1200")
    assert activity.provenance is not None
    assert activity.provenance.citation() == "test.txt:3-5"
    assert AuditEntry.objects.filter(
        model="activities.Activity", object_pk=str(activity.pk)
    ).exists()


def test_it_folds_variant_characters_into_the_search_text() -> None:
    activity = activity_create(record=_record(title_zh="臺灣獎學金"))
    assert Activity.objects.matching("台湾奖学金").get() == activity


def test_it_keeps_an_unknown_country_code_without_a_link() -> None:
    activity = activity_create(record=_record(countries=[CountryRecord(code="ZZ")]))
    link = activity.countries.get()
    assert (link.code, link.country) == ("ZZ", None)


def test_it_rejects_an_activity_without_a_source() -> None:
    with pytest.raises(ValidationError):
        activity_create(record=_record(source=""))
    assert not Activity.objects.exists()


def test_it_rejects_an_sdg_outside_one_to_seventeen() -> None:
    with pytest.raises(Exception):  # noqa: B017 - the database constraint names the backend's error
        activity_create(record=_record(sdgs=[SdgRecord(goal=18)]))
    assert not Activity.objects.exists()


def test_it_bulk_creates_and_deletes_by_provenance(eswatini: Country) -> None:
    provenance = provenance_create(source="iati", file="dataset.xml")
    records = [
        _record(iati_identifier=f"XM-1-{i}", countries=[CountryRecord(code="SZ")])
        for i in range(25)
    ]
    assert activity_bulk_create(records=records, provenance=provenance, batch_size=10) == 25
    assert Activity.objects.in_country("SZ").count() == 25
    activity_delete_by_provenance(provenance=provenance)
    assert not Activity.objects.exists()
