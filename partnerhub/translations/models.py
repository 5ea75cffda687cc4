"""Human translations of record text, and how often each record is seen (to order the queue).

Both are keyed by the record's stable key (an activity's IATI identifier, an event's slug), not
its row id: an importer that rewrites a record keeps the translation a person made for it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    EVENT = "event", _("Event")


class Translation(models.Model):
    """The English a person wrote for one field of one record, with who wrote it and when."""

    class Status(models.TextChoices):
        TRANSLATED = "translated", _("Translated")
        CHECKED = "checked", _("Translated and checked")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=255)
    field = models.CharField(max_length=40)
    source_text = models.TextField(help_text=_("The Chinese text that was translated"))
    text = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.TRANSLATED)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    translated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "field"], name="translation_unique")
        ]
        permissions = [("translate", "Can translate records in the translation queue")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}:{self.field}"


class RecordView(models.Model):
    """How many times a record's public page was opened."""

    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=255)
    count = models.PositiveIntegerField(default=0)
    last_seen = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="record_view_unique")]
        indexes = [models.Index(fields=["kind", "-count"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} ×{self.count}"
