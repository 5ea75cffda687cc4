"""The Excel round trip for budget lines and indicators, and the exports of a call's applications.

A template carries the current rows under bilingual headers; an uploaded workbook is read into
records and a list of problems, each naming its sheet and cell in both languages, so the preview
can show every error at once and nothing is written until the applicant commits.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from partnerhub.grants.models import Application, ResultLevel
from partnerhub.grants.records import BudgetLineRecord, IndicatorRecord

BUDGET_SHEET = "Budget 預算"
INDICATOR_SHEET = "Indicators 指標"
BUDGET_HEADERS = ("Item 項目", "Amount 金額", "Currency 幣別")
INDICATOR_HEADERS = (
    "Level 層級 (output/outcome)",
    "Result 成果",
    "Indicator 指標",
    "Unit 單位",
    "Baseline 基準值",
    "Target 目標值",
    "Means of verification 驗證方式",
)
MAX_ROWS = 500


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    cell: str
    message_en: str
    message_zh: str

    def message(self, language: str | None) -> str:
        return self.message_en if (language or "").startswith("en") else self.message_zh


@dataclass
class SheetPreview:
    budget: list[BudgetLineRecord] = field(default_factory=list)
    indicators: list[IndicatorRecord] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)


def template_workbook(application: Application) -> bytes:
    """A workbook with the application's current budget lines and indicators."""
    book = Workbook()
    budget = book.active
    assert budget is not None
    budget.title = BUDGET_SHEET
    budget.append(BUDGET_HEADERS)
    for b in application.budget.all():
        budget.append([b.item, float(b.amount), b.currency])
    indicators = book.create_sheet(INDICATOR_SHEET)
    indicators.append(INDICATOR_HEADERS)
    for i in application.indicators.all():
        indicators.append(
            [i.level, i.result, i.indicator, i.unit, float(i.baseline), float(i.target),
             i.means_of_verification]
        )  # fmt: skip
    for sheet in (budget, indicators):
        for column in range(1, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 28
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    try:
        number = Decimal(_text(value).replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not number.is_finite():
        raise ValueError(value)
    return number


def _rows(sheet: Any) -> Iterable[tuple[int, tuple[Any, ...]]]:
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), 2):
        if number > MAX_ROWS + 1:
            break
        if any(_text(v) for v in row):
            yield number, row


def _read_budget(sheet: Any, preview: SheetPreview) -> None:
    for n, row in _rows(sheet):
        item, amount, currency = (list(row) + [None] * 3)[:3]
        ok = True
        if not _text(item):
            preview.problems.append(
                CellProblem(BUDGET_SHEET, f"A{n}", "The item is empty.", "項目未填寫。")
            )
            ok = False
        try:
            value = _number(amount)
            if value < 0:
                raise ValueError(amount)
        except ValueError:
            preview.problems.append(
                CellProblem(
                    BUDGET_SHEET, f"B{n}",
                    f"{_text(amount) or 'empty'} is not an amount of zero or more.",
                    f"「{_text(amount) or '空白'}」不是零或正數的金額。",
                )
            )  # fmt: skip
            ok = False
        code = _text(currency).upper()
        if len(code) != 3 or not code.isalpha():
            preview.problems.append(
                CellProblem(
                    BUDGET_SHEET, f"C{n}",
                    f"{_text(currency) or 'empty'} is not a three-letter currency code.",
                    f"「{_text(currency) or '空白'}」不是三個字母的幣別代碼。",
                )
            )  # fmt: skip
            ok = False
        if ok:
            preview.budget.append(BudgetLineRecord(_text(item)[:300], value, code))


def _read_indicators(sheet: Any, preview: SheetPreview) -> None:
    for n, row in _rows(sheet):
        level, result, indicator, unit, baseline, target, means = (list(row) + [None] * 7)[:7]
        ok = True
        if _text(level).lower() not in ResultLevel.values:
            preview.problems.append(
                CellProblem(INDICATOR_SHEET, f"A{n}", "Write output or outcome.",
                            "請填 output（產出）或 outcome（成效）。")
            )  # fmt: skip
            ok = False
        for letter, value, en, zh in (
            ("B", result, "The result is empty.", "成果未填寫。"),
            ("C", indicator, "The indicator is empty.", "指標未填寫。"),
            ("D", unit, "The unit is empty.", "單位未填寫。"),
        ):
            if not _text(value):
                preview.problems.append(CellProblem(INDICATOR_SHEET, f"{letter}{n}", en, zh))
                ok = False
        numbers = []
        for letter, value in (("E", baseline if _text(baseline) else 0), ("F", target)):
            try:
                numbers.append(_number(value))
            except ValueError:
                preview.problems.append(
                    CellProblem(
                        INDICATOR_SHEET, f"{letter}{n}",
                        f"{_text(value) or 'empty'} is not a number.",
                        f"「{_text(value) or '空白'}」不是數字。",
                    )
                )  # fmt: skip
                ok = False
        if ok:
            preview.indicators.append(
                IndicatorRecord(
                    _text(level).lower(), _text(result)[:300], _text(indicator)[:300],
                    _text(unit)[:60], numbers[0], numbers[1], _text(means)[:300],
                )
            )  # fmt: skip


def read_workbook(stream: IO[bytes]) -> SheetPreview:
    """Every row of both sheets, with a problem for each bad cell; nothing is written."""
    preview = SheetPreview()
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        preview.problems.append(
            CellProblem("", "", "The file is not an Excel workbook (.xlsx).", "檔案不是 Excel 活頁簿（.xlsx）。")
        )  # fmt: skip
        return preview
    for name, reader in ((BUDGET_SHEET, _read_budget), (INDICATOR_SHEET, _read_indicators)):
        if name not in book.sheetnames:
            preview.problems.append(
                CellProblem(name, "", f"The sheet {name} is missing.", f"缺少工作表「{name}」。")
            )
            continue
        reader(book[name], preview)
    book.close()
    return preview


# ---- Exports of a call's applications -------------------------------------------------------

EXPORT_COLUMNS = (
    "reference", "organisation", "title_zh", "title_en", "state", "submitted_at",
    "budget_total", "currency", "countries", "sectors", "sdgs", "planned_start", "planned_end",
    "mean_weighted_score", "activity",
)  # fmt: skip


def export_rows(
    applications: Sequence[Application], scores: dict[int, Decimal | None]
) -> list[list[str]]:
    rows = []
    for a in applications:
        total = sum((b.amount for b in a.budget.all()), Decimal(0))
        rows.append(
            [
                a.reference, a.organisation.name, a.title_zh, a.title_en, a.state,
                a.submitted_at.isoformat() if a.submitted_at else "", str(total), a.currency,
                " ".join(f"{c['code']}:{c.get('percentage') or ''}" for c in a.countries),
                " ".join(f"{s['code']}:{s.get('percentage') or ''}" for s in a.sectors),
                " ".join(a.sdgs), str(a.planned_start or ""), str(a.planned_end or ""),
                str(scores.get(a.pk) or ""), a.activity.iati_identifier if a.activity else "",
            ]
        )  # fmt: skip
    return rows


def export_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "applications"
    sheet.append(list(EXPORT_COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
