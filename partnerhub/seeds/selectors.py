"""Reads of the source documents for the portal: the catalogue with import dates, one
document's page of text, and the records each document gave."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max

from partnerhub.activities.models import Activity
from partnerhub.core.models import Provenance
from partnerhub.events.models import Event
from partnerhub.seeds.documents import DOCUMENTS, DocumentInfo, document_info, document_lines
from partnerhub.seeds.models import SeedImportRun, SourceEntry


@dataclass(frozen=True)
class SourceDocument:
    info: DocumentInfo
    file: str
    records: int
    imported_at: Any


def source_documents() -> list[SourceDocument]:
    """Every catalogued document with how many records came from it and when it was last read."""
    last_run = SeedImportRun.objects.aggregate(at=Max("started_at"))["at"]
    counts: dict[str, dict[str, Any]] = {
        row["file"][:3]: dict(row)
        for row in Provenance.objects.filter(file__regex=r"^[0-9]{3}_")
        .values("file")
        .annotate(n=Count("pk"), at=Max("created_at"))
    }
    return [
        SourceDocument(
            info=info,
            file=counts.get(number, {}).get("file", ""),
            records=counts.get(number, {}).get("n", 0),
            imported_at=counts.get(number, {}).get("at") or last_run,
        )
        for number, info in DOCUMENTS.items()
    ]


def source_page(number: str, *, first: int, size: int) -> dict[str, Any]:
    """A page of a document's text from line ``first``, with the records taken from it."""
    info = document_info(number)
    lines = document_lines(number)
    first = min(max(1, first), max(1, len(lines)))
    last = min(len(lines), first + size - 1)
    files = Provenance.objects.filter(file__startswith=f"{number}_")
    return {
        "info": info,
        "lines": [(n, lines[n - 1]) for n in range(first, last + 1)],
        "first": first,
        "last": last,
        "total": len(lines),
        "previous": max(1, first - size) if first > 1 else None,
        "next": last + 1 if last < len(lines) else None,
        "activities": Activity.objects.filter(provenance__in=files).order_by("iati_identifier"),
        "events": Event.objects.filter(provenance__in=files).order_by("date_start"),
        "entries": SourceEntry.objects.filter(provenance__in=files).select_related("provenance"),
    }
