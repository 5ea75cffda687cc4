"""Admin for activities: the aggregate with its child rows inline, written through the services.

A save calls ``activity_create`` or ``activity_update`` once with the changed fields and every
changed inline as a collection of records; a delete calls ``activity_delete``. Results and their
indicators come from imports and seeds and are shown read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from partnerhub.activities import models as m
from partnerhub.activities import records as rec
from partnerhub.activities.services import activity_create, activity_delete, activity_update
from partnerhub.core.admin import ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin, ServiceInline


class ParticipationInline(ServiceInline[m.Participation, m.Activity]):
    model = m.Participation
    collection, record_class = "participations", rec.ParticipationRecord
    raw_id_fields = ("organisation",)


class CountryInline(ServiceInline[m.ActivityCountry, m.Activity]):
    model = m.ActivityCountry
    collection, record_class = "countries", rec.CountryRecord
    # The service links the country from the code, so the code is what is edited here.
    fields = ("code", "percentage", "printed_name", "country")
    readonly_fields = ("country",)


class SectorInline(ServiceInline[m.ActivitySector, m.Activity]):
    model = m.ActivitySector
    collection, record_class = "sectors", rec.SectorRecord


class SdgInline(ServiceInline[m.ActivitySdg, m.Activity]):
    model = m.ActivitySdg
    collection, record_class = "sdgs", rec.SdgRecord


class BudgetInline(ServiceInline[m.Budget, m.Activity]):
    model = m.Budget
    collection, record_class = "budgets", rec.BudgetRecord


class TransactionInline(ServiceInline[m.Transaction, m.Activity]):
    model = m.Transaction
    collection, record_class = "transactions", rec.TransactionRecord
    raw_id_fields = ("provider_org", "receiver_org")
    fields = (
        "type",
        "date",
        "value",
        "currency",
        "printed_amount",
        "provider_name",
        "receiver_name",
    )


@admin.register(m.Activity)
class ActivityAdmin(ServiceAdmin[m.Activity]):
    list_display = ("iati_identifier", "title_zh", "title_en", "modality", "span_start", "source")
    list_filter = ("source", "modality", "is_taiwan", "status")
    search_fields = ("iati_identifier", "title_zh", "title_en")
    raw_id_fields = ("reporting_org", "provenance")
    readonly_fields = (
        "span_start",
        "span_end",
        "date_precision",
        "search_text",
        "created_at",
        "updated_at",
    )
    inlines = [
        ParticipationInline,
        CountryInline,
        SectorInline,
        SdgInline,
        BudgetInline,
        TransactionInline,
    ]
    show_full_result_count = False  # a COUNT(*) over a million rows on every page is wasted work

    def service_create(
        self, fields: dict[str, Any], collections: dict[str, list[Any]]
    ) -> m.Activity:
        values: dict[str, Any] = {**fields, **collections}
        provenance = values.pop("provenance", None)
        reporting_org = values.pop("reporting_org", None)
        record = rec.ActivityRecord(
            **values,
            reporting_org_id=reporting_org.pk if reporting_org else None,
        )
        return activity_create(record=record, provenance=provenance)

    def service_update(self, obj: m.Activity, changes: dict[str, Any]) -> m.Activity:
        return activity_update(activity=obj, **changes)

    def service_delete(self, obj: m.Activity) -> None:
        activity_delete(activity=obj)


class IndicatorInline(ReadOnlyInline[m.Indicator, m.Result]):
    model = m.Indicator


@admin.register(m.Result)
class ResultAdmin(ReadOnlyAdmin[m.Result]):
    list_display = ("title_zh", "title_en", "activity")
    raw_id_fields = ("activity",)
    inlines = [IndicatorInline]
