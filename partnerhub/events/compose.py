"""English titles and summaries composed from an event's structured data (see activities.compose)."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from partnerhub.events.models import EventKind
from partnerhub.organisations.models import Organisation
from partnerhub.reference.models import Country


def _names(items: list[str], limit: int = 4) -> str:
    items = [i for i in dict.fromkeys(items) if i]
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} others"
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def compose_event_english(
    *,
    kind: str,
    date_start: dt.date,
    host_country_code: str,
    organisation_ids: list[int],
    participating_country_count: int | None,
) -> tuple[str, str]:
    """(title, summary) in English for an event whose source prints no English."""
    with translation.override("en"):
        label = str(EventKind(kind).label) if kind in EventKind.values else "Event"
    host = (
        Country.objects.filter(code=host_country_code).values_list("name_en", flat=True).first()
        if host_country_code
        else None
    )
    orgs = Organisation.objects.filter(pk__in=organisation_ids)
    by_id = {o.pk: (o.name_en or o.abbreviation) for o in orgs}
    organisers = _names([by_id.get(i, "") for i in organisation_ids])
    title = f"{label}, {date_start:%-d %B %Y}" + (f", {host}" if host else "")
    sentences = [f"{label} held on {date_start:%-d %B %Y}" + (f" in {host}" if host else "") + "."]
    if organisers:
        sentences.append(f"Organised by {organisers}.")
    if participating_country_count:
        sentences.append(f"Participants came from {participating_country_count} countries.")
    return title, " ".join(sentences)
