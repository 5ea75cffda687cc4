"""Admin for grants: read-only views of the cycle; calls are published through ``call_create``."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from partnerhub.grants import models as m


class ReadOnly(admin.ModelAdmin[Any]):
    """Every write of the cycle goes through the pages and their services, never the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(m.Call)
class CallAdmin(ReadOnly):
    list_display = ("slug", "title_zh", "title_en", "opens_at", "closes_at", "budget_ceiling")


@admin.register(m.Application)
class ApplicationAdmin(ReadOnly):
    list_display = ("reference", "title_zh", "organisation", "state", "historical")
    list_filter = ("state", "historical", "call")
    search_fields = ("reference", "title_zh", "title_en")


for model in (m.ReviewAssignment, m.Determination, m.Tranche, m.Report, m.IndicatorActual):
    admin.site.register(model, ReadOnly)
