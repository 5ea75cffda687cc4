"""IATI datasets (one per imported file) and the problems found while reading them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.core.models import Provenance, pick_language


class DatasetStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Importing")
    IMPORTED = "imported", _("Imported")
    SKIPPED = "skipped", _("Unchanged, skipped")
    FAILED = "failed", _("Failed")


class Dataset(models.Model):
    """One IATI file. Its activities hang off ``provenance`` so a re-import can replace them.

    ``name`` is the dataset's identity (docs/iati.md): ``publisher/dataset`` from the IATI
    Registry's metadata when it is known, else the file's path relative to the import root.
    """

    name = models.CharField(
        max_length=255,
        unique=True,
        help_text="publisher/dataset from registry metadata, else the path below the import root",
    )
    registry_publisher = models.CharField(max_length=100, blank=True)
    registry_name = models.CharField(max_length=200, blank=True)
    dated_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The file's generated-datetime (else its registry metadata's date)",
    )
    path = models.CharField(max_length=1000, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    size_bytes = models.BigIntegerField(default=0)
    version = models.CharField(max_length=8, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=10, choices=DatasetStatus.choices, default=DatasetStatus.PENDING
    )
    activity_count = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    provenance = models.OneToOneField(
        Provenance, null=True, blank=True, on_delete=models.SET_NULL, related_name="dataset"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return self.name


class Severity(models.TextChoices):
    ERROR = "error", _("Error")
    WARNING = "warning", _("Warning")
    INFO = "info", _("Note")


class ImportProblem(models.Model):
    """Something in a file that could not be read as published, with where it was."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="problems")
    line = models.PositiveIntegerField(null=True, blank=True)
    xpath = models.CharField(max_length=500, blank=True)
    code = models.CharField(max_length=64, db_index=True)
    severity = models.CharField(max_length=8, choices=Severity.choices, default=Severity.WARNING)
    message_en = models.TextField()
    message_zh = models.TextField()

    class Meta:
        ordering = ["dataset", "line", "id"]

    def __str__(self) -> str:
        return f"{self.dataset.name}:{self.line or '?'} {self.code}"

    @property
    def message(self) -> str:
        return pick_language(self.message_zh, self.message_en)


class SupersededActivity(models.Model):
    """A copy of an activity that another dataset also publishes, and that lost the duplicate rule.

    The current copy is the ``Activity`` row with the same identifier; this one is kept, as the
    record it was read into, so it can become current again when that copy goes away.
    """

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="superseded")
    iati_identifier = models.CharField(max_length=255, db_index=True)
    last_updated = models.DateTimeField(null=True, blank=True)
    title = models.CharField(max_length=500, blank=True)
    line = models.PositiveIntegerField(null=True, blank=True)
    record = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["iati_identifier", "-last_updated", "id"]

    def __str__(self) -> str:
        return f"{self.iati_identifier} ({self.dataset.name})"
