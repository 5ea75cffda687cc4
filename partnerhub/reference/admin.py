"""Admin for reference data: codelists, countries and SDG texts come from files and are read-only;
relationships and exchange rates are edited here, through their services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from partnerhub.core.admin import ReadOnlyInline, ServiceAdmin
from partnerhub.reference.models import (
    CodelistItem,
    Country,
    CountryRelationship,
    ExchangeRate,
    SdgGoal,
    SdgTarget,
)
from partnerhub.reference.services import (
    country_relationship_create,
    country_relationship_delete,
    country_relationship_update,
    exchange_rate_create,
    exchange_rate_delete,
    exchange_rate_update,
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


class RelationshipInline(ReadOnlyInline[CountryRelationship, Country]):
    """Shown beside the read-only country; relationships are edited on their own admin page."""

    model = CountryRelationship
    fields = ["status", "start", "end", "citation", "note"]


@admin.register(Country)
class CountryAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_zh", "name_en", "is_iso"]
    list_filter = ["is_iso", "relationships__status"]
    search_fields = ["code", "name_zh", "name_en"]
    inlines = [RelationshipInline]


@admin.register(CountryRelationship)
class CountryRelationshipAdmin(ServiceAdmin[CountryRelationship]):
    list_display = ["country", "status", "start", "end", "citation"]
    list_filter = ["status"]
    search_fields = ["country__code", "country__name_zh", "country__name_en", "note"]
    autocomplete_fields = ["country"]
    list_select_related = ["country"]

    def service_create(self, fields: dict[str, Any], collections: Any) -> CountryRelationship:
        return country_relationship_create(**fields)

    def service_update(self, obj: CountryRelationship, changes: Any) -> CountryRelationship:
        return country_relationship_update(relationship=obj, **changes)

    def service_delete(self, obj: CountryRelationship) -> None:
        country_relationship_delete(relationship=obj)


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
class ExchangeRateAdmin(ServiceAdmin[ExchangeRate]):
    list_display = ["currency", "date", "per_usd"]
    list_filter = ["currency"]
    list_editable = ["per_usd"]
    date_hierarchy = "date"
    search_fields = ["currency"]

    def service_create(self, fields: dict[str, Any], collections: Any) -> ExchangeRate:
        return exchange_rate_create(**fields)

    def service_update(self, obj: ExchangeRate, changes: Any) -> ExchangeRate:
        return exchange_rate_update(rate=obj, **changes)

    def service_delete(self, obj: ExchangeRate) -> None:
        exchange_rate_delete(rate=obj)
