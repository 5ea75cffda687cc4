"""Admin for events with organisers and participating countries inline, written through the
services (``event_create``, ``event_update``, ``event_delete``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from partnerhub.core.admin import ServiceAdmin, ServiceInline
from partnerhub.events.models import Event, EventCountry, EventOrganiser
from partnerhub.events.services import (
    EventRecord,
    OrganiserRecord,
    event_create,
    event_delete,
    event_update,
)


class OrganiserInline(ServiceInline[EventOrganiser, Event]):
    model = EventOrganiser
    collection, record_class = "organisers", OrganiserRecord
    raw_id_fields = ("organisation",)


class CountryInline(ServiceInline[EventCountry, Event]):
    model = EventCountry
    collection = "country_codes"
    raw_id_fields = ("country",)

    def record(self, row: EventCountry) -> tuple[str, str]:
        return (row.country.code, row.printed_name)


@admin.register(Event)
class EventAdmin(ServiceAdmin[Event]):
    list_display = ("date_start", "title_zh", "kind", "participating_country_count", "source")
    list_filter = ("kind", "source")
    search_fields = ("title_zh", "title_en", "slug", "organisers__printed_name")
    date_hierarchy = "date_start"
    raw_id_fields = ("host_country", "provenance")
    readonly_fields = ("search_text", "created_at", "updated_at")
    inlines = [OrganiserInline, CountryInline]

    def service_create(self, fields: dict[str, Any], collections: dict[str, list[Any]]) -> Event:
        values: dict[str, Any] = {**fields, **collections}
        provenance = values.pop("provenance", None)
        host = values.pop("host_country", None)
        record = EventRecord(**values, host_country_code=host.code if host else "")
        return event_create(record=record, provenance=provenance)

    def service_update(self, obj: Event, changes: dict[str, Any]) -> Event:
        return event_update(event=obj, **changes)

    def service_delete(self, obj: Event) -> None:
        event_delete(event=obj)
