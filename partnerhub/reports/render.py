"""Renderers of the annual report's data object: HTML, PDF (WeasyPrint) and the XLSX annex.

The renderers read only the frozen data (never the database), so every output of a version shows
the same figures, and an issued version renders the same way after the records change.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from partnerhub.reports.charts import ChartData, ChartRow, chart_svg, svg_data_uri

#: Tables drawn as charts too (the others are tables only).
CHARTED = ("organisation-type", "region", "country", "sdg")


def list_path(query: dict[str, str] | None) -> str:
    return f"{reverse('portal:activities')}?{urlencode(query)}" if query is not None else ""


def _chart(table: dict[str, Any], language: str, amount_title: str) -> str:
    rows = [
        ChartRow(r["key"], r["label"][language], Decimal(r["amount"]), r["activities"])
        for r in table["rows"]
        if Decimal(r["amount"]) > 0
    ]
    data = ChartData(
        slug=table["slug"],
        title=table["title"][language],
        amount_title=amount_title,
        count_title="",
        label_title="",
        rows=rows,
    )
    return svg_data_uri(chart_svg(data, width=420, limit=12))


def report_context(data: dict[str, Any], language: str, *, version: int = 0) -> dict[str, Any]:
    """What the report templates read, for one language."""
    with translation.override(language):
        amount_title = "美元" if language == "zh-hant" else "US$"
        tables = [
            {
                **t,
                "href": list_path(t["query"]),
                "chart": _chart(t, language, amount_title) if t["slug"] in CHARTED else "",
                "rows": [{**r, "href": list_path(r["query"])} for r in t["rows"]],
            }
            for t in data["tables"]
        ]
    return {
        "data": data,
        "lang": language,
        "version": version,
        "tables": tables,
        "sections": [
            (s, [t for t in tables if t["section"] == s])
            for s in ("organisations", "geography", "sdg")
        ],
        "href": list_path(data["query"]),
        "activity_path": reverse("portal:activities"),
    }


def report_html(data: dict[str, Any], language: str, *, version: int = 0) -> str:
    """The report as a standalone HTML document (what the PDF is printed from)."""
    with translation.override(language):
        return render_to_string(
            "reports/annual_pdf.html", report_context(data, language, version=version)
        )


def report_pdf(data: dict[str, Any], language: str, *, version: int = 0) -> bytes:
    """The report as PDF, with page numbers, a table of contents and the charts."""
    from weasyprint import HTML  # imported here: loading Pango is slow and only PDFs need it

    html = report_html(data, language, version=version)
    pdf: bytes = HTML(string=html, base_url=".").write_pdf()
    return pdf


def annex_xlsx(data: dict[str, Any]) -> bytes:
    """Every activity of the report and every table, in both languages, as one workbook."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Annex 附錄"
    sheet.append(
        ["id", "IATI identifier", "名稱", "Title", "countries 國家", "SDGs", "start 開始",
         "end 結束", f"{data['year']} USD", "source 來源"]
    )  # fmt: skip
    for row in data["annex"]:
        sheet.append(
            [row["id"], row["identifier"], row["title"]["zh-hant"], row["title"]["en"],
             " ".join(row["countries"]), " ".join(str(s) for s in row["sdgs"]), row["start"],
             row["end"], float(row["amount"]), row["source"]]
        )  # fmt: skip
    for table in data["tables"]:
        tab = book.create_sheet(table["slug"][:31])
        tab.append(
            ["key", table["title"]["zh-hant"], table["title"]["en"], "USD", "activities", "list"]
        )
        for r in table["rows"]:
            tab.append(
                [r["key"], r["label"]["zh-hant"], r["label"]["en"], float(r["amount"]),
                 r["activities"], list_path(r["query"])]
            )  # fmt: skip
        tab.append(
            [
                "",
                "總計",
                "Total",
                float(table["amount"]),
                table["activities"],
                list_path(table["query"]),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
