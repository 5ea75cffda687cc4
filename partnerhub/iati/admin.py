"""Read-only admin for datasets and their problems (imports happen through iati_import or upload)."""

from __future__ import annotations

from django.contrib import admin

from partnerhub.core.admin import ReadOnlyAdmin
from partnerhub.iati.models import Dataset, ImportProblem


@admin.register(Dataset)
class DatasetAdmin(ReadOnlyAdmin[Dataset]):
    list_display = (
        "name",
        "version",
        "publisher",
        "status",
        "activity_count",
        "problem_count",
        "finished_at",
    )
    list_filter = ("status", "version")
    search_fields = ("name", "publisher", "sha256")
    readonly_fields = [f.name for f in Dataset._meta.fields]


@admin.register(ImportProblem)
class ImportProblemAdmin(ReadOnlyAdmin[ImportProblem]):
    list_display = ("dataset", "line", "severity", "code", "message_en")
    list_filter = ("severity", "code")
    search_fields = ("dataset__name", "message_en", "xpath")
    readonly_fields = [f.name for f in ImportProblem._meta.fields]
