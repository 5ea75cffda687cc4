"""The audit trail: services write one row per change, attributed to the request's user."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from partnerhub.core.audit import audit_record, current_actor, set_current_actor
from partnerhub.core.middleware import AuditActorMiddleware
from partnerhub.core.models import AuditEntry, Provenance, Source
from partnerhub.organisations.services import organisation_create
from partnerhub.test import make_user

pytestmark = pytest.mark.django_db


def _request_as(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def test_it_writes_an_entry_when_a_service_creates_a_record():
    organisation = organisation_create(name_zh="財團法人國際合作發展基金會", name_en="TaiwanICDF")
    entry = AuditEntry.objects.get(model="organisations.Organisation")
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.object_pk == str(organisation.pk)
    assert entry.actor is None


def test_it_attributes_changes_made_during_a_request_to_its_user():
    editor = make_user("editor")

    def view(request):
        organisation_create(name_en="Taiwan Alliance in International Development")
        return HttpResponse("ok")

    AuditActorMiddleware(view)(_request_as(editor))
    assert AuditEntry.objects.get(model="organisations.Organisation").actor == editor


def test_it_forgets_the_actor_after_the_request_even_when_the_view_fails():
    def view(request):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        AuditActorMiddleware(view)(_request_as(make_user("editor")))
    assert current_actor() is None


def test_it_attributes_nothing_to_an_anonymous_user():
    from django.contrib.auth.models import AnonymousUser

    set_current_actor(AnonymousUser())
    try:
        assert current_actor() is None
    finally:
        set_current_actor(None)


def test_it_prefers_an_explicit_actor_and_keeps_the_changes():
    importer = make_user("importer")
    provenance = Provenance.objects.create(source=Source.IATI)
    entry = audit_record(
        action=AuditEntry.Action.IMPORT,
        instance=provenance,
        summary="x" * 600,
        changes={"file": "sample.xml"},
        actor=importer,
    )
    entry.refresh_from_db()
    assert (entry.actor, entry.model, entry.changes) == (
        importer,
        "core.Provenance",
        {"file": "sample.xml"},
    )
    assert len(entry.summary) == 500
