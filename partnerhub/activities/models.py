"""Cooperation activities, aligned with the IATI Standard 2.03 activity model.

The model is long because it is one aggregate: an activity with its participants, places, sectors,
SDGs, money, results and documents. Its child rows live and die with it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.activities.querysets import ActivityQuerySet
from partnerhub.core.models import Provenance, Source, pick_language
from partnerhub.organisations.models import Organisation
from partnerhub.reference.models import Country


class Modality(models.TextChoices):
    """How Taiwan delivers cooperation; stable slugs for the API's ``modality`` filter."""

    TECHNICAL_COOPERATION = "technical-cooperation", _("Technical cooperation")
    INVESTMENT_LENDING = "investment-lending", _("Investment and lending")
    EDUCATION_TRAINING = "education-training", _("Education and training")
    HUMANITARIAN = "humanitarian", _("Humanitarian assistance")
    NGO_GRANT = "ngo-grant", _("NGO grant")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class Activity(models.Model):
    iati_identifier = models.CharField(max_length=255, db_index=True)
    title_zh = models.TextField(blank=True)
    title_en = models.TextField(blank=True)
    description_zh = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    # How the English came about (core.models.TextStatus); empty means as the source gave it.
    title_en_status = models.CharField(max_length=12, blank=True)
    description_en_status = models.CharField(max_length=12, blank=True)
    status = models.CharField(max_length=2, blank=True, help_text="IATI ActivityStatus code")
    modality = models.CharField(max_length=32, choices=Modality.choices, blank=True, db_index=True)
    planned_start = models.DateField(null=True, blank=True)
    actual_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    actual_end = models.DateField(null=True, blank=True)
    # The span covers every known date; a record known only by its year spans that whole year.
    span_start = models.DateField(null=True, blank=True, db_index=True)
    span_end = models.DateField(null=True, blank=True, db_index=True)
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    default_currency = models.CharField(max_length=3, blank=True)
    reporting_org = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="reported"
    )
    reporting_org_ref = models.CharField(max_length=200, blank=True)
    reporting_org_name = models.CharField(max_length=500, blank=True)
    is_taiwan = models.BooleanField(default=True, db_index=True)
    humanitarian = models.BooleanField(default=False)
    hierarchy = models.PositiveSmallIntegerField(null=True, blank=True)
    last_updated = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=32, choices=Source.choices, db_index=True)
    provenance = models.ForeignKey(
        Provenance, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    # Elements outside this model, kept so an export can carry them on (IATI round trip).
    extra = models.JSONField(default=dict, blank=True)
    search_text = models.TextField(blank=True, editable=False)
    #: The pairs of adjacent Chinese characters of ``search_text`` (core.text.han_bigrams), which
    #: a word index holds so that a two-character Chinese word needs no scan (activities.search).
    search_bigrams = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-span_start", "id"]
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["source", "span_start"]),
            models.Index(fields=["is_taiwan", "span_start"]),
            # The list caches its facets under MAX(updated_at); an index answers that without a scan.
            models.Index(fields=["updated_at"], name="activity_updated_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(span_end__isnull=True)
                | models.Q(span_start__isnull=True)
                | models.Q(span_end__gte=models.F("span_start")),
                name="activity_span_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.iati_identifier

    @property
    def title(self) -> str:
        return pick_language(self.title_zh, self.title_en)

    @property
    def description(self) -> str:
        return pick_language(self.description_zh, self.description_en)


class Role(models.TextChoices):
    """IATI OrganisationRole codes."""

    FUNDING = "1", _("Funding")
    ACCOUNTABLE = "2", _("Accountable")
    EXTENDING = "3", _("Extending")
    IMPLEMENTING = "4", _("Implementing")


class Participation(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    role = models.CharField(max_length=2, choices=Role.choices)
    printed_name = models.CharField(max_length=500, blank=True, help_text="As the source prints it")
    # A party that is no organisation (「民間」, private donors) has no organisation row: its
    # printed text is all there is, and this is its English.
    printed_name_en = models.CharField(max_length=500, blank=True)
    ref = models.CharField(max_length=200, blank=True)
    org_type = models.CharField(max_length=4, blank=True)
    crs_channel_code = models.CharField(max_length=10, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.printed_name}"

    @property
    def name(self) -> str:
        if self.organisation:
            return self.organisation.name
        return pick_language(self.printed_name, self.printed_name_en)


class ActivityCountry(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="countries")
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="activity_links"
    )
    code = models.CharField(max_length=8, help_text="As given, even when unknown to the codelist")
    percentage = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    printed_name = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["country", "activity"]),
            # The list's country filter reads the activity ids of one code from this index alone.
            models.Index(fields=["code", "activity"], name="activitycountry_code_idx"),
        ]
        verbose_name_plural = "activity countries"

    def __str__(self) -> str:
        return self.code


