"""Admin baseline: the audit trail, provenance, outbox and jobs are visible to staff, writable by
nobody; the other apps' admins write through their services (:class:`ServiceAdmin`) or are
read-only.

Both tables are written only by services, so the admin shows them read-only even to superusers: an
audit trail that can be edited in the admin proves nothing. Viewing needs the ``view_`` permission,
which Django's admin already checks for every model.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partnerhub.core.exceptions import PartnerHubError
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


class ReadOnlyInline[M: models.Model, P: models.Model](admin.TabularInline[M, P]):
    """Child rows shown beside a read-only parent, never added, changed or deleted here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
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


class ServiceInline[M: models.Model, P: models.Model](admin.TabularInline[M, P]):
    """An inline whose rows reach the parent's update service as one collection of records.

    Nothing is saved row by row: :class:`ServiceAdmin` gathers the rows left after the edit (new,
    changed and unchanged, without the deleted ones) and hands them to the parent's service under
    ``collection``, which replaces the stored rows. ``record_class`` is the dataclass the service
    takes; each of its fields is read from the row by name unless :meth:`record` says otherwise.
    """

    collection = ""
    record_class: Any = None
    extra = 0

    def record(self, row: M) -> Any:
        return self.record_class(
            **{f.name: getattr(row, f.name) for f in fields(self.record_class)}
        )

    def records(self, formset: BaseInlineFormSet[M, P, Any]) -> list[Any]:
        """The records of the rows kept after the edit; also tells the admin's history what changed."""
        kept, deleted = [], []
        for form in formset.forms:
            if formset.can_delete and form.cleaned_data.get(DELETION_FIELD_NAME):
                deleted.append(form.instance)
            elif form.instance.pk is not None or form.has_changed():
                kept.append(form)
        # The admin's change message reads these, which formset.save() would otherwise set.
        formset.new_objects = [f.instance for f in kept if f.instance.pk is None]
        formset.changed_objects = [
            (f.instance, f.changed_data) for f in kept if f.instance.pk and f.has_changed()
        ]
        formset.deleted_objects = [row for row in deleted if row.pk is not None]
        return [self.record(form.instance) for form in kept]


class ServiceAdmin[M: models.Model](admin.ModelAdmin[M]):
    """A model admin whose adds, changes and deletes call the app's services.

    Django's admin saves the form's instance, then each inline row. Here nothing is saved in
    ``save_model``: ``save_related`` collects the changed fields and every service inline's
    records and makes one service call, so the rules, the search keys and the audit row are those
    of every other interface. A refusal from the service comes back as a message on the page, with
    the transaction rolled back.
    """

    def service_create(self, fields: dict[str, Any], collections: dict[str, list[Any]]) -> M:
        raise NotImplementedError

    def service_update(self, obj: M, changes: dict[str, Any]) -> M:
        raise NotImplementedError

    def service_delete(self, obj: M) -> None:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: M, form: Any, change: bool) -> None:
        """Nothing yet: ``save_related`` writes the object and its inlines in one service call."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        obj = form.instance
        stored = {f.name for f in obj._meta.concrete_fields}
        names = form.changed_data if change else form.cleaned_data
        values = {n: form.cleaned_data[n] for n in names if n in stored}
        inlines = {i.model: i for i in self.get_inline_instances(request, obj if change else None)}
        collections = {}
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            inline = inlines.get(formset.model)
            if isinstance(inline, ServiceInline) and (formset.has_changed() or not change):
                collections[inline.collection] = inline.records(formset)
        if change:
            original = self.model._default_manager.get(pk=obj.pk)
            saved = self.service_update(original, {**values, **collections})
        else:
            saved = self.service_create(values, collections)
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding, obj._state.db = False, saved._state.db

    def delete_model(self, request: HttpRequest, obj: M) -> None:
        self.service_delete(obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[M]) -> None:
        for obj in queryset:
            self.service_delete(obj)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (PartnerHubError, ValidationError) as error:
            self.message_user(request, _refusal(error), level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


def _refusal(error: PartnerHubError | ValidationError) -> str:
    if isinstance(error, PartnerHubError):
        return error.message(get_language())
    return " ".join(error.messages)
