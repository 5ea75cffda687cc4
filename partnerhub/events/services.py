"""Writes for events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from partnerhub.core.audit import audit_record
from partnerhub.core.models import Provenance, TextStatus
from partnerhub.core.text import join_search_text
from partnerhub.events.compose import compose_event_english
from partnerhub.events.models import Event, EventCountry, EventOrganiser
from partnerhub.reference.models import Country


@dataclass
class OrganiserRecord:
    printed_name: str
    organisation_id: int | None = None
    role: str = EventOrganiser.Role.ORGANISER


@dataclass
class EventRecord:
    slug: str
    kind: str
    date_start: dt.date
    source: str
    date_end: dt.date | None = None
    title_zh: str = ""
    title_en: str = ""
    description_zh: str = ""
    description_en: str = ""
    title_en_status: str = ""
    description_en_status: str = ""
    venue: str = ""
    host_country_code: str = ""
    participating_country_count: int | None = None
    participant_count: int | None = None
    notes: str = ""
    organisers: list[OrganiserRecord] = field(default_factory=list)
    country_codes: list[tuple[str, str]] = field(default_factory=list)  # (code, printed name)


def _compose_missing_english(record: EventRecord) -> None:
    if record.title_en or not record.title_zh:
        return
    title, summary = compose_event_english(
        kind=record.kind,
        date_start=record.date_start,
        host_country_code=record.host_country_code,
        organisation_ids=[o.organisation_id for o in record.organisers if o.organisation_id],
        participating_country_count=record.participating_country_count,
    )
    record.title_en, record.title_en_status = title, TextStatus.COMPOSED
    if not record.description_en:
        record.description_en, record.description_en_status = summary, TextStatus.COMPOSED


@transaction.atomic
def event_create(
    *, record: EventRecord, provenance: Provenance | None = None, actor: Any = None
) -> Event:
    """Create an event with its organisers and participating countries.

    An event printed only in Chinese gets a composed English title and summary (events.compose)."""
    _compose_missing_english(record)
    host = (
        Country.objects.filter(code=record.host_country_code).first()
        if record.host_country_code
        else None
    )
    event = Event(
        slug=slugify(record.slug)[:160],
        kind=record.kind,
        title_zh=record.title_zh,
        title_en=record.title_en,
        description_zh=record.description_zh,
        description_en=record.description_en,
        title_en_status=record.title_en_status,
        description_en_status=record.description_en_status,
        date_start=record.date_start,
        date_end=record.date_end or record.date_start,
        venue=record.venue,
        host_country=host,
        participating_country_count=record.participating_country_count,
        participant_count=record.participant_count,
        notes=record.notes,
        source=record.source,
        provenance=provenance,
        search_text=join_search_text(
            record.title_zh,
            record.title_en,
            record.venue,
            record.notes,
            *(o.printed_name for o in record.organisers),
        ),
    )
    event.full_clean()
    event.save()
    EventOrganiser.objects.bulk_create(
        EventOrganiser(
            event=event, printed_name=o.printed_name, organisation_id=o.organisation_id, role=o.role
        )
        for o in record.organisers
    )
    codes = dict(
        Country.objects.filter(code__in=[c for c, _ in record.country_codes]).values_list(
            "code", "id"
        )
    )
    seen: set[str] = set()
    links = []
    for code, printed in record.country_codes:
        if code in codes and code not in seen:
            seen.add(code)
            links.append(EventCountry(event=event, country_id=codes[code], printed_name=printed))
    EventCountry.objects.bulk_create(links)
    audit_record(action="create", instance=event, summary=event.title[:200], actor=actor)
    return event