class ActivityRegion(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="regions")
    code = models.CharField(max_length=16)
    vocabulary = models.CharField(max_length=8, default="1")
    percentage = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    printed_name = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["vocabulary", "code"])]

    def __str__(self) -> str:
        return self.code


class ActivitySector(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sectors")
    vocabulary = models.CharField(max_length=8, default="1", help_text="IATI SectorVocabulary")
    code = models.CharField(max_length=32)
    percentage = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    narrative = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["vocabulary", "code"]),
            # The sector filter (a code, or a DAC 3-digit range) reads activity ids from these.
            models.Index(fields=["code", "activity"], name="activitysector_code_idx"),
            models.Index(
                fields=["vocabulary", "code", "activity"], name="activitysector_voc_code_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vocabulary}:{self.code}"


class ActivitySdg(models.Model):
    """An SDG goal (and optionally a target) the activity contributes to."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sdgs")
    goal = models.PositiveSmallIntegerField(db_index=True)
    target = models.CharField(max_length=8, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "goal", "target"], name="activity_sdg_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(goal__gte=1) & models.Q(goal__lte=17), name="sdg_goal_range"
            ),
        ]

    def __str__(self) -> str:
        return self.target or str(self.goal)


class Budget(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="budgets")
    type = models.CharField(max_length=2, default="1")
    status = models.CharField(max_length=2, default="1")
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    value = models.DecimalField(max_digits=20, decimal_places=2)
    currency = models.CharField(max_length=3, blank=True)
    value_date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.value} {self.currency}"


class Transaction(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="transactions")
    ref = models.CharField(max_length=200, blank=True)
    type = models.CharField(max_length=4, help_text="IATI TransactionType code")
    date = models.DateField(null=True, blank=True, db_index=True)
    value = models.DecimalField(max_digits=20, decimal_places=2)
    currency = models.CharField(max_length=3, blank=True)
    value_date = models.DateField(null=True, blank=True)
    printed_amount = models.CharField(
        max_length=200, blank=True, help_text="As the source prints it"
    )
    description = models.TextField(blank=True)
    provider_org = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    provider_ref = models.CharField(max_length=200, blank=True)
    provider_name = models.CharField(max_length=500, blank=True)
    receiver_org = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    receiver_ref = models.CharField(max_length=200, blank=True)
    receiver_name = models.CharField(max_length=500, blank=True)
    flow_type = models.CharField(max_length=4, blank=True)
    finance_type = models.CharField(max_length=6, blank=True)
    aid_type = models.CharField(max_length=8, blank=True)
    recipient_country = models.CharField(max_length=8, blank=True)
    sector_code = models.CharField(max_length=32, blank=True)

    def __str__(self) -> str:
        return f"{self.type} {self.value} {self.currency}"


class Result(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="results")
    type = models.CharField(max_length=2, default="1", help_text="IATI ResultType")
    title_zh = models.TextField(blank=True)
    title_en = models.TextField(blank=True)
    description_zh = models.TextField(blank=True)
    description_en = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick_language(self.title_zh, self.title_en)


class Indicator(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    title_zh = models.TextField(blank=True)
    title_en = models.TextField(blank=True)
    measure = models.CharField(max_length=2, default="1", help_text="IATI IndicatorMeasure")
    unit = models.CharField(max_length=60, blank=True)
    baseline_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    target_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    actual_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    as_of = models.DateField(null=True, blank=True)
    printed = models.TextField(blank=True, help_text="The sentence the figure was read from")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick_language(self.title_zh, self.title_en)


class DocumentLink(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="documents")
    url = models.URLField(max_length=1000)
    title = models.CharField(max_length=500, blank=True)
    format = models.CharField(max_length=100, blank=True)
    category = models.CharField(max_length=8, blank=True)
    language = models.CharField(max_length=8, blank=True)

    def __str__(self) -> str:
        return self.title or self.url
