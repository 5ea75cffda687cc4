"""Writes for events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify

from partnerhub.core.audit import audit_each, audit_record
from partnerhub.core.models import Provenance, TextStatus, mark_human_english
from partnerhub.core.services import apply_changes, editable_fields
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
    _write_organisers(event, record.organisers)
    _write_countries(event, record.country_codes)
    audit_record(action="create", instance=event, summary=event.title[:200], actor=actor)
    return event


def _write_organisers(event: Event, organisers: Sequence[OrganiserRecord]) -> None:
    EventOrganiser.objects.bulk_create(
        EventOrganiser(
            event=event, printed_name=o.printed_name, organisation_id=o.organisation_id, role=o.role
        )
        for o in organisers
    )


def _write_countries(event: Event, country_codes: Sequence[tuple[str, str]]) -> None:
    codes = dict(
        Country.objects.filter(code__in=[c for c, _ in country_codes]).values_list("code", "id")
    )
    seen: set[str] = set()
    links = []
    for code, printed in country_codes:
        if code in codes and code not in seen:
            seen.add(code)
            links.append(EventCountry(event=event, country_id=codes[code], printed_name=printed))
    EventCountry.objects.bulk_create(links)


EVENT_FIELDS = editable_fields(Event, derived={"search_text"})


def event_organiser_records(event: Event) -> list[OrganiserRecord]:
    """The organisers as stored, in the shape ``event_update`` takes."""
    return [
        OrganiserRecord(printed_name=o.printed_name, organisation_id=o.organisation_id, role=o.role)
        for o in event.organisers.order_by("id")
    ]


def event_country_codes(event: Event) -> list[tuple[str, str]]:
    """The participating countries as stored: ``(code, printed name)`` pairs."""
    return [
        (c.country.code, c.printed_name)
        for c in event.countries.select_related("country").order_by("id")
    ]


@transaction.atomic
def event_update(
    *,
    event: Event,
    organisers: Sequence[OrganiserRecord] | None = None,
    country_codes: Sequence[tuple[str, str]] | None = None,
    actor: Any = None,
    **changes: Any,
) -> Event:
    """Change an event's fields; ``organisers`` or ``country_codes``, when given, replace the rows.

    English written by a person replaces composed English and is marked ``translated``."""
    mark_human_english(event, changes)
    diff = apply_changes(event, changes, allowed=EVENT_FIELDS)
    if organisers is not None:
        before = event_organiser_records(event)
        if [asdict(o) for o in before] != [asdict(o) for o in organisers]:
            event.organisers.all().delete()
            _write_organisers(event, organisers)
            diff["organisers"] = [
                [o.printed_name for o in before],
                [o.printed_name for o in organisers],
            ]
    if country_codes is not None:
        old_codes = event_country_codes(event)
        if old_codes != list(country_codes):
            event.countries.all().delete()
            _write_countries(event, country_codes)
            diff["countries"] = [[c for c, _ in old_codes], [c for c, _ in country_codes]]
    event.search_text = join_search_text(
        event.title_zh,
        event.title_en,
        event.venue,
        event.notes,
        *event.organisers.values_list("printed_name", flat=True),
    )
    event.full_clean()
    event.save()
    if diff:
        audit_record(
            action="update", instance=event, summary=event.title[:200], changes=diff, actor=actor
        )
    return event


@transaction.atomic
def event_delete(*, event: Event, actor: Any = None) -> None:
    """Delete an event with its organisers and countries; the audit row keeps its slug and title."""
    audit_record(
        action="delete",
        instance=event,
        summary=event.title[:200],
        changes={"slug": [event.slug, None]},
        actor=actor,
    )
    event.delete()


@transaction.atomic
def event_delete_many(*, events: QuerySet[Event], actor: Any = None) -> int:
    """Delete a set of events (what a source file gave before), with one audit row per event."""
    rows = list(events)
    audit_each(action="delete", instances=rows, actor=actor)
    deleted, _ = Event.objects.filter(pk__in=[e.pk for e in rows]).delete()
    return deleted
