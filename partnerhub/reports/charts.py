"""One chart specification (Vega-Lite, written with Altair) for the page, the exports and the PDF.

Charts are rendered on the server by vl-convert, so the page, the SVG and PNG downloads and the
annual report's PDF draw the same picture from the same specification, and nothing loads a
script from anywhere. Each chart is drawn from a :class:`ChartData`, the labelled rows of a table
that the page also prints under the chart.
"""

from __future__ import annotations

import base64
import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import altair as alt
import vl_convert as vlc

FONT = "Noto Sans CJK TC"
COLOUR = "#1d5b8f"


@dataclass(frozen=True)
class ChartRow:
    key: str
    label: str
    amount: Decimal
    activities: int
    href: str = ""


@dataclass
class ChartData:
    """A titled table of labelled amounts; the chart, the table and the CSV all read it."""

    slug: str
    title: str
    amount_title: str
    count_title: str
    label_title: str
    rows: list[ChartRow] = field(default_factory=list)
    kind: str = "bar"  # "bar" (horizontal, sorted) or "column" (in order, such as years)

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["key", self.label_title, self.amount_title, self.count_title])
        for row in self.rows:
            writer.writerow([row.key, row.label, f"{row.amount:.2f}", row.activities])
        return out.getvalue()


def chart_spec(data: ChartData, *, width: int = 520, limit: int = 15) -> dict[str, Any]:
    """The Vega-Lite specification of a chart (the largest ``limit`` rows of a bar chart)."""
    rows = data.rows if data.kind == "column" else data.rows[:limit]
    values = [{"label": r.label, "amount": float(r.amount)} for r in rows]
    base = alt.Chart(title=data.title)
    if data.kind == "column":
        chart = base.mark_bar(color=COLOUR).encode(
            x=alt.X("label:O", title=data.label_title, sort=None),
            y=alt.Y("amount:Q", title=data.amount_title, axis=alt.Axis(format=",.0f")),
        )
    else:
        chart = base.mark_bar(color=COLOUR).encode(
            x=alt.X("amount:Q", title=data.amount_title, axis=alt.Axis(format=",.0f")),
            y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=220)),
        )
    height = 24 * max(len(values), 1) if data.kind != "column" else 220
    spec: dict[str, Any] = chart.properties(width=width, height=height).to_dict()
    spec["data"] = {"values": values}
    spec["config"] = {
        "font": FONT,
        "view": {"stroke": None},
        "title": {"anchor": "start", "fontSize": 14},
        "axis": {"labelFontSize": 11, "titleFontSize": 11},
    }
    return spec


def chart_svg(data: ChartData, **options: Any) -> str:
    svg: str = vlc.vegalite_to_svg(chart_spec(data, **options))
    return svg


def chart_png(data: ChartData, **options: Any) -> bytes:
    png: bytes = vlc.vegalite_to_png(chart_spec(data, **options), scale=2)
    return png


def svg_data_uri(svg: str) -> str:
    """An SVG as a data URI, for an ``<img>`` whose ``alt`` names the table that follows it."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
