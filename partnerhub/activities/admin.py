"""Admin for activities: the aggregate with its child rows inline."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from partnerhub.activities import models as m


class _Inline(admin.TabularInline[Any, m.Activity]):
    extra = 0


class ParticipationInline(_Inline):
    model = m.Participation
    raw_id_fields = ("organisation",)


class CountryInline(_Inline):
    model = m.ActivityCountry
    raw_id_fields = ("country",)


class SectorInline(_Inline):
    model = m.ActivitySector


class SdgInline(_Inline):
    model = m.ActivitySdg


class BudgetInline(_Inline):
    model = m.Budget


class TransactionInline(_Inline):
    model = m.Transaction
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
class ActivityAdmin(admin.ModelAdmin[m.Activity]):
    list_display = ("iati_identifier", "title_zh", "title_en", "modality", "span_start", "source")
    list_filter = ("source", "modality", "is_taiwan", "status")
    search_fields = ("iati_identifier", "title_zh", "title_en")
    raw_id_fields = ("reporting_org", "provenance")
    readonly_fields = ("span_start", "span_end", "search_text", "created_at", "updated_at")
    inlines = [
        ParticipationInline,
        CountryInline,
        SectorInline,
        SdgInline,
        BudgetInline,
        TransactionInline,
    ]
    show_full_result_count = False  # a COUNT(*) over a million rows on every page is wasted work


class IndicatorInline(_Inline):
    model = m.Indicator


@admin.register(m.Result)
class ResultAdmin(admin.ModelAdmin[m.Result]):
    list_display = ("title_zh", "title_en", "activity")
    raw_id_fields = ("activity",)
    inlines = [IndicatorInline]
