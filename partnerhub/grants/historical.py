"""The Appendix 1 grants of 2018–2022 as closed historical grants of the register.

They are already activities of the registry (read from the white paper by the seeds); this links
each one to a closed application of its implementing organisation, so the register, the
organisation's page and the dashboards show them beside the grants made in Partner Hub.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from partnerhub.activities.models import Activity, Modality, Role
from partnerhub.core.audit import audit_record
from partnerhub.core.models import Source
from partnerhub.grants.models import Application


@dataclass(frozen=True)
class HistoricalResult:
    linked: int
    already: int
    without_organisation: int


def _candidates() -> list[Activity]:
    return list(
        Activity.objects.filter(source=Source.WHITEPAPER_APPENDIX_1, modality=Modality.NGO_GRANT)
        .prefetch_related("participations")
        .order_by("id")
    )


@transaction.atomic
def historical_grants_register(*, dry_run: bool = False) -> HistoricalResult:
    """Create a closed historical application for every Appendix 1 grant not yet linked."""
    linked = already = orphan = 0
    taken = set(
        Application.objects.filter(activity__isnull=False).values_list("activity_id", flat=True)
    )
    for activity in _candidates():
        if activity.pk in taken:
            already += 1
            continue
        implementer = next(
            (p.organisation_id for p in activity.participations.all()
             if p.role == Role.IMPLEMENTING and p.organisation_id),
            None,
        )  # fmt: skip
        if implementer is None:
            orphan += 1
            continue
        linked += 1
        if dry_run:
            continue
        row = Application(
            organisation_id=implementer,
            reference=f"H-{activity.iati_identifier}"[-40:],
            state="closed",
            historical=True,
            title_zh=activity.title_zh,
            title_en=activity.title_en,
            summary_zh=activity.description_zh,
            summary_en=activity.description_en,
            modality=Modality.NGO_GRANT,
            planned_start=activity.planned_start or activity.span_start,
            planned_end=activity.planned_end or activity.span_end,
            activity=activity,
        )
        row.full_clean()
        row.save()
        audit_record(action="import", instance=row, summary=row.reference)
    return HistoricalResult(linked, already, orphan)
