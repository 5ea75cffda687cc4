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

#: (field, why, why in Chinese) for each date the export leaves out.
Omission = tuple[str, str, str]


def date_omissions(dates: dict[str, dt.date | None], *, today: dt.date) -> list[Omission]:
    """The dates an export leaves out: an actual date still to come (rules 11.1.4/11.1.5), and
    an end before its start (rules 11.1.2/11.1.3; the end goes, as which is wrong is unknown)."""
    out: list[Omission] = []
    for name in ("actual_start", "actual_end"):
        day = dates.get(name)
        if day is not None and day > today:
            out.append(
                (name, f"the actual date {day} is after {today}", f"實際日期 {day} 晚於 {today}")
            )
    gone = {name for name, _en, _zh in out}
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        first, last = dates.get(start), dates.get(end)
        if start in gone or end in gone or first is None or last is None or last >= first:
            continue
        out.append(
            (
                end,
                f"it ends ({last}) before it starts ({first})",
                f"結束日（{last}）早於開始日（{first}）",
            )
        )
    return out


def exportable_dates(
    dates: dict[str, dt.date | None], *, today: dt.date
) -> dict[str, dt.date | None]:
    """``dates`` without those an export leaves out (see :func:`date_omissions`)."""
    dropped = {name for name, _en, _zh in date_omissions(dates, today=today)}
    return {k: (None if k in dropped else v) for k, v in dates.items()}


def report_date_omissions(activity: etree._Element, ctx: ReadContext) -> None:
    """After an activity's dates are read: a problem row for each date the export leaves out."""
    r = ctx.record
    known = {name: getattr(r, name) for name in _FIELDS.values()}
    if not any(known.values()):
        return
    # The clock is read only when a date could be in the future or the order is wrong.
    if (
        r.actual_start is None
        and r.actual_end is None
        and not (r.planned_start and r.planned_end and r.planned_end < r.planned_start)
    ):
        return
    for name, why, why_zh in date_omissions(known, today=dt.date.today()):
        code = next(c for c, n in _FIELDS.items() if n == name)
        ctx.problem(
            "exported-without",
            activity,
            element=f"activity-date[@type={code}]",
            reason=why,
            reason_zh=why_zh,
        )


def write_dates(xf: etree._IncrementalFileWriter, dates: dict[str, dt.date | None]) -> None:
    """Write the known dates; ``dates`` maps a field name (``planned_start``...) to a date."""
    for code, name in _FIELDS.items():
        day = dates.get(name)
        if day is not None:
            xf.write(etree.Element("activity-date", type=code, **{"iso-date": day.isoformat()}))
