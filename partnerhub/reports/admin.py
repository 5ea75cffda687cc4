"""Issued annual reports are read-only in the admin: a version is never changed once issued."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from partnerhub.reports.models import AnnualReport


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin[AnnualReport]):
    list_display = ("year", "version", "issued_at", "issued_by", "digest")
    fields = ("year", "version", "issued_at", "issued_by", "digest", "changes")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
