"""The catalogue of what the seed loader reports (see ``partnerhub.core.problems``).

Extractors describe a line they cannot read in their own words (``seeds.base.Problem``, with both
languages); the loader reports those under ``unreadable``, and its own findings (a country name
it cannot place, an organisation it cannot write, a missing document) under their codes here.
"""

from __future__ import annotations

from partnerhub.core.problems import Catalogue

CATALOGUE = Catalogue(
    {
        "missing-extractor": (
            "error",
            "The extractor {module} is not available; table {table} was skipped.",
            "找不到擷取程式 {module}，已略過資料表 {table}。",
        ),
        "missing-file": (
            "error",
            "No seed document matches {pattern} in {folder}.",
            "在 {folder} 中找不到符合 {pattern} 的種子文件。",
        ),
        "unknown-country": (
            "warning",
            "Unknown country name 「{name}」; not linked.",
            "無法辨識的國家名稱「{name}」，未連結。",
        ),
        # Refusals from the organisation services carry their own bilingual reason.
        "organisation": ("warning", "{reason_en}", "{reason_zh}"),
        "organisation-alias": ("warning", "{reason_en}", "{reason_zh}"),
        "unreadable": ("warning", "{reason_en}", "{reason_zh}"),
        # Two tables of one document that disagree (Appendix 4 against Appendix 3).
        "cross-check": ("warning", "{reason_en}", "{reason_zh}"),
    }
)
