"""Admin for events with organisers and participating countries inline."""

from __future__ import annotations

from django.contrib import admin

from partnerhub.events.models import Event, EventCountry, EventOrganiser


class OrganiserInline(admin.TabularInline[EventOrganiser, Event]):
    model = EventOrganiser
    extra = 0
    raw_id_fields = ("organisation",)


class CountryInline(admin.TabularInline[EventCountry, Event]):
    model = EventCountry
    extra = 0
    raw_id_fields = ("country",)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ("date_start", "title_zh", "kind", "participating_country_count", "source")
    list_filter = ("kind", "source")
    search_fields = ("title_zh", "title_en", "slug", "organisers__printed_name")
    date_hierarchy = "date_start"
    raw_id_fields = ("host_country", "provenance")
    readonly_fields = ("search_text", "created_at", "updated_at")
    inlines = [OrganiserInline, CountryInline]
