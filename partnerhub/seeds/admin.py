"""Read-only admin for seed import runs (written by ``seeds_import``), with their problems inline so
each can be traced to its line."""

from __future__ import annotations

from django.contrib import admin

from partnerhub.core.admin import ReadOnlyAdmin, ReadOnlyInline
from partnerhub.seeds.models import SeedImportRun, SeedProblem


class SeedProblemInline(ReadOnlyInline[SeedProblem, SeedImportRun]):
    model = SeedProblem
    readonly_fields = ("table", "file", "line", "code", "message_zh", "message_en", "text")


@admin.register(SeedImportRun)
class SeedImportRunAdmin(ReadOnlyAdmin[SeedImportRun]):
    list_display = ("started_at", "summary", "only")
    readonly_fields = ("started_at", "seeds_dir", "only", "counts", "summary")
    inlines = [SeedProblemInline]


@admin.register(SeedProblem)
class SeedProblemAdmin(ReadOnlyAdmin[SeedProblem]):
    list_display = ("file", "line", "table", "code", "message_zh")
    list_filter = ("table", "code")
    search_fields = ("file", "text", "message_en", "message_zh")
