"""activity-date: planned and actual start and end (1.0x types are words, 2.0x codes)."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from partnerhub.iati.elements import ReadContext, Reader

_FIELDS = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}


def read_activity_date(element: etree._Element, ctx: ReadContext) -> None:
    kind = ctx.code("ActivityDateType", element, element.get("type"))
    name = _FIELDS.get(kind)
    if name is None:
        ctx.problem("missing-attribute", element, element="activity-date", attribute="@type")
        return
    day = ctx.date(element)
    if day is not None:
        setattr(ctx.record, name, day)


READERS: dict[str, Reader] = {"activity-date": read_activity_date}


def write_dates(xf: etree._IncrementalFileWriter, dates: dict[str, dt.date | None]) -> None:
    """Write the known dates; ``dates`` maps a field name (``planned_start``...) to a date."""
    for code, name in _FIELDS.items():
        day = dates.get(name)
        if day is not None:
            xf.write(etree.Element("activity-date", type=code, **{"iso-date": day.isoformat()}))
