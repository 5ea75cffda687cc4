"""Issued annual reports: each version is a frozen snapshot with the files rendered from it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AnnualReport(models.Model):
    """One issued version of the Article 15 report for a year; never changed once issued."""

    year = models.PositiveSmallIntegerField()
    version = models.PositiveSmallIntegerField()
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(help_text="The report data object, in both languages.")
    digest = models.CharField(max_length=64, help_text="SHA-256 of the data, without build time.")
    changes = models.JSONField(
        default=list, blank=True, help_text="What differs from the last version."
    )
    pdf_zh = models.BinaryField(editable=False)
    pdf_en = models.BinaryField(editable=False)
    annex_xlsx = models.BinaryField(editable=False)

    class Meta:
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "version"], name="annual_report_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="annual_report_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} v{self.version}"


class TotalsSnapshot(models.Model):
    """Totals of one stored scope, built ahead of time by a task (see ``reports.snapshots``).

    A scope is a publisher's record for a measure and a currency: the whole of it (year 0,
    no country), one year of it, or the part of it in one country."""

    publisher = models.CharField(max_length=10)
    measure = models.CharField(max_length=12)
    currency = models.CharField(max_length=3)
    year = models.PositiveSmallIntegerField(default=0, help_text="0: every year.")
    country = models.CharField(max_length=8, blank=True, default="", help_text="Empty: everywhere.")
    data = models.JSONField(help_text="Every panel's groups, the rates used and what was left out.")
    built_at = models.DateTimeField()
    stamp = models.PositiveBigIntegerField(
        default=0, help_text="The activities' change stamp version the totals were built from."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publisher", "measure", "currency", "year", "country"],
                name="totals_snapshot_scope_unique",
            )
        ]

    def __str__(self) -> str:
        where = "".join(f" {part}" for part in (self.year or "", self.country) if part)
        return f"{self.publisher} {self.measure} {self.currency}{where}"


class DonorsSnapshot(models.Model):
    """The donors-in-a-country report of one country and kind, built ahead of time by a task."""

    country = models.CharField(max_length=8)
    kind = models.CharField(max_length=12)
    data = models.JSONField(help_text="The report's cells and counts (reports.donors).")
    built_at = models.DateTimeField()
    stamp = models.PositiveBigIntegerField(
        default=0, help_text="The activities' change stamp version the report was built from."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "kind"], name="donors_snapshot_unique")
        ]

    def __str__(self) -> str:
        return f"donors {self.country} {self.kind}"
