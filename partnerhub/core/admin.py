"""Admin baseline: the audit trail, provenance, outbox and jobs are visible to staff, writable by nobody.

Both tables are written only by services, so the admin shows them read-only even to superusers: an
audit trail that can be edited in the admin proves nothing. Viewing needs the ``view_`` permission,
which Django's admin already checks for every model.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerhub.core.models import AuditEntry, Job, OutboxMessage, Provenance, StateChange

admin.site.site_header = _("Partner Hub administration")
admin.site.site_title = _("Partner Hub")
admin.site.index_title = _("Records and reference data")


class ReadOnlyAdmin[M: models.Model](admin.ModelAdmin[M]):
    """A model admin that lists and shows rows but never adds, changes or deletes them."""

    actions = None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin[AuditEntry]):
    list_display = ("at", "action", "model", "object_pk", "actor", "summary")
    list_filter = ("action", "model")
    search_fields = ("object_pk", "summary", "actor__username")
    date_hierarchy = "at"
    list_select_related = ("actor",)


@admin.register(Provenance)
class ProvenanceAdmin(ReadOnlyAdmin[Provenance]):
    list_display = ("__str__", "source", "file", "line_start", "line_end", "locator", "created_at")
    list_filter = ("source",)
    search_fields = ("file", "locator", "note")
    list_select_related = ("user",)


@admin.register(StateChange)
class StateChangeAdmin(ReadOnlyAdmin[StateChange]):
    list_display = (
        "created_at",
        "machine",
        "object_id",
        "from_state",
        "to_state",
        "actor",
        "notified_at",
    )
    list_filter = ("machine", "to_state")
    search_fields = ("object_id", "comment", "actor__username")
    date_hierarchy = "created_at"
    list_select_related = ("actor", "content_type")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin[OutboxMessage]):
    list_display = (
        "created_at",
        "to_email",
        "language",
        "subject",
        "attempts",
        "sent_at",
        "last_error",
    )
    list_filter = ("language", ("sent_at", admin.EmptyFieldListFilter))
    search_fields = ("to_email", "subject")
    date_hierarchy = "created_at"


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin[Job]):
    list_display = (
        "created_at",
        "kind",
        "key",
        "state",
        "attempts",
        "started_at",
        "finished_at",
        "worker",
        "created_by",
    )
    list_filter = ("kind", "state")
    search_fields = ("key", "error_en", "error_zh")
    date_hierarchy = "created_at"
    list_select_related = ("created_by",)
