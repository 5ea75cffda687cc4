"""The admin shows translations and view counts read-only: writes go through the queue's service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from partnerhub.translations.models import RecordView, Translation


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Translation)
class TranslationAdmin(ReadOnly):
    list_display = ("kind", "key", "field", "status", "translated_by", "translated_at")
    list_filter = ("kind", "status")


@admin.register(RecordView)
class RecordViewAdmin(ReadOnly):
    list_display = ("kind", "key", "count", "last_seen")
