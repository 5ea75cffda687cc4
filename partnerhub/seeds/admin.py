"""Admin for seed import runs, with their problems inline so each can be traced to its line."""

from __future__ import annotations

from django.contrib import admin

from partnerhub.seeds.models import SeedImportRun, SeedProblem


class SeedProblemInline(admin.TabularInline[SeedProblem, SeedImportRun]):
    model = SeedProblem
    extra = 0
    can_delete = False
    readonly_fields = ("table", "file", "line", "code", "message_zh", "message_en", "text")


@admin.register(SeedImportRun)
class SeedImportRunAdmin(admin.ModelAdmin[SeedImportRun]):
    list_display = ("started_at", "summary", "only")
    readonly_fields = ("started_at", "seeds_dir", "only", "counts", "summary")
    inlines = [SeedProblemInline]


@admin.register(SeedProblem)
class SeedProblemAdmin(admin.ModelAdmin[SeedProblem]):
    list_display = ("file", "line", "table", "code", "message_zh")
    list_filter = ("table", "code")
    search_fields = ("file", "text", "message_en", "message_zh")
