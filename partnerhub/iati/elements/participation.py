"""participating-org: who funds, is accountable for, extends and implements an activity."""

from __future__ import annotations

from lxml import etree

from partnerhub.activities.records import ParticipationRecord
from partnerhub.iati.elements import ReadContext, Reader, cut, narrative


def read_participating_org(element: etree._Element, ctx: ReadContext) -> None:
    role = ctx.code("OrganisationRole", element, element.get("role"))
    if role not in {"1", "2", "3", "4"}:
        if not role:
            ctx.problem(
                "missing-attribute", element, element="participating-org", attribute="@role"
            )
        return
    ref = cut((element.get("ref") or "").strip(), 200)
    if ref:
        ctx.org_refs.add(ref)
    ctx.record.participations.append(
        ParticipationRecord(
            role=role,
            printed_name=cut(narrative.first_text(element), 500),
            ref=ref,
            org_type=ctx.code("OrganisationType", element, element.get("type"))[:4],
            crs_channel_code=(element.get("crs-channel-code") or "")[:10],
        )
    )


READERS: dict[str, Reader] = {"participating-org": read_participating_org}


def write_participating_org(
    xf: etree._IncrementalFileWriter, *, role: str, ref: str, org_type: str, name: str
) -> None:
    attrs = {"role": role}
    if ref:
        attrs["ref"] = ref
    if org_type:
        attrs["type"] = org_type
    with xf.element("participating-org", attrs):
        if name:
            with xf.element("narrative"):
                xf.write(name)
