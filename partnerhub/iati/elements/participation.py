"""participating-org: who funds, is accountable for, extends and implements an activity."""

from __future__ import annotations

from lxml import etree

from partnerhub.activities.records import ParticipationRecord
from partnerhub.iati.codecase import codes
from partnerhub.iati.elements import ReadContext, Reader, collect, cut, narrative


def read_participating_org(element: etree._Element, ctx: ReadContext) -> ParticipationRecord | None:
    role = ctx.code("OrganisationRole", element, element.get("role"))
    if role not in {"1", "2", "3", "4"}:
        if not role:
            ctx.problem(
                "missing-attribute", element, element="participating-org", attribute="@role"
            )
        return None
    ref = cut((element.get("ref") or "").strip(), 200)
    name = cut(narrative.first_text(element), 500)
    if not ref and not name:
        # Rule 6.10.1: a participant needs an identifier or a name; this one says nothing.
        ctx.problem(
            "exported-without",
            element,
            element="participating-org",
            reason="it has neither @ref nor a name (rule 6.10.1)",
            reason_zh="既無 @ref 也無名稱（規則 6.10.1）",
        )
        return None
    if ref:
        ctx.org_refs.add(ref)
    return ParticipationRecord(
        role=role,
        printed_name=name,
        ref=ref,
        org_type=ctx.code("OrganisationType", element, element.get("type"))[:4],
        crs_channel_code=_channel(element, ctx),
    )


def _channel(element: etree._Element, ctx: ReadContext) -> str:
    code = (element.get("crs-channel-code") or "").strip()[:10]
    known = codes("CRSChannelCode")
    if code and known and code not in known:
        ctx.problem(
            "exported-without",
            element,
            element="participating-org/@crs-channel-code",
            reason=f"{code!r} is not in the CRSChannelCode codelist",
            reason_zh=f"{code!r} 不在 CRSChannelCode 代碼表中",
        )
        return ""
    return code


READERS: dict[str, Reader] = {
    "participating-org": collect(read_participating_org, "participations")
}


def write_participating_org(
    xf: etree._IncrementalFileWriter, participation: ParticipationRecord
) -> None:
    attrs = {"role": participation.role}
    if participation.ref:
        attrs["ref"] = participation.ref
    if participation.org_type:
        attrs["type"] = participation.org_type
    if participation.crs_channel_code:
        attrs["crs-channel-code"] = participation.crs_channel_code
    with xf.element("participating-org", attrs):
        if participation.printed_name:
            with xf.element("narrative"):
                xf.write(participation.printed_name)
