"""Models with no domain: provenance, the audit trail, the outbox and background jobs."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Where a record came from; the values are the stable slugs of the API's ``source`` filter."""

    WHITEPAPER_APPENDIX_1 = "whitepaper-appendix-1", _("White paper, Appendix 1")
    WHITEPAPER_APPENDIX_2 = "whitepaper-appendix-2", _("White paper, Appendix 2 (TFD)")
    WHITEPAPER_APPENDIX_3 = "whitepaper-appendix-3", _("White paper, Appendix 3 (GCTF)")
    WHITEPAPER_APPENDIX_4 = "whitepaper-appendix-4", _("White paper, Appendix 4 (COVID-19)")
    WHITEPAPER_UKRAINE = "whitepaper-ukraine", _("White paper, Ukraine aid table")
    WHITEPAPER_CASES = "whitepaper-cases", _("White paper, case studies")
    WHITEPAPER_BODY_GCTF = "whitepaper-body-gctf", _("White paper body, GCTF events after 2022")
    WHITEPAPER_BODY_ICDF = "whitepaper-body-icdf", _("White paper body, missions and projects")
    WHITEPAPER_BODY_FUNDS = (
        "whitepaper-body-funds",
        _("White paper body, CABEI, EBRD and APEC funds"),
    )
    WHITEPAPER_BODY_TURKIYE_SYRIA = (
        "whitepaper-body-turkiye-syria",
        _("White paper body, Türkiye and Syria"),
    )
    WHITEPAPER_BODY_JORDAN = "whitepaper-body-jordan", _("White paper body, Jordan")
    REVIEW_2024 = "review-2024", _("2024 review of Taiwan's diplomacy")
    PLAN_2026 = "plan-2026", _("FY2026 administrative plan")
    NEWS = "news", _("News")
    IATI = "iati", _("IATI import")
    USER = "user", _("Entered by a user")
    GRANTS = "grants", _("NGO grant portal")


class TextStatus(models.TextChoices):
    """How a text in the second language came about; shown beside it so nobody mistakes a
    sentence composed from structured data for a translation."""

    ORIGINAL = "original", _("As printed in the source")
    TRANSLATED = "translated", _("Translated")
    CHECKED = "checked", _("Translated and checked")
    COMPOSED = "composed", _("Composed from the record's data")
    MISSING = "missing", _("Missing")


def text_status(text: str, stored: str) -> str:
    """The status of a text: the stored one, else original when there is text, else missing."""
    if not text:
        return TextStatus.MISSING
    return stored or TextStatus.ORIGINAL


def mark_human_english(instance: models.Model, changes: dict[str, object]) -> None:
    """In an update's changes: new English a person gave is ``translated`` unless said otherwise."""
    for field in ("title_en", "description_en"):
        new = changes.get(field)
        if new and new != getattr(instance, field, None) and f"{field}_status" not in changes:
            changes[f"{field}_status"] = TextStatus.TRANSLATED


