"""Reference data: IATI codelists, SDG goals and targets, countries and Taiwan's dated relations."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.core.models import BilingualName, pick_language
from partnerhub.reference.querysets import CountryQuerySet, CountryRelationshipQuerySet


class CodelistItem(models.Model):
    """One code of an IATI codelist (sectors, regions, organisation types, currencies...)."""

    codelist = models.CharField(max_length=64)
    # FileFormat codes are MIME types of up to ~85 characters; SDG target names run to ~560.
    code = models.CharField(max_length=100)
    name_en = models.CharField(max_length=1000, blank=True)
    name_zh = models.CharField(max_length=1000, blank=True)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=32, blank=True)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["codelist", "code"]
        constraints = [
            models.UniqueConstraint(fields=["codelist", "code"], name="codelist_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.codelist}:{self.code} {self.name}"

    @property
    def name(self) -> str:
        return pick_language(self.name_zh, self.name_en)


class Country(BilingualName):
    """A country or territory; places without an ISO 3166 code (Somaliland) get a private code."""

    code = models.CharField(max_length=8, unique=True, help_text="ISO 3166-1 alpha-2 or private")
    is_iso = models.BooleanField(default=True)
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Other printed forms, zh and en, as the sources use them.",
    )
    region_code = models.CharField(max_length=8, blank=True, help_text="IATI/DAC region")
    note = models.TextField(blank=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def relationship_on(self, day: dt.date) -> list[CountryRelationship]:
        """Taiwan's relationships with this country in force on ``day``."""
        return [r for r in self.relationships.all() if r.in_force_on(day)]


class RelationshipStatus(models.TextChoices):
    """Taiwan's relationship with a partner country; stable slugs for the API."""

    ALLY = "ally", _("Diplomatic ally")
    LIKE_MINDED = "like-minded", _("Like-minded country")
    NEW_SOUTHBOUND = "new-southbound", _("New Southbound Policy target")
    FRIENDLY = "friendly", _("Friendly country")


class CountryRelationship(models.Model):
    """A dated relationship; open ends mean 'before our records' or 'still in force'."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="relationships")
    status = models.CharField(max_length=20, choices=RelationshipStatus.choices)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    citation = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)

    objects = CountryRelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["country__code", "status", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="relationship_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["country", "status", "start"], name="relationship_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country.code} {self.status} {self.start or '…'}–{self.end or '…'}"

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the period includes ``day`` (the single-row twin of the QuerySet method)."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return (self.start is None or self.start <= end) and (self.end is None or start <= self.end)


class SdgGoal(models.Model):
    """One of the 17 Sustainable Development Goals, with the UN's official titles."""

    number = models.PositiveSmallIntegerField(unique=True)
    title_en = models.CharField(max_length=300)
    title_zh = models.CharField(max_length=300, blank=True)
    short_en = models.CharField(max_length=100, blank=True, help_text="e.g. 'No poverty'")
    short_zh = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"SDG {self.number}"

    @property
    def title(self) -> str:
        return pick_language(self.title_zh, self.title_en)

    @property
    def short(self) -> str:
        return pick_language(self.short_zh, self.short_en)


class SdgTarget(models.Model):
    """One of the 169 SDG targets (``3.1``, ``17.a``)."""

    goal = models.ForeignKey(SdgGoal, on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(max_length=8, unique=True, help_text="e.g. 3.1 or 17.a")
    title_en = models.TextField()
    title_zh = models.TextField(blank=True)

    class Meta:
        ordering = ["goal__number", "id"]

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return pick_language(self.title_zh, self.title_en)


class ExchangeRate(models.Model):
    """Units of ``currency`` per 1 USD on ``date`` (loaded from a file, editable by administrators)."""

    currency = models.CharField(max_length=3)
    date = models.DateField()
    per_usd = models.DecimalField(max_digits=20, decimal_places=8)

    class Meta:
        ordering = ["currency", "date"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="exchange_rate_unique"),
            models.CheckConstraint(
                condition=models.Q(per_usd__gt=0), name="exchange_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.date} {self.per_usd}"
