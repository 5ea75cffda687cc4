"""Calls for proposals, applications and the grant that an approved application becomes.

The module is long because the project cycle is one aggregate: an application with its budget,
results framework, attachments, reviews, determination, tranches, reports and actuals.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.activities.models import Activity, Modality
from partnerhub.core.models import pick_language
from partnerhub.grants.querysets import ApplicationQuerySet, CallQuerySet
from partnerhub.grants.workflow import PHASE, PHASE_CHOICES
from partnerhub.organisations.models import Organisation

USER = settings.AUTH_USER_MODEL


class Criterion(models.TextChoices):
    """The feasibility appraisal criteria the regulation under the Act names."""

    TECHNICAL = "technical-capacity", _("Technical capacity and staffing")
    ENVIRONMENT = "environment", _("Environment")
    FINANCE = "finance", _("Finance")
    MARKET = "market", _("Market and commercial benefit")
    INSTITUTIONAL = "institutional-fit", _("Fit with the partner's law and institutions")
    SOCIO_ECONOMIC = "socio-economic", _("Socio-economic impact")
    IMPLEMENTER = "implementing-capacity", _("Capacity of the implementing body")


class AttachmentKind(models.TextChoices):
    PROPOSAL = "proposal", _("Project proposal")
    BUDGET = "budget-sheet", _("Budget sheet")
    REGISTRATION = "registration", _("Registration certificate")
    PARTNER_LETTER = "partner-letter", _("Letter from the local counterpart")
    AGREEMENT = "agreement", _("Signed agreement")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


class Call(models.Model):
    """A call for proposals: its rules, window (stored in UTC, shown in Asia/Taipei) and ceiling."""

    slug = models.SlugField(max_length=80, unique=True)
    title_zh = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300)
    rules_zh = models.TextField(blank=True)
    rules_en = models.TextField(blank=True)
    eligibility_zh = models.TextField(blank=True)
    eligibility_en = models.TextField(blank=True)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    budget_ceiling = models.DecimalField(max_digits=16, decimal_places=2)
    currency = models.CharField(max_length=3, default="TWD")
    required_attachments = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_window_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(budget_ceiling__gt=0), name="call_ceiling_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick_language(self.title_zh, self.title_en)

    @property
    def rules(self) -> str:
        return pick_language(self.rules_zh, self.rules_en)

    @property
    def eligibility(self) -> str:
        return pick_language(self.eligibility_zh, self.eligibility_en)


class CallCriterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.CharField(max_length=32, choices=Criterion.choices)
    weight = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "criterion"], name="call_criterion_unique"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()} ×{self.weight}"


class Application(models.Model):
    """One application, from draft to closed; once approved it is also an Activity of the registry."""

    call = models.ForeignKey(
        Call, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="grant_applications"
    )
    reference = models.CharField(max_length=40, unique=True)
    state = models.CharField(max_length=32, choices=PHASE_CHOICES, default="draft", db_index=True)
    # Optimistic concurrency: every save of the form must quote the version it was read at.
    version = models.PositiveIntegerField(default=1)
    title_zh = models.CharField(max_length=300, blank=True)
    title_en = models.CharField(max_length=300, blank=True)
    summary_zh = models.TextField(blank=True)
    summary_en = models.TextField(blank=True)
    local_counterpart = models.CharField(max_length=300, blank=True)
    modality = models.CharField(max_length=32, choices=Modality.choices, blank=True)
    countries = models.JSONField(default=list, blank=True, help_text='[{"code", "percentage"}]')
    sectors = models.JSONField(default=list, blank=True, help_text='[{"code", "percentage"}]')
    sdgs = models.JSONField(default=list, blank=True, help_text='["3", "3.1", ...]')
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="TWD")
    contact_language = models.CharField(max_length=8, default="zh-hant")
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    historical = models.BooleanField(default=False)
    activity = models.OneToOneField(
        Activity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grant_application",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [
            ("view_all_applications", "Can see every application"),
            ("screen_application", "Can screen applications and assign reviewers"),
            ("review_application", "Can be assigned as a reviewer"),
            ("determine_application", "Can record determinations"),
            ("manage_grant", "Can manage agreements, tranches, reports and closure"),
            ("approve_payment", "Can approve payments (finance)"),
            ("manage_call", "Can publish calls for proposals"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="application_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def title(self) -> str:
        return pick_language(self.title_zh, self.title_en)

    @property
    def summary(self) -> str:
        return pick_language(self.summary_zh, self.summary_en)

    @property
    def staff_label(self) -> str:
        return str(PHASE[self.state].staff_label)

    @property
    def public_label(self) -> str:
        return str(PHASE[self.state].public_label)


class ApplicationRevision(models.Model):
    """The editable content of an application as saved at one version: every version is kept."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    saved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(fields=["application", "version"], name="revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} v{self.version}"


class BudgetLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget")
    position = models.PositiveSmallIntegerField(default=0)
    item = models.CharField(max_length=300)
    amount = models.DecimalField(
        max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    currency = models.CharField(max_length=3)
    spent = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal(0))

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_line_positive")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.amount} {self.currency}"


class ResultLevel(models.TextChoices):
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")


class PlannedIndicator(models.Model):
    """One line of the results framework: a result (output or outcome) and its indicator."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="indicators"
    )
    position = models.PositiveSmallIntegerField(default=0)
    level = models.CharField(max_length=8, choices=ResultLevel.choices)
    result = models.CharField(max_length=300)
    indicator = models.CharField(max_length=300)
    unit = models.CharField(max_length=60)
    baseline = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal(0))
    target = models.DecimalField(max_digits=16, decimal_places=2)
    means_of_verification = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.indicator


class Attachment(models.Model):
    """A file an applicant or officer uploaded; stored under a random name, served by permission."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(max_length=20, choices=AttachmentKind.choices)
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=64, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Declaration(models.TextChoices):
    NO_CONFLICT = "no-conflict", _("No conflict of interest")
    CONFLICT = "conflict", _("Conflict of interest: recused")


class ReviewAssignment(models.Model):
    """A reviewer assigned to an application; they declare conflicts before they may read it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="grant_reviews")
    assigned_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    declaration = models.CharField(max_length=12, choices=Declaration.choices, blank=True)
    declaration_note = models.TextField(blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="review_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} / {self.reviewer}"

    @property
    def recused(self) -> bool:
        return self.declaration == Declaration.CONFLICT


class Score(models.Model):
    assignment = models.ForeignKey(
        ReviewAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.CharField(max_length=32, choices=Criterion.choices)
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_unique"),
            models.CheckConstraint(condition=models.Q(score__lte=5), name="score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approved")
    RETURN = "return", _("Returned for revision")
    REJECT = "reject", _("Rejected")


class Determination(models.Model):
    """The approver's decision with reasons; the letter to the applicant is rendered from it."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="determinations"
    )
    decision = models.CharField(max_length=8, choices=Decision.choices)
    reasons = models.TextField()
    weighted_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.decision}"


class TrancheState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    OFFICER_APPROVED = "officer-approved", _("Approved by the officer; awaiting finance")
    PAID = "paid", _("Paid")


class Tranche(models.Model):
    """A disbursement request: the officer approves it, then finance pays (two different people)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    currency = models.CharField(max_length=3)
    state = models.CharField(
        max_length=20, choices=TrancheState.choices, default=TrancheState.REQUESTED
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    officer = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    officer_at = models.DateTimeField(null=True, blank=True)
    finance = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="tranche_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="tranche_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} #{self.number}"


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Progress report")
    CLOSURE = "closure", _("Closure report")


class ReportState(models.TextChoices):
    DUE = "due", _("Due")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")


class Report(models.Model):
    """A progress or closure report due on a date; reminders are sent before and after it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    due_on = models.DateField(db_index=True)
    state = models.CharField(max_length=10, choices=ReportState.choices, default=ReportState.DUE)
    body = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_before = models.DateTimeField(null=True, blank=True)
    reminded_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.application.reference} {self.kind} {self.due_on}"


class ActualState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")


class IndicatorActual(models.Model):
    """The value an indicator reached in a period; locked once an officer approves it."""

    indicator = models.ForeignKey(
        PlannedIndicator, on_delete=models.CASCADE, related_name="actuals"
    )
    period_end = models.DateField()
    value = models.DecimalField(max_digits=16, decimal_places=2)
    state = models.CharField(max_length=10, choices=ActualState.choices, default=ActualState.DRAFT)
    comment = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["period_end", "id"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_end"], name="actual_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} @ {self.period_end}: {self.value}"


class MonitoringVisit(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField()
    findings = models.TextField()
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["visited_on", "id"]

    def __str__(self) -> str:
        return f"{self.application.reference} {self.visited_on}"
