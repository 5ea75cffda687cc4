"""Behaviour of the event update and delete services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from partnerhub.core.models import AuditEntry
from partnerhub.core.text import search_key
from partnerhub.events.models import Event
from partnerhub.events.services import OrganiserRecord, event_delete, event_update
from partnerhub.test import country, event

pytestmark = pytest.mark.django_db


def test_it_updates_an_event_and_audits_the_changed_fields() -> None:
    subject = event(title_zh="論壇", organisers=[OrganiserRecord(printed_name="外交部")])
    country("PW", "帛琉", "Palau")
    event_update(
        event=subject,
        title_en="Forum",
        organisers=[OrganiserRecord(printed_name="國合會")],
        country_codes=[("PW", "帛琉")],
    )
    subject.refresh_from_db()
    entry = AuditEntry.objects.filter(model="events.Event", action="update").get()
    assert entry.changes == {
        # The English composed at creation gives way to the one a person wrote.
        "title_en": [entry.changes["title_en"][0], "Forum"],
        "title_en_status": ["composed", "translated"],
        "organisers": [["外交部"], ["國合會"]],
        "countries": [[], ["PW"]],
    }
    assert Event.objects.matching(search_key("國合會")).get() == subject
    assert Event.objects.with_country("PW").get() == subject


def test_it_rejects_an_end_before_the_start_and_changes_nothing() -> None:
    subject = event(date_start=dt.date(2023, 5, 1), organisers=[OrganiserRecord(printed_name="A")])
    with pytest.raises(ValidationError):
        event_update(event=subject, date_end=dt.date(2023, 4, 1), organisers=[OrganiserRecord("B")])
    assert Event.objects.get().date_end == dt.date(2023, 5, 1)
    assert list(Event.objects.get().organisers.values_list("printed_name", flat=True)) == ["A"]


def test_it_deletes_an_event_and_audits_it() -> None:
    subject = event(slug="to-go")
    pk = subject.pk
    event_delete(event=subject)
    assert not Event.objects.exists()
    entry = AuditEntry.objects.get(model="events.Event", object_pk=str(pk), action="delete")
    assert entry.changes == {"slug": ["to-go", None]}
