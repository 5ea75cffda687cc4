"""Admin for reference data: codelists, countries and SDG texts come from files and are read-only;
relationships and exchange rates are edited here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from partnerhub.reference.models import (
    CodelistItem,
    Country,
    CountryRelationship,
    ExchangeRate,
    SdgGoal,
    SdgTarget,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Rows owned by `manage.py reference_load`: an edit here would be overwritten on the next load."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CodelistItem)
class CodelistItemAdmin(ReadOnlyAdmin):
    list_display = ["codelist", "code", "name_en", "name_zh", "category", "withdrawn"]
    list_filter = ["codelist", "withdrawn"]
    search_fields = ["code", "name_en", "name_zh"]


class RelationshipInline(admin.TabularInline[CountryRelationship, Country]):
    model = CountryRelationship
    extra = 0
    fields = ["status", "start", "end", "citation", "note"]


@admin.register(Country)
class CountryAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_zh", "name_en", "is_iso"]
    list_filter = ["is_iso", "relationships__status"]
    search_fields = ["code", "name_zh", "name_en"]
    inlines = [RelationshipInline]


@admin.register(CountryRelationship)
class CountryRelationshipAdmin(admin.ModelAdmin[CountryRelationship]):
    list_display = ["country", "status", "start", "end", "citation"]
    list_filter = ["status"]
    search_fields = ["country__code", "country__name_zh", "country__name_en", "note"]
    autocomplete_fields = ["country"]
    list_select_related = ["country"]


class TargetInline(admin.TabularInline[SdgTarget, SdgGoal]):
    model = SdgTarget
    extra = 0
    fields = ["code", "title_zh", "title_en"]


@admin.register(SdgGoal)
class SdgGoalAdmin(ReadOnlyAdmin):
    list_display = ["number", "short_zh", "short_en"]
    inlines = [TargetInline]


@admin.register(SdgTarget)
class SdgTargetAdmin(ReadOnlyAdmin):
    list_display = ["code", "title_zh", "title_en"]
    list_filter = ["goal"]
    search_fields = ["code", "title_zh", "title_en"]
    list_select_related = ["goal"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin[ExchangeRate]):
    list_display = ["currency", "date", "per_usd"]
    list_filter = ["currency"]
    list_editable = ["per_usd"]
    date_hierarchy = "date"
    search_fields = ["currency"]
