"""Admin for organisations; aliases are edited inline so every printed form stays visible.

Saves and deletes go through ``organisation_create``, ``organisation_update`` and
``organisation_delete``, so an alias typed here gets its search key and is found like any other.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext as _

from partnerhub.core.admin import ServiceAdmin, ServiceInline
from partnerhub.organisations.models import Organisation, OrganisationAlias
from partnerhub.organisations.services import (
    organisation_create,
    organisation_delete,
    organisation_find,
    organisation_update,
)

#: The fields ``organisation_create`` takes; the rest of an added organisation is set by an update.
_CREATE_FIELDS = {
    "name_zh",
    "name_en",
    "abbreviation",
    "category",
    "iati_type",
    "iati_identifier",
    "country",
    "website",
    "slug",
    "source",
    "provenance",
}


class AliasFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    """Refuses, on the form, a printed form that already names another organisation."""

    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            alias = form.cleaned_data.get("alias") if hasattr(form, "cleaned_data") else None
            if not alias or form.cleaned_data.get(DELETION_FIELD_NAME):
                continue
            owner = organisation_find(name=alias)
            if owner is not None and owner.pk != self.instance.pk:
                form.add_error(
                    "alias",
                    _("This name already belongs to another organisation: %(name)s.")
                    % {"name": owner.name},
                )


class OrganisationAliasInline(ServiceInline[OrganisationAlias, Organisation]):
    model = OrganisationAlias
    formset = AliasFormSet
    collection = "aliases"
    fields = ("alias", "language", "key")
    readonly_fields = ("key",)

    def record(self, row: OrganisationAlias) -> tuple[str, str]:
        return (row.alias, row.language)


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin[Organisation]):
    list_display = ("name_zh", "name_en", "abbreviation", "category", "country", "source")
    list_filter = ("category", "source")
    search_fields = ("name_zh", "name_en", "abbreviation", "iati_identifier", "aliases__alias")
    raw_id_fields = ("country", "provenance")
    readonly_fields = ("search_text", "created_at", "updated_at")
    inlines = [OrganisationAliasInline]

    def service_create(
        self, fields: dict[str, Any], collections: dict[str, list[Any]]
    ) -> Organisation:
        created = organisation_create(**{k: v for k, v in fields.items() if k in _CREATE_FIELDS})
        rest = {k: v for k, v in fields.items() if k not in _CREATE_FIELDS}
        if rest or collections:
            organisation_update(organisation=created, **rest, **collections)
        return created

    def service_update(self, obj: Organisation, changes: dict[str, Any]) -> Organisation:
        return organisation_update(organisation=obj, **changes)

    def service_delete(self, obj: Organisation) -> None:
        organisation_delete(organisation=obj)
