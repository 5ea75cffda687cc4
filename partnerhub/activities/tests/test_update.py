"""Behaviour of the activity update and delete services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from partnerhub.activities.models import Activity
from partnerhub.activities.records import CountryRecord, ParticipationRecord, SectorRecord
from partnerhub.activities.services import activity_delete, activity_update
from partnerhub.core.exceptions import InvalidInput
from partnerhub.core.models import AuditEntry
from partnerhub.core.text import search_key
from partnerhub.test import activity, administrator

pytestmark = pytest.mark.django_db


def _last_audit(instance: Activity) -> AuditEntry:
    return AuditEntry.objects.filter(
        model="activities.Activity", object_pk=str(instance.pk)
    ).first()  # type: ignore[return-value]


def test_it_updates_fields_and_audits_only_what_changed() -> None:
    subject = activity(title_zh="舊標題", title_en="Old title")
    actor = administrator()
    activity_update(activity=subject, title_zh="新標題", title_en="Old title", actor=actor)
    subject.refresh_from_db()
    assert subject.title_zh == "新標題"
    entry = _last_audit(subject)
    assert (entry.action, entry.actor) == ("update", actor)
    assert entry.changes == {"title_zh": ["舊標題", "新標題"]}
    assert Activity.objects.matching(search_key("新標題")).get() == subject


def test_it_moves_the_span_with_the_dates() -> None:
    subject = activity(year=2019)
    activity_update(activity=subject, planned_start=dt.date(2020, 3, 1))
    subject.refresh_from_db()
    assert (subject.span_start, subject.span_end, subject.date_precision) == (
        dt.date(2020, 3, 1),
        dt.date(2020, 3, 1),
        "day",
    )
    assert _last_audit(subject).changes == {"planned_start": [None, "2020-03-01"]}


def test_it_replaces_a_child_collection_and_names_it_in_the_audit_row() -> None:
    subject = activity(
        sectors=[SectorRecord(code="12220")],
        participations=[ParticipationRecord(role="4", printed_name="國合會")],
    )
    activity_update(
        activity=subject,
        sectors=[SectorRecord(code="11110"), SectorRecord(code="12220")],
        participations=[ParticipationRecord(role="4", printed_name="國合會")],
        countries=[CountryRecord(code="SZ", printed_name="史瓦帝尼")],
    )
    assert sorted(subject.sectors.values_list("code", flat=True)) == ["11110", "12220"]
    assert set(_last_audit(subject).changes) == {"sectors", "countries"}
    assert Activity.objects.matching(search_key("史瓦帝尼")).get() == subject


def test_it_writes_no_audit_row_when_nothing_changed() -> None:
    subject = activity(title_zh="同一個")
    before = AuditEntry.objects.count()
    activity_update(activity=subject, title_zh="同一個")
    assert AuditEntry.objects.count() == before


def test_it_rejects_an_unknown_field_and_changes_nothing() -> None:
    subject = activity(title_zh="原樣")
    with pytest.raises(InvalidInput) as excinfo:
        activity_update(activity=subject, title_zh="改了", colour="red")
    assert excinfo.value.field == "colour"
    assert Activity.objects.get().title_zh == "原樣"


def test_it_rejects_a_derived_field() -> None:
    subject = activity()
    with pytest.raises(InvalidInput):
        activity_update(activity=subject, search_text="anything")


def test_it_rejects_an_invalid_value_and_leaves_the_children_as_they_were() -> None:
    subject = activity(sectors=[SectorRecord(code="12220")])
    with pytest.raises(ValidationError):
        activity_update(activity=subject, source="", sectors=[SectorRecord(code="11110")])
    assert list(Activity.objects.get().sectors.values_list("code", flat=True)) == ["12220"]


def test_it_deletes_an_activity_and_keeps_an_audit_row() -> None:
    subject = activity(iati_identifier="TW-DEL-1", sectors=[SectorRecord(code="12220")])
    pk = subject.pk
    activity_delete(activity=subject)
    assert not Activity.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(model="activities.Activity", object_pk=str(pk), action="delete")
    assert entry.changes == {"iati_identifier": ["TW-DEL-1", None]}
