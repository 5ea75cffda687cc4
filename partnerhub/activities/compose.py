"""English titles and summaries composed from an activity's structured data.

Most seed records are printed in Chinese only. Rather than show Chinese on English pages, the
activity services compose a plain English title and summary from what the record already holds in
both languages (modality, organisations, countries, years) and mark it ``composed``: it says what
the record is, and never pretends to be a translation of the printed title.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import translation

from partnerhub.activities.models import Modality, Role
from partnerhub.activities.records import ActivityRecord
from partnerhub.organisations.models import Organisation
from partnerhub.reference.models import Country


def name_list(names: Sequence[str], *, limit: int = 3) -> str:
    """ "A, B and C" or "A, B, C and 4 others": a short English list."""
    names = [n for n in dict.fromkeys(names) if n]
    if len(names) > limit:
        rest = len(names) - limit
        return ", ".join(names[:limit]) + f" and {rest} other{'s' if rest > 1 else ''}"
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0] if names else ""


def year_span(start: int | None, end: int | None) -> str:
    if not start:
        return ""
    return str(start) if not end or end == start else f"{start}–{end}"


def _english_names(record: ActivityRecord) -> dict[str, list[str]]:
    """English names of the record's parties by role; a party with none is left out."""
    ids = [p.organisation_id for p in record.participations if p.organisation_id]
    orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
    by_role: dict[str, list[str]] = {}
    for p in record.participations:
        org = orgs.get(p.organisation_id) if p.organisation_id else None
        name = (org.name_en or org.abbreviation) if org else p.printed_name_en
        if not name and p.printed_name.isascii():
            name = p.printed_name
        if name:
            by_role.setdefault(p.role, []).append(name)
    return by_role


def _country_names(record: ActivityRecord) -> list[str]:
    codes = [c.code.upper() for c in record.countries]
    names = dict(Country.objects.filter(code__in=codes).values_list("code", "name_en"))
    return [names[c] for c in codes if names.get(c)]


def compose_activity_english(
    record: ActivityRecord, start_year: int | None, end_year: int | None
) -> tuple[str, str]:
    """(title, summary) in English for a record that has none."""
    with translation.override("en"):
        kind = str(Modality(record.modality).label) if record.modality else "Activity"
    parties = _english_names(record)
    who = name_list(parties.get(Role.IMPLEMENTING) or parties.get(Role.FUNDING) or [])
    countries = _country_names(record)
    where = name_list(countries, limit=4)
    years = year_span(start_year, end_year)
    title = kind + (f": {who}" if who else "") + (f" in {where}" if where else "")
    title += f" ({years})" if years else ""
    sentences = [f"{kind}" + (f", {years}" if years else "") + "."]
    for role, label in ((Role.FUNDING, "Funded by"), (Role.IMPLEMENTING, "Carried out by")):
        if parties.get(role):
            sentences.append(f"{label} {name_list(parties[role], limit=6)}.")
    if countries:
        sentences.append(f"Countries: {name_list(countries, limit=12)}.")
    count = record.extra.get("country_count")
    if count and count != len(countries):
        sentences.append(f"The source counts {count} countries or territories.")
    return title, " ".join(sentences)
