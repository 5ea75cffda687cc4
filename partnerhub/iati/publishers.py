"""Resolve organisation references of imported activities in bulk, creating missing publishers.

One query per batch finds the organisations already known by IATI identifier; reporting
organisations not yet known are created together with ``organisation_bulk_create``, which
also gives them their aliases and audit rows. Participants and
transaction parties are linked when their reference is known and kept as printed otherwise.
"""

from __future__ import annotations

from django.utils.text import slugify

from partnerhub.activities.records import ActivityRecord
from partnerhub.core.models import Provenance, Source
from partnerhub.organisations.models import Category, Organisation
from partnerhub.organisations.services import OrganisationRecord, organisation_bulk_create


class OrganisationResolver:
    """Caches ``iati_identifier -> id`` across the batches of one file."""

    def __init__(self, *, provenance: Provenance | None) -> None:
        self.provenance = provenance
        self.known: dict[str, int | None] = {}

    def resolve(self, batch: list[tuple[ActivityRecord, set[str]]]) -> list[ActivityRecord]:
        wanted = set().union(*(refs for _, refs in batch)) - self.known.keys()
        if wanted:
            found = dict(
                Organisation.objects.filter(iati_identifier__in=wanted).values_list(
                    "iati_identifier", "id"
                )
            )
            self.known.update({ref: found.get(ref) for ref in wanted})
        self._create_publishers([record for record, _ in batch])
        records = []
        for record, _ in batch:
            self._link(record)
            records.append(record)
        return records

    def _create_publishers(self, records: list[ActivityRecord]) -> None:
        missing: dict[str, ActivityRecord] = {}
        for record in records:
            ref = record.reporting_org_ref
            if ref and self.known.get(ref) is None and ref not in missing:
                missing[ref] = record
        if not missing:
            return
        slugs = {ref: ("iati-" + slugify(ref))[:110] or "iati-org" for ref in missing}
        taken = set(
            Organisation.objects.filter(slug__in=slugs.values()).values_list("slug", flat=True)
        )
        organisations = []
        for ref, record in missing.items():
            slug = slugs[ref]
            n = 1
            while slug in taken:
                n += 1
                slug = f"{slugs[ref]}-{n}"
            taken.add(slug)
            name = record.reporting_org_name or ref
            organisations.append(
                OrganisationRecord(
                    slug=slug,
                    name_en=name[:500],
                    category=Category.OTHER,
                    iati_type=str(record.extra.get("reporting_org_type", ""))[:4],
                    iati_identifier=ref,
                    source=Source.IATI,
                )
            )
        created = organisation_bulk_create(records=organisations, provenance=self.provenance)
        for organisation in created:
            self.known[str(organisation.iati_identifier)] = organisation.pk

    def _link(self, record: ActivityRecord) -> None:
        known = self.known
        record.reporting_org_id = (
            known.get(record.reporting_org_ref) if record.reporting_org_ref else None
        )
        for participation in record.participations:
            if participation.ref:
                participation.organisation_id = known.get(participation.ref)
        for row in record.transactions:
            if row.provider_ref:
                row.provider_org_id = known.get(row.provider_ref)
            if row.receiver_ref:
                row.receiver_org_id = known.get(row.receiver_ref)