class Provenance(models.Model):
    """Where a record came from, precise enough to trace any figure back to its source."""

    source = models.CharField(max_length=32, choices=Source.choices, db_index=True)
    file = models.CharField(max_length=500, blank=True)
    line_start = models.PositiveIntegerField(null=True, blank=True)
    line_end = models.PositiveIntegerField(null=True, blank=True)
    locator = models.CharField(
        max_length=500, blank=True, help_text="An XPath, table name or other place within the file."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["source", "file"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(line_end__isnull=True)
                | models.Q(line_start__isnull=True)
                | models.Q(line_end__gte=models.F("line_start")),
                name="provenance_line_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.citation()

    def citation(self) -> str:
        """A short human citation such as ``002_….txt:4679-4684``."""
        where = self.file or self.get_source_display()
        if self.line_start:
            lines = str(self.line_start)
            if self.line_end and self.line_end != self.line_start:
                lines += f"-{self.line_end}"
            return f"{where}:{lines}"
        return str(where)


class AuditEntry(models.Model):
    """Who changed what: one row per create, update or delete made through a service."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")
        IMPORT = "import", _("Imported")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    model = models.CharField(max_length=100)
    object_pk = models.CharField(max_length=64)
    summary = models.CharField(max_length=500, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.model}#{self.object_pk}"


class BilingualName(models.Model):
    """Abstract base for records named in both languages, with a fallback when one is missing."""

    name_zh = models.CharField(max_length=500, blank=True)
    name_en = models.CharField(max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return pick_language(self.name_zh, self.name_en)


def pick_language(zh: str, en: str, language: str | None = None) -> str:
    """The text in the active language, falling back to the other when it is missing."""
    lang = (language or get_language() or "zh-hant").lower()
    first, second = (en, zh) if lang.startswith("en") else (zh, en)
    return first or second or ""


#: A lower-case dotted name such as ``grants.application`` or ``iati.import``.
DOTTED_NAME = RegexValidator(r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*$")


class StateChange(models.Model):
    """One transition of a record through a workflow: who moved what, from where to where, and why.

    The grant cycle and the INGO desk record every transition here; the messages it causes wait in
    the outbox (``OutboxMessage``) until the ``outbox_drain`` task has sent them all, which is when
    ``notified_at`` is set.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    machine = models.CharField(
        max_length=100,
        validators=[DOTTED_NAME],
        help_text="The workflow, such as grants.application.",
    )
    from_state = models.SlugField(max_length=64, blank=True)
    to_state = models.SlugField(max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.machine} {self.object_id}: {self.from_state or '-'} → {self.to_state}"


class OutboxMessage(models.Model):
    """One email waiting to be sent, or sent: the record of what was sent, to whom, and when."""

    class Language(models.TextChoices):
        ZH_HANT = "zh-hant", _("Traditional Chinese")
        EN = "en", _("English")

    state_change = models.ForeignKey(
        StateChange, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    to_email = models.EmailField(max_length=254)
    language = models.CharField(max_length=8, choices=Language.choices)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.to_email}: {self.subject}"


class Job(models.Model):
    """Progress and outcome of one piece of background work, read by the page that started it.

    A task enqueued on Django's task framework finds its row by id, marks it running, and writes
    its outcome (counts, problems, timings, an error in both languages) when it ends. ``key`` names
    what the job works on (a file's name for an import): while one job for a key is queued or
    running, the database refuses a second (the ``job_one_active_per_key`` constraint).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    kind = models.CharField(
        max_length=64,
        validators=[DOTTED_NAME],
        help_text="What the job does, such as iati.import.",
    )
    key = models.CharField(max_length=255, help_text="What the job works on, such as a file name.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    arguments = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True, help_text="host:pid of the last worker")
    task_id = models.CharField(max_length=64, blank=True)
    done = models.BigIntegerField(default=0, help_text="Units done (bytes of a file).")
    total = models.BigIntegerField(default=0, help_text="Units in all.")
    counts = models.JSONField(default=dict, blank=True)
    error_en = models.TextField(blank=True)
    error_zh = models.TextField(blank=True)
    result_url = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key"],
                condition=models.Q(state__in=["queued", "running"]),
                name="job_one_active_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} ({self.state})"

    @property
    def error(self) -> str:
        return pick_language(self.error_zh, self.error_en)

    @property
    def seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class ChangeStamp(models.Model):
    """One row per scope of records (``activities``): bumped by every write to them, in the
    writer's transaction.

    Caches and stored results keep the ``version`` they were built from and compare it with this
    row, one primary-key read, instead of counting or scanning a table of a million rows. ``rows``
    is the scope's record count when it is known: set by a full count (after an import or a seed
    load) and moved by the services' deltas from then on; NULL until first counted.
    """

    scope = models.CharField(max_length=64, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)
    rows = models.BigIntegerField(null=True, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.scope} v{self.version}"


class ListIndex(models.Model):
    """One part of a list's bitmap facet index, built at one change stamp version.

    A list's index (core.listindex) is stored as a few rows of one version: ``ranks`` (the ids
    of the list's records in its default order, as 64-bit integers), one row per indexed filter
    (its values' roaring bitmaps over those ranks) and last ``complete``, an empty marker written
    in the same transaction that drops older versions. Web processes load a version only when its
    marker is there and it is the list's current stamp version.
    """

    list_name = models.CharField(max_length=64)
    version = models.PositiveBigIntegerField()
    part = models.CharField(max_length=64)
    data = models.BinaryField(default=bytes)
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "list indexes"
        constraints = [
            models.UniqueConstraint(
                fields=["list_name", "version", "part"], name="core_listindex_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.list_name} v{self.version} {self.part}"
