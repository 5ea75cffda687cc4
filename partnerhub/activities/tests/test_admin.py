"""The activity admin writes through the services: one audit row per save, children included."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from partnerhub.activities.models import Activity, Result
from partnerhub.activities.records import ResultRecord, SectorRecord
from partnerhub.core.models import AuditEntry
from partnerhub.core.text import search_key
from partnerhub.test import activity, admin_add_row, admin_form_data, administrator

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(administrator())
    return client


def test_it_audits_a_field_and_an_inline_changed_in_one_save(admin_client: Client) -> None:
    subject = activity(title_zh="舊標題", sectors=[SectorRecord(code="12220")])
    url = reverse("admin:activities_activity_change", args=[subject.pk])
    data = admin_form_data(admin_client.get(url))
    data["title_zh"] = "新標題"
    admin_add_row(data, "sectors", code="11110", vocabulary="1")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    entry = AuditEntry.objects.get(model="activities.Activity", action="update")
    assert entry.changes == {"title_zh": ["舊標題", "新標題"], "sectors": [1, 2]}
    assert entry.actor is not None and entry.actor.username == "admin"
    assert Activity.objects.matching(search_key("新標題")).get() == subject
    assert Activity.objects.in_sector("111").get() == subject


def test_it_adds_an_activity_through_the_service(admin_client: Client) -> None:
    url = reverse("admin:activities_activity_add")
    data = admin_form_data(admin_client.get(url))
    data.update(iati_identifier="TW-ADMIN-1", title_zh="史瓦帝尼計畫", source="user")
    data["planned_start"] = "2024-01-01"
    admin_add_row(data, "countries", code="SZ", printed_name="史瓦帝尼")

    assert admin_client.post(url, data).status_code == 302
    created = Activity.objects.get(iati_identifier="TW-ADMIN-1")
    assert str(created.span_start) == "2024-01-01"  # the service derived the span
    assert created.countries.get().code == "SZ"
    assert AuditEntry.objects.filter(object_pk=str(created.pk), action="create").exists()


def test_it_deletes_an_activity_through_the_service(admin_client: Client) -> None:
    subject = activity()
    url = reverse("admin:activities_activity_delete", args=[subject.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Activity.objects.exists()
    assert AuditEntry.objects.filter(object_pk=str(subject.pk), action="delete").exists()


def test_it_shows_results_read_only(admin_client: Client) -> None:
    activity(results=[ResultRecord(title_zh="產前檢查")])
    result = Result.objects.get()
    url = reverse("admin:activities_result_change", args=[result.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"title_zh": "改寫"}).status_code == 403
    assert Result.objects.get().title_zh == "產前檢查"
