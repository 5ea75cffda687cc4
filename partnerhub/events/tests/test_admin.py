"""The event admin writes through the services."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from partnerhub.core.models import AuditEntry
from partnerhub.events.models import Event
from partnerhub.events.services import OrganiserRecord
from partnerhub.test import admin_add_row, admin_form_data, administrator, country, event

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(administrator())
    return client


def test_it_audits_an_admin_edit_with_its_inlines(admin_client: Client) -> None:
    palau = country("PW", "帛琉", "Palau")
    subject = event(title_zh="論壇", organisers=[OrganiserRecord(printed_name="外交部")])
    url = reverse("admin:events_event_change", args=[subject.pk])
    data = admin_form_data(admin_client.get(url))
    data["title_en"] = "Forum"
    admin_add_row(data, "countries", country=palau.pk, printed_name="帛琉")

    assert admin_client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(model="events.Event", action="update")
    # The English composed at creation gives way to the one a person wrote, marked translated.
    assert entry.changes == {
        "title_en": [entry.changes["title_en"][0], "Forum"],
        "title_en_status": ["composed", "translated"],
        "countries": [[], ["PW"]],
    }
    assert Event.objects.with_country("PW").get() == subject
    assert list(subject.organisers.values_list("printed_name", flat=True)) == ["外交部"]


def test_it_deletes_events_selected_in_the_list(admin_client: Client) -> None:
    first, second = event(), event()
    response = admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Event.objects.exists()
    assert AuditEntry.objects.filter(model="events.Event", action="delete").count() == 2
