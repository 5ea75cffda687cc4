"""Seed imports as rows: each run of the importer, and every problem it met, with file and line."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SeedImportRun(models.Model):
    """One run of ``seeds_import``; dry runs are not stored."""

    started_at = models.DateTimeField(auto_now_add=True)
    seeds_dir = models.CharField(max_length=500)
    only = models.CharField(
        max_length=64, blank=True, help_text=_("The one table imported, if any")
    )
    counts = models.JSONField(default=dict, blank=True, help_text=_("Records per table and group"))
    summary = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return self.summary or f"seed import {self.pk}"


class SeedProblem(models.Model):
    """A line of a seed document that could not be read or resolved."""

    run = models.ForeignKey(SeedImportRun, on_delete=models.CASCADE, related_name="problems")
    table = models.CharField(max_length=64)
    file = models.CharField(max_length=500)
    line = models.PositiveIntegerField()
    code = models.CharField(max_length=40, blank=True)
    message_en = models.TextField()
    message_zh = models.TextField()
    text = models.TextField(blank=True, help_text=_("The text of the line, as printed"))

    class Meta:
        ordering = ["run", "file", "line"]
        indexes = [models.Index(fields=["file", "line"])]

    def __str__(self) -> str:
        return f"{self.file}:{self.line} {self.message_en}"


class SourceEntry(models.Model):
    """A line of a source document that is no cooperation activity, kept as what it is.

    The FY2026 plan lists passports and embassy buildings beside its cooperation plans, and the
    Ukraine table records a budget increase and a friendship association's founding beside the
    donations: these are kept, with provenance, but never listed as cooperation activities.
    """

    class Kind(models.TextChoices):
        PLAN_LINE = "plan-line", _("Line of the administrative plan")
        BUDGET = "budget", _("Budget decision")
        FOUNDING = "founding", _("Founding of an association")
        PARTICIPATION = "participation", _("Other international participation")
        MEASURE = "measure", _("Domestic measure")
        AGREEMENT = "agreement", _("Agreement or memorandum")
        DELEGATION = "delegation", _("Trade or investment delegation")
        SUMMARY = "summary", _("Count without the records it counts")

    identifier = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    table = models.CharField(max_length=64)
    group = models.CharField(max_length=200, blank=True)
    title_zh = models.TextField(blank=True)
    title_en = models.TextField(blank=True)
    title_en_status = models.CharField(max_length=12, blank=True)
    description_zh = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    provenance = models.ForeignKey(
        "core.Provenance", on_delete=models.CASCADE, related_name="source_entries"
    )

    class Meta:
        ordering = ["table", "identifier"]
        verbose_name_plural = "source entries"

    def __str__(self) -> str:
        return self.identifier

    @property
    def title(self) -> str:
        from partnerhub.core.models import pick_language

        return pick_language(self.title_zh, self.title_en)
