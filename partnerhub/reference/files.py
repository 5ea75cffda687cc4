"""Readers for the reference data files: each returns plain rows or raises ``SourceError``.

Nothing here touches the database, so a missing or malformed file is found before any write
begins. Every error names the file (and the line, for the project's CSV files) in zh-Hant and
English.

    SourceError          a file that is missing, unreadable or malformed (from core.exceptions)
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from partnerhub.core.exceptions import SourceError
from partnerhub.core.text import to_traditional

#: The project-owned data files, edited by hand and kept with the code.
DATA_DIR = Path(__file__).resolve().parent / "data"

RELATIONSHIP_STATUSES = ("ally", "like-minded", "new-southbound", "friendly")

_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_GOAL_KEY = re.compile(r"^(\d+)-(title|short)$")
_TARGET_KEY = re.compile(r"^(\d+)-([0-9a-z]+)-title$")


@dataclass(frozen=True)
class Row:
    """One record to upsert: its natural key, its other field values and where it came from."""

    key: tuple[Any, ...]
    fields: dict[str, Any]
    origin: str = ""
    line: int | None = None


@dataclass(frozen=True)
class CountryNames:
    """One line of countries_zh.csv."""

    code: str
    name_zh: str
    aliases: list[str] = field(default_factory=list)
    region: str = ""
    name_en: str = ""
    note: str = ""
    line: int = 0


@dataclass(frozen=True)
class SdgTexts:
    """Goals (number -> fields) and targets (``3.1`` -> fields), in both languages."""

    goals: dict[int, dict[str, str]]
    targets: dict[str, dict[str, str]]


def problem(path: Path, en: str, zh: str, line: int | None = None) -> SourceError:
    """A ``SourceError`` that names the file, and the line when there is one."""
    where = f"{path}:{line}" if line else str(path)
    return SourceError(f"{where}: {en}", f"{where}：{zh}", field=str(path))


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise problem(path, "file not found", "找不到檔案")
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise problem(
            path, f"cannot be read as UTF-8 ({exc})", f"無法以 UTF-8 讀取（{exc}）"
        ) from exc


def read_csv(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data line; ``#`` lines and blank lines are comments."""
    lines = [(n, t) for n, t in enumerate(_read_text(path).splitlines(), 1) if t.strip()]
    lines = [(n, t) for n, t in lines if not t.lstrip().startswith("#")]
    if not lines:
        raise problem(path, "no header line", "缺少標題列")
    header_line, header_text = lines[0]
    header = [h.strip() for h in next(csv.reader([header_text]))]
    missing = [c for c in columns if c not in header]
    if missing:
        raise problem(
            path,
            f"missing column(s) {', '.join(missing)}",
            f"缺少欄位 {', '.join(missing)}",
            header_line,
        )
    for number, text in lines[1:]:
        values = next(csv.reader([text]))
        if len(values) > len(header):
            raise problem(path, "more values than columns", "欄位數超過標題列", number)
        padded = [v.strip() for v in values] + [""] * (len(header) - len(values))
        yield number, dict(zip(header, padded, strict=True))


