"""Admin for organisations; aliases are edited inline so every printed form stays visible."""

from __future__ import annotations

from django.contrib import admin

from partnerhub.organisations.models import Organisation, OrganisationAlias


class OrganisationAliasInline(admin.TabularInline[OrganisationAlias, Organisation]):
    model = OrganisationAlias
    extra = 0
    readonly_fields = ("key",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name_zh", "name_en", "abbreviation", "category", "country", "source")
    list_filter = ("category", "source")
    search_fields = ("name_zh", "name_en", "abbreviation", "iati_identifier", "aliases__alias")
    raw_id_fields = ("country", "provenance")
    readonly_fields = ("search_text", "created_at", "updated_at")
    inlines = [OrganisationAliasInline]
