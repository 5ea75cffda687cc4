"""Problems are data: the bilingual catalogue of what can go wrong in an IATI file.

Every reader reports through :class:`ProblemSink` with a code from :data:`CATALOGUE`; the
importer turns the collected problems into :class:`~partnerhub.iati.models.ImportProblem` rows
and the validator prints them. Messages name the file, line and element they concern. The
mechanism (``Problem``, ``Catalogue``, ``ProblemSink``) is core's (``partnerhub.core.problems``);
the names here stay as they were for the readers and the importer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from partnerhub.core.problems import Catalogue, Problem
from partnerhub.core.problems import ProblemSink as _ProblemSink

__all__ = ["CATALOGUE", "Problem", "ProblemSink", "make_problem"]

#: code -> (severity, English template, zh-Hant template). Templates use ``str.format`` fields.
CATALOGUE = Catalogue(
    {
        "hostile-xml": (
            "error",
            "The file declares a DOCTYPE with {what}; it was refused without expanding anything.",
            "檔案宣告含有{what_zh}的 DOCTYPE，已拒絕處理，未展開任何實體。",
        ),
        "malformed-xml": (
            "error",
            "The file is not well-formed XML: {detail}. Nothing from it was imported.",
            "檔案不是格式正確的 XML：{detail}。此檔案的內容均未匯入。",
        ),
        "encoding-fallback": (
            "warning",
            "The file is not valid {declared}; it was read as {used} instead.",
            "檔案並非有效的 {declared} 編碼，已改以 {used} 讀取。",
        ),
        "no-activities": (
            "warning",
            "The file holds no iati-activity element.",
            "檔案中沒有任何 iati-activity 元素。",
        ),
        "missing-version": (
            "info",
            "The file has no version attribute; read as IATI {assumed}.",
            "檔案未標示 version 屬性，以 IATI {assumed} 版讀取。",
        ),
        "unknown-version": (
            "warning",
            "Unknown IATI version {version!r}; read as {assumed}.",
            "未知的 IATI 版本 {version!r}，以 {assumed} 版讀取。",
        ),
        "missing-identifier": (
            "error",
            "The activity has no iati-identifier; it was skipped.",
            "此活動缺少 iati-identifier，已略過。",
        ),
        "duplicate-identifier": (
            "warning",
            "The identifier {identifier!r} appears twice in the file, on lines {first} and "
            "{second}; {outcome}",
            "識別碼 {identifier!r} 在檔案中出現兩次（第 {first} 行與第 {second} 行）；{outcome_zh}",
        ),
        "bad-date": (
            "warning",
            "{element}: {value!r} is not a date (YYYY-MM-DD); it was left empty.",
            "{element}：{value!r} 不是日期（YYYY-MM-DD），已留空。",
        ),
        "bad-number": (
            "warning",
            "{element}: {value!r} is not a number; the element was skipped.",
            "{element}：{value!r} 不是數字，已略過此元素。",
        ),
        "bad-code": (
            "warning",
            "{element}: {value!r} is not a known code of {codelist}.",
            "{element}：{value!r} 不是 {codelist} 代碼表中的代碼。",
        ),
        "legacy-code": (
            "info",
            "{element}: the 1.0x value {value!r} was read as code {code}.",
            "{element}：1.0x 版的值 {value!r} 已轉換為代碼 {code}。",
        ),
        "missing-currency": (
            "warning",
            "{element}: no currency and no default-currency; the amount is kept without one and "
            "left out of the export (rule 7.8.1).",
            "{element}：未標示幣別，活動也無預設幣別；金額保留但無幣別，匯出時不含此金額（規則 7.8.1）。",
        ),
        "missing-attribute": (
            "warning",
            "{element}: the required attribute {attribute} is missing.",
            "{element}：缺少必要屬性 {attribute}。",
        ),
        "too-long": (
            "warning",
            "{element}: the text is longer than {limit} characters and was cut.",
            "{element}：文字超過 {limit} 個字元，已截斷。",
        ),
        "activity-failed": (
            "error",
            "The activity could not be read ({detail}); it was skipped.",
            "無法讀取此活動（{detail}），已略過。",
        ),
        "import-failed": (
            "error",
            "The import stopped: {detail}. Nothing from this file was written.",
            "匯入中止：{detail}。此檔案的內容均未寫入。",
        ),
        "xsd": ("error", "Schema: {detail}", "結構描述（XSD）：{detail}"),
        "codelist": (
            "error",
            "{element}: {value!r} is not in codelist {codelist}.",
            "{element}：{value!r} 不在代碼表 {codelist} 中。",
        ),
        "rule": ("error", "Rule {rule}: {detail}", "規則 {rule}：{detail}"),
        "unsafe-url": (
            "warning",
            "{element}: {value!r} is not an http, https or ftp address; it is kept as text, not as a link.",
            "{element}：{value!r} 不是 http、https 或 ftp 網址，僅保留為文字，不作為連結。",
        ),
        "derived-identifier": (
            "warning",
            "The activity has no iati-identifier; it was imported as {identifier!r} ({how}).",
            "此活動缺少 iati-identifier，已以 {identifier!r} 匯入（{how_zh}）。",
        ),
        "duplicate-activity": (
            "warning",
            "The activity {identifier!r} is also published in dataset {other!r}; {outcome}",
            "活動 {identifier!r} 也發布於資料集 {other!r}；{outcome_zh}",
        ),
        "dataset-renamed": (
            "info",
            "This file was imported before as dataset {old!r}; that dataset is now {new!r}.",
            "此檔案先前以資料集 {old!r} 匯入，該資料集現改名為 {new!r}。",
        ),
        "empty-file": (
            "error",
            "The file is empty (0 bytes); nothing was imported.",
            "檔案是空的（0 位元組），未匯入任何內容。",
        ),
        "exported-without": (
            "warning",
            "{element}: {reason}; it is kept out of the export.",
            "{element}：{reason_zh}；匯出時不含此元素。",
        ),
        "exported-changed": (
            "info",
            "{element}: {reason}; the export writes {how}.",
            "{element}：{reason_zh}；匯出時{how_zh}。",
        ),
        "text-truncated": (
            "warning",
            "{element}: a text of {size} characters was cut to {limit} characters.",
            "{element}：長度 {size} 個字元的文字已截斷為 {limit} 個字元。",
        ),
    }
)


def make_problem(
    code: str, /, *, line: int | None = None, xpath: str = "", **fields: Any
) -> Problem:
    """A problem from the catalogue, its messages filled in with ``fields``."""
    return CATALOGUE.make(code, line=line, xpath=xpath, **fields)


@dataclass
class ProblemSink(_ProblemSink):
    """Collects the problems of one IATI file, from :data:`CATALOGUE`."""

    catalogue: Catalogue = field(default_factory=lambda: CATALOGUE)