def _date(path: Path, line: int, name: str, text: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise problem(
            path,
            f"{name} {text!r} is not a date (YYYY-MM-DD)",
            f"{name}「{text}」不是日期（YYYY-MM-DD）",
            line,
        ) from exc


def _required(path: Path, line: int, row: dict[str, str], name: str) -> str:
    if not row[name]:
        raise problem(path, f"{name} is empty", f"{name} 欄位空白", line)
    return row[name]


def _no_duplicate(seen: dict[Any, int], key: Any, path: Path, line: int) -> None:
    if key in seen:
        raise problem(path, f"duplicate of line {seen[key]}", f"與第 {seen[key]} 行重複", line)
    seen[key] = line


def read_codelist_zh(path: Path) -> dict[tuple[str, str], tuple[str, int]]:
    """(codelist, code) -> (zh-Hant name, line) from codelist_zh.csv."""
    names: dict[tuple[str, str], tuple[str, int]] = {}
    seen: dict[Any, int] = {}
    for line, row in read_csv(path, ("codelist", "code", "name_zh")):
        key = (_required(path, line, row, "codelist"), _required(path, line, row, "code"))
        _no_duplicate(seen, key, path, line)
        names[key] = (_required(path, line, row, "name_zh"), line)
    return names


def read_countries_zh(path: Path) -> list[CountryNames]:
    """Every line of countries_zh.csv, checked: codes, names and aliases of two characters or more."""
    rows: list[CountryNames] = []
    seen: dict[Any, int] = {}
    for line, row in read_csv(path, ("code", "name_zh", "aliases")):
        code = _required(path, line, row, "code")
        if not _COUNTRY_CODE.match(code):
            raise problem(
                path,
                f"code {code!r} is not two capital letters",
                f"代碼「{code}」不是兩個大寫字母",
                line,
            )
        _no_duplicate(seen, code, path, line)
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        short = [a for a in aliases if len(a) < 2]
        if short:
            # A one-character alias (美, 日, 澳) would match inside ordinary words.
            raise problem(path, f"alias {short[0]!r} is too short", f"別名「{short[0]}」太短", line)
        rows.append(
            CountryNames(
                code=code,
                name_zh=_required(path, line, row, "name_zh"),
                aliases=aliases,
                region=row.get("region", ""),
                name_en=row.get("name_en", ""),
                note=row.get("note", ""),
                line=line,
            )
        )
    return rows


def read_relationships(path: Path) -> list[Row]:
    """relationships.csv as rows keyed by (country code, status, start)."""
    rows: list[Row] = []
    seen: dict[Any, int] = {}
    for line, row in read_csv(path, ("code", "status", "start", "end", "citation", "note")):
        code = _required(path, line, row, "code")
        status = _required(path, line, row, "status")
        if status not in RELATIONSHIP_STATUSES:
            raise problem(
                path,
                f"status {status!r} is not one of {', '.join(RELATIONSHIP_STATUSES)}",
                f"狀態「{status}」不是 {'、'.join(RELATIONSHIP_STATUSES)} 之一",
                line,
            )
        start = _date(path, line, "start", row["start"])
        end = _date(path, line, "end", row["end"])
        if start and end and end < start:
            raise problem(path, "end is before start", "結束日期早於開始日期", line)
        _no_duplicate(seen, (code, status, start), path, line)
        fields = {"end": end, "citation": row["citation"], "note": row["note"]}
        rows.append(
            Row(key=(code, status, start), fields=fields, origin=f"{path.name}:{line}", line=line)
        )
    return rows


def read_exchange_rates(path: Path) -> list[Row]:
    """A currency,date,per_usd file as rows keyed by (currency, date)."""
    rows: list[Row] = []
    seen: dict[Any, int] = {}
    for line, row in read_csv(path, ("currency", "date", "per_usd")):
        currency = _required(path, line, row, "currency").upper()
        if not _CURRENCY.match(currency):
            raise problem(
                path,
                f"currency {currency!r} is not an ISO 4217 code",
                f"幣別「{currency}」不是 ISO 4217 代碼",
                line,
            )
        day = _date(path, line, "date", _required(path, line, row, "date"))
        try:
            per_usd = Decimal(_required(path, line, row, "per_usd"))
        except InvalidOperation as exc:
            raise problem(path, "per_usd is not a number", "per_usd 不是數字", line) from exc
        if not per_usd.is_finite() or per_usd <= 0:
            raise problem(path, "per_usd must be positive", "per_usd 必須大於零", line)
        _no_duplicate(seen, (currency, day), path, line)
        rows.append(
            Row(
                key=(currency, day),
                fields={"per_usd": per_usd},
                origin=f"{path.name}:{line}",
                line=line,
            )
        )
    return rows


def _json(path: Path) -> Any:
    try:
        return json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise problem(path, f"invalid JSON ({exc})", f"JSON 格式錯誤（{exc}）", exc.lineno) from exc


def read_iati_codelists(iati_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """Every codelist in ``codelists/json/en`` (the IATI generator's output): name -> items."""
    folder = iati_dir / "codelists" / "json" / "en"
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if not files:
        raise problem(folder, "no IATI codelist JSON files found", "找不到 IATI 代碼表 JSON 檔")
    codelists: dict[str, list[dict[str, Any]]] = {}
    for path in files:
        document = _json(path)
        try:
            name = str(document["attributes"]["name"])
            items = [dict(item) for item in document["data"]]
            if any(not isinstance(item.get("code"), str) or not item["code"] for item in items):
                raise ValueError("an item without a code")
        except (KeyError, TypeError, ValueError) as exc:
            raise problem(
                path,
                f"not an IATI codelist (attributes.name and data[].code expected: {exc})",
                f"不是 IATI 代碼表（需要 attributes.name 與 data[].code：{exc}）",
            ) from exc
        # Upstream FileFormat repeats two MIME types verbatim; the first of each code is kept.
        unique: dict[str, dict[str, Any]] = {}
        for item in items:
            unique.setdefault(item["code"], item)
        codelists[name] = list(unique.values())
    return codelists


def _yaml(path: Path) -> dict[str, str]:
    try:
        data = yaml.safe_load(_read_text(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise problem(
            path,
            f"invalid YAML ({exc})",
            f"YAML 格式錯誤（{exc}）",
            mark.line + 1 if mark else None,
        ) from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise problem(path, "expected a mapping of keys to texts", "應為「鍵：文字」的對照表")
    return {str(k): v.strip() for k, v in data.items()}


def read_sdg(sdg_dir: Path) -> SdgTexts:
    """The 17 goals and 169 targets, English and zh-Hant (converted from the UN's zh-Hans)."""
    goals: dict[int, dict[str, str]] = {}
    targets: dict[str, dict[str, str]] = {}
    for lang in ("en", "zh"):
        prefix = "en" if lang == "en" else "zh-Hans"
        convert = (lambda s: s) if lang == "en" else to_traditional
        for key, text in _yaml(sdg_dir / f"{prefix}-global_goals.yml").items():
            if m := _GOAL_KEY.match(key):
                goals.setdefault(int(m[1]), {})[f"{m[2]}_{lang}"] = convert(text)
        for key, text in _yaml(sdg_dir / f"{prefix}-global_targets.yml").items():
            if m := _TARGET_KEY.match(key):
                code = f"{m[1]}.{m[2]}"
                targets.setdefault(code, {"goal": m[1]})[f"title_{lang}"] = convert(text)
    goals = {n: g for n, g in goals.items() if g.get("title_en")}
    if sorted(goals) != list(range(1, 18)):
        raise problem(
            sdg_dir / "en-global_goals.yml",
            f"expected goals 1-17 with English titles, found {sorted(goals)}",
            f"應有目標 1 至 17 的英文標題，實得 {sorted(goals)}",
        )
    targets = {c: t for c, t in targets.items() if t.get("title_en")}
    strays = sorted(c for c, t in targets.items() if int(t["goal"]) not in goals)
    if strays or not targets:
        raise problem(
            sdg_dir / "en-global_targets.yml",
            f"targets missing or outside goals 1-17: {strays}",
            f"細項目標缺漏或不屬於目標 1 至 17：{strays}",
        )
    return SdgTexts(goals=goals, targets=targets)


def target_sort_key(code: str) -> tuple[int, int, int, str]:
    """3.1 < 3.9 < 3.10 < 3.a: numbered targets first, then the lettered means of implementation."""
    goal, _, part = code.partition(".")
    return (int(goal), 1 if part.isalpha() else 0, int(part) if part.isdigit() else 0, part)
