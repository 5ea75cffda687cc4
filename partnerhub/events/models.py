"""Events: GCTF workshops, forums such as the NGO Leaders Forum, trainings."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from partnerhub.core.models import Provenance, Source, pick_language
from partnerhub.organisations.models import Organisation
from partnerhub.reference.models import Country
from partnerhub.reference.search import reference_matches


class EventKind(models.TextChoices):
    GCTF_WORKSHOP = "gctf-workshop", _("GCTF workshop")
    FORUM = "forum", _("Forum")
    TRAINING = "training", _("Training")
    MEETING = "meeting", _("Meeting")
    OTHER = "other", _("Other")


class EventQuerySet(models.QuerySet["Event"]):
    def in_year(self, year: int) -> EventQuerySet:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return self.filter(date_start__lte=end, date_end__gte=start)

    def of_kind(self, kind: str) -> EventQuerySet:
        return self.filter(kind=kind)

    def from_source(self, source: str) -> EventQuerySet:
        return self.filter(source=source)

    def with_country(self, code: str) -> EventQuerySet:
        links = EventCountry.objects.filter(event=OuterRef("pk"), country__code=code.upper())
        return self.filter(Exists(links) | models.Q(host_country__code=code.upper()))

    def organised_by(self, organisation_slug: str) -> EventQuerySet:
        links = EventOrganiser.objects.filter(
            event=OuterRef("pk"), organisation__slug=organisation_slug
        )
        return self.filter(Exists(links))

    def matching(self, key: str) -> EventQuerySet:
        """Events whose own text contains every word of ``key``, or linked to a country or
        organisation the query names in either language (see ActivityQuerySet.matching)."""
        words = key.split()
        if not words:
            return self
        text = models.Q()
        for word in words:
            text &= models.Q(search_text__contains=word)
        found = reference_matches(key)
        for name in found.names:
            text |= models.Q(search_text__contains=name)
        if found.countries:
            links = EventCountry.objects.filter(country__code__in=found.countries)
            text |= models.Q(pk__in=links.values("event_id"))
            text |= models.Q(host_country__code__in=found.countries)
        for name in Organisation.objects.name_keys(key):
            text |= models.Q(search_text__contains=name)
        organisers = EventOrganiser.objects.filter(
            organisation__in=Organisation.objects.named(key).values("pk")
        )
        return self.filter(text | models.Q(pk__in=organisers.values("event_id")))


class Event(models.Model):
    slug = models.SlugField(max_length=160, unique=True)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.OTHER)
    title_zh = models.TextField(blank=True)
    title_en = models.TextField(blank=True)
    description_zh = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    # How the English came about (core.models.TextStatus); empty means as the source gave it.
    title_en_status = models.CharField(max_length=12, blank=True)
    description_en_status = models.CharField(max_length=12, blank=True)
    date_start = models.DateField(db_index=True)
    date_end = models.DateField()
    venue = models.CharField(max_length=300, blank=True)
    host_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="hosted_events"
    )
    participating_country_count = models.PositiveIntegerField(null=True, blank=True)
    participant_count = models.PositiveIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True, help_text="Remarks as printed in the source")
    source = models.CharField(max_length=32, choices=Source.choices, db_index=True)
    provenance = models.ForeignKey(
        Provenance, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date_start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_end__gte=models.F("date_start")), name="event_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick_language(self.title_zh, self.title_en)


class EventOrganiser(models.Model):
    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        CO_ORGANISER = "co-organiser", _("Co-organiser")
        PARTNER = "partner", _("Partner")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organisers")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    printed_name = models.CharField(max_length=500)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ORGANISER)

    def __str__(self) -> str:
        return self.printed_name


class EventCountry(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="countries")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="event_links")
    printed_name = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "country"], name="event_country_unique")
        ]

    def __str__(self) -> str:
        return self.country.code
