"""The admin baseline: the audit trail is readable by those allowed and writable by nobody."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.core.audit import audit_record
from partnerhub.core.models import AuditEntry, Provenance, Source
from partnerhub.test import administrator, auditor, make_user, outsider

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    provenance = Provenance.objects.create(source=Source.USER, file="plan.txt")
    return audit_record(action=AuditEntry.Action.CREATE, instance=provenance, summary="plan")


def test_it_shows_the_audit_trail_to_an_auditor(client, entry):
    client.force_login(auditor())
    response = client.get(reverse("admin:core_auditentry_changelist"))
    assert response.status_code == 200
    assert "core.Provenance" in response.text
    detail = client.get(reverse("admin:core_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200


def test_it_rejects_staff_without_the_view_permission(client, entry):
    client.force_login(make_user("clerk", is_staff=True))
    assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 403


def test_it_sends_an_outsider_to_the_login_page(client, entry):
    client.force_login(outsider())
    response = client.get(reverse("admin:core_auditentry_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("persona", [administrator, auditor])
def test_it_lets_nobody_add_change_or_delete_entries(client, entry, persona):
    client.force_login(persona())
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 403
    response = client.post(
        reverse("admin:core_auditentry_change", args=[entry.pk]), {"summary": "rewritten"}
    )
    assert response.status_code == 403
    assert client.post(reverse("admin:core_auditentry_delete", args=[entry.pk])).status_code == 403
    entry.refresh_from_db()
    assert entry.summary == "plan"


def test_it_shows_provenance_read_only(client, entry):
    client.force_login(administrator())
    response = client.get(reverse("admin:core_provenance_changelist"))
    assert response.status_code == 200
    assert "plan.txt" in response.text
    assert client.get(reverse("admin:core_provenance_add")).status_code == 403
