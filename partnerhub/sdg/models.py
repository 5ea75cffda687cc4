"""SDG suggestions stored on activities: *suggested* until a person accepts or rejects them.

A suggestion never counts as a reported SDG: the reported SDGs are the activity's own
``ActivitySdg`` rows, and accepting a suggestion (one click) adds one through the activity service.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.activities.models import Activity


class SuggestionStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class SdgSuggestionQuerySet(models.QuerySet["SdgSuggestion"]):
    def pending(self) -> SdgSuggestionQuerySet:
        return self.filter(status=SuggestionStatus.SUGGESTED)

    def for_goal(self, goal: int) -> SdgSuggestionQuerySet:
        return self.filter(goal=goal)


class SdgSuggestion(models.Model):
    """One goal (with its best target) the suggester proposes for an activity."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="sdg_suggestions",
        verbose_name=_("activity"),
    )
    goal = models.PositiveSmallIntegerField(_("goal"))
    target = models.CharField(_("target"), max_length=8, blank=True)
    score = models.FloatField(_("score"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.SUGGESTED,
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    model_version = models.CharField(_("model version"), max_length=80)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = SdgSuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "-score"]
        verbose_name = _("SDG suggestion")
        verbose_name_plural = _("SDG suggestions")
        constraints = [
            models.UniqueConstraint(fields=["activity", "goal"], name="sdg_suggestion_unique"),
            models.CheckConstraint(
                condition=models.Q(goal__gte=1) & models.Q(goal__lte=17),
                name="sdg_suggestion_goal_range",
            ),
        ]
        indexes = [
            models.Index(fields=["goal", "status", "activity"], name="sdg_suggestion_goal_idx")
        ]

    def __str__(self) -> str:
        return f"{self.target or self.goal} ({self.get_status_display()})"
