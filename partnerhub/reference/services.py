"""Writes for reference data: ``reference_load`` upserts codelists, countries, relationships,
SDG texts and exchange rates from files, all in one transaction.

Every file is read and checked before the first write, and the writes share one transaction, so a
missing or malformed file leaves the database exactly as it was. Rows are matched on their natural
keys and only new or changed rows are written, so a second run writes nothing. Rows that have left
a file are kept: the database may hold entries added by administrators.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from partnerhub.core.exceptions import InvalidInput, SourceError
from partnerhub.core.services import editable_fields, row_create, row_delete, row_update
from partnerhub.reference import files
from partnerhub.reference.files import DATA_DIR, Row, problem
from partnerhub.reference.models import (
    CodelistItem,
    Country,
    CountryRelationship,
    ExchangeRate,
    SdgGoal,
    SdgTarget,
)
from partnerhub.reference.rates import usd_value

__all__ = [
    "KINDS",
    "KindSummary",
    "LoadReport",
    "country_relationship_create",
    "country_relationship_delete",
    "country_relationship_update",
    "exchange_rate_create",
    "exchange_rate_delete",
    "exchange_rate_update",
    "reference_load",
    "usd_value",
]

#: The kinds of reference data, in load order (relationships need countries).
KINDS = ("codelists", "countries", "relationships", "sdg", "exchange-rates")

# Codes IATI adds to ISO 3166 in the user-assigned range (XK Kosovo) are not ISO codes.
_USER_ASSIGNED = re.compile(r"^X[A-Z]$")


@dataclass
class KindSummary:
    """What one kind of reference data did: rows created, updated and left as they were."""

    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    details: list[str] = field(default_factory=list)

    def add(self, other: KindSummary) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged

    def line(self) -> str:
        extra = "".join(f"; {d}" for d in self.details)
        return f"{self.kind}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged{extra}"


@dataclass
class LoadReport:
    """The outcome of ``reference_load``: one summary per kind, and whether it was rolled back."""

    summaries: list[KindSummary]
    dry_run: bool = False

    def lines(self) -> list[str]:
        suffix = " (dry run, nothing saved)" if self.dry_run else ""
        return [s.line() + suffix for s in self.summaries]

    def created(self) -> int:
        return sum(s.created for s in self.summaries)


@dataclass
class _Plan:
    """Everything read from the files, ready to write."""

    codelists: list[Row] = field(default_factory=list)
    codelist_count: int = 0
    countries: list[Row] = field(default_factory=list)
    countries_without_zh: list[str] = field(default_factory=list)
    relationships: list[Row] = field(default_factory=list)
    relationships_file: Path | None = None
    goals: list[Row] = field(default_factory=list)
    targets: list[Row] = field(default_factory=list)
    rates: list[Row] = field(default_factory=list)


def reference_load(
    *,
    iati_dir: Path | None = None,
    sdg_dir: Path | None = None,
    data_dir: Path = DATA_DIR,
    exchange_rates: Path | None = None,
    kinds: Iterable[str] = KINDS,
    dry_run: bool = False,
) -> LoadReport:
    """Load reference data from the IATI and SDG folders and the project's data files."""
    wanted = list(kinds)
    unknown = [k for k in wanted if k not in KINDS]
    if unknown:
        raise InvalidInput(
            f"Unknown kind(s) {', '.join(unknown)}; choose from {', '.join(KINDS)}",
            f"未知的資料種類 {'、'.join(unknown)}；可用 {'、'.join(KINDS)}",
            field="kinds",
        )
    plan = _read_plan(
        iati_dir=Path(iati_dir or settings.PARTNERHUB_IATI_DATA),
        sdg_dir=Path(sdg_dir or settings.PARTNERHUB_SDG_DATA),
        data_dir=data_dir,
        exchange_rates=exchange_rates or data_dir / "exchange_rates.csv",
        kinds=wanted,
    )
    with transaction.atomic():
        summaries = _write_plan(plan, [k for k in KINDS if k in wanted])
        if dry_run:
            transaction.set_rollback(True)
    return LoadReport(summaries=summaries, dry_run=dry_run)


def _read_plan(
    *, iati_dir: Path, sdg_dir: Path, data_dir: Path, exchange_rates: Path, kinds: list[str]
) -> _Plan:
    plan = _Plan()
    sdg = files.read_sdg(sdg_dir) if {"codelists", "sdg"} & set(kinds) else None
    if "codelists" in kinds or "countries" in kinds:
        codelists = files.read_iati_codelists(iati_dir)
        if "codelists" in kinds:
            zh = files.read_codelist_zh(data_dir / "codelist_zh.csv")
            plan.codelists = _codelist_rows(codelists, zh, sdg, data_dir / "codelist_zh.csv")
            plan.codelist_count = len(codelists)
        if "countries" in kinds:
            names = files.read_countries_zh(data_dir / "countries_zh.csv")
            plan.countries, plan.countries_without_zh = _country_rows(
                codelists, names, iati_dir, data_dir / "countries_zh.csv"
            )
    if "relationships" in kinds:
        plan.relationships_file = data_dir / "relationships.csv"
        plan.relationships = files.read_relationships(plan.relationships_file)
    if sdg is not None and "sdg" in kinds:
        plan.goals, plan.targets = _sdg_rows(sdg)
    if "exchange-rates" in kinds:
        plan.rates = files.read_exchange_rates(exchange_rates)
    return plan


def _codelist_rows(
    codelists: dict[str, list[dict[str, Any]]],
    zh: dict[tuple[str, str], tuple[str, int]],
    sdg: files.SdgTexts | None,
    zh_path: Path,
) -> list[Row]:
    names = {key: name for key, (name, _) in zh.items()}
    if sdg is not None:
        # The UN's own Chinese texts name the SDG codes; no hand translation is needed.
        for number, goal in sdg.goals.items():
            if goal.get("title_zh"):
                names.setdefault(("UNSDG-Goals", str(number)), f"目標 {number}. {goal['title_zh']}")
        for code, target in sdg.targets.items():
            if target.get("title_zh"):
                names.setdefault(("UNSDG-Targets", code), target["title_zh"])
    rows = [
        Row(
            key=(codelist, item["code"]),
            fields={
                "name_en": str(item.get("name") or "").strip(),
                "name_zh": names.get((codelist, item["code"]), ""),
                "description": str(item.get("description") or "").strip(),
                "category": str(item.get("category") or ""),
                "withdrawn": item.get("status") == "withdrawn",
            },
            origin=f"{codelist}.json",
        )
        for codelist, items in codelists.items()
        for item in items
    ]
    known = {row.key for row in rows}
    for key, (_, line) in zh.items():
        if key not in known:
            raise problem(
                zh_path,
                f"{key[0]} has no code {key[1]!r} in the IATI codelists",
                f"IATI 代碼表 {key[0]} 沒有代碼「{key[1]}」",
                line,
            )
    return rows


def _english_name(iati_name: str) -> str:
    """IATI's ISO names put the article last ("Gambia (the)"); a display name drops it."""
    return iati_name[: -len(" (the)")] if iati_name.endswith(" (the)") else iati_name


def _country_rows(
    codelists: dict[str, list[dict[str, Any]]],
    names: list[files.CountryNames],
    iati_dir: Path,
    names_path: Path,
) -> tuple[list[Row], list[str]]:
    iati = {str(i["code"]): str(i.get("name") or "") for i in codelists.get("Country", [])}
    if not iati:
        raise problem(
            iati_dir / "codelists/json/en/Country.json",
            "no Country codelist",
            "缺少 Country 代碼表",
        )
    by_code = {n.code: n for n in names}
    regions = {str(i["code"]) for i in codelists.get("Region", [])}
    for entry in names:
        if entry.region and entry.region not in regions:
            raise problem(
                names_path,
                f"region {entry.region!r} is not an IATI Region code",
                f"區域「{entry.region}」不是 IATI 區域代碼",
                entry.line,
            )
    rows: list[Row] = []
    for code in [*iati, *(c for c in by_code if c not in iati)]:
        entry = by_code.get(code) or files.CountryNames(code=code, name_zh="")
        name_en = entry.name_en or _english_name(iati.get(code, ""))
        if not name_en:
            raise problem(
                names_path,
                f"{code} is not an IATI country, so name_en is required",
                f"{code} 不在 IATI 國家代碼表，須填 name_en",
            )
        aliases = list(entry.aliases)
        if code in iati and iati[code] not in (name_en, *aliases):
            aliases.append(iati[code])
        fields = {
            "name_en": name_en,
            "name_zh": entry.name_zh,
            "aliases": aliases,
            "is_iso": code in iati and not _USER_ASSIGNED.match(code),
            "region_code": entry.region,
            "note": entry.note,
        }
        rows.append(Row(key=(code,), fields=fields, origin=names_path.name))
    return rows, sorted(code for code in iati if code not in by_code)


def _sdg_rows(sdg: files.SdgTexts) -> tuple[list[Row], list[Row]]:
    goals = [
        Row(
            key=(number,),
            fields={
                "title_en": g.get("title_en", ""),
                "title_zh": g.get("title_zh", ""),
                "short_en": g.get("short_en", ""),
                "short_zh": g.get("short_zh", ""),
            },
            origin="global_goals.yml",
        )
        for number, g in sorted(sdg.goals.items())
    ]
    targets = [
        Row(
            key=(code,),
            fields={
                "goal": int(t["goal"]),
                "title_en": t["title_en"],
                "title_zh": t.get("title_zh", ""),
            },
            origin="global_targets.yml",
        )
        for code, t in sorted(sdg.targets.items(), key=lambda item: files.target_sort_key(item[0]))
    ]
    return goals, targets


def _write_plan(plan: _Plan, kinds: list[str]) -> list[KindSummary]:
    summaries: list[KindSummary] = []
    if "codelists" in kinds:
        summary = _upsert(CodelistItem, plan.codelists, ("codelist", "code"), "codelists")
        summary.details.append(f"{plan.codelist_count} codelists, {len(plan.codelists)} items")
        summaries.append(summary)
    if "countries" in kinds:
        summary = _upsert(Country, plan.countries, ("code",), "countries")
        missing = plan.countries_without_zh
        summary.details.append(
            f"{len(missing)} without a zh-Hant name"
            + (f" ({', '.join(missing)})" if missing else "")
        )
        summaries.append(summary)
    if "relationships" in kinds:
        summaries.append(_write_relationships(plan))
    if "sdg" in kinds:
        summaries.append(_write_sdg(plan))
    if "exchange-rates" in kinds:
        summary = _upsert(ExchangeRate, plan.rates, ("currency", "date"), "exchange rates")
        summary.details.append(f"{len({r.key[0] for r in plan.rates})} currencies")
        summaries.append(summary)
    return summaries


def _write_relationships(plan: _Plan) -> KindSummary:
    ids = dict(Country.objects.values_list("code", "id"))
    rows: list[Row] = []
    for row in plan.relationships:
        code, status, start = row.key
        if code not in ids:
            path = plan.relationships_file or Path("relationships.csv")
            raise problem(
                path, f"unknown country code {code!r}", f"未知的國家代碼「{code}」", row.line
            )
        rows.append(Row(key=(ids[code], status, start), fields=row.fields, origin=row.origin))
    return _upsert(CountryRelationship, rows, ("country_id", "status", "start"), "relationships")


def _write_sdg(plan: _Plan) -> KindSummary:
    summary = _upsert(SdgGoal, plan.goals, ("number",), "SDG goals/targets")
    goal_ids = dict(SdgGoal.objects.values_list("number", "id"))
    targets = [
        Row(
            key=r.key,
            fields={"goal_id": goal_ids[r.fields["goal"]]}
            | {k: v for k, v in r.fields.items() if k != "goal"},
            origin=r.origin,
        )
        for r in plan.targets
    ]
    summary.add(_upsert(SdgTarget, targets, ("code",), "SDG targets"))
    summary.details.append(f"{len(plan.goals)} goals, {len(plan.targets)} targets")
    return summary


def _upsert(
    model: type[models.Model], rows: list[Row], key_fields: tuple[str, ...], kind: str
) -> KindSummary:
    """Create missing rows and update changed ones in bulk; rows already equal are not written."""
    summary = KindSummary(kind=kind)
    existing = {tuple(getattr(o, f) for f in key_fields): o for o in model._default_manager.all()}
    fields = sorted({name for row in rows for name in row.fields})
    new: list[models.Model] = []
    changed: list[models.Model] = []
    for row in rows:
        obj = existing.get(row.key)
        if obj is None:
            obj = model(**dict(zip(key_fields, row.key, strict=True)), **row.fields)
            new.append(_validated(obj, row))
        elif any(getattr(obj, name) != value for name, value in row.fields.items()):
            for name, value in row.fields.items():
                setattr(obj, name, value)
            changed.append(_validated(obj, row))
        else:
            summary.unchanged += 1
    model._default_manager.bulk_create(new, batch_size=500)
    if changed:
        model._default_manager.bulk_update(changed, fields, batch_size=500)
    summary.created, summary.updated = len(new), len(changed)
    return summary


def _validated(obj: models.Model, row: Row) -> models.Model:
    # Keys are unique by construction and foreign keys come from the database, so only the
    # field rules are checked here; the other checks would cost one query per row.
    foreign = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    try:
        obj.full_clean(exclude=foreign, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        details = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise SourceError(
            f"{row.origin}: {row.key} is not valid ({details})",
            f"{row.origin}：{row.key} 不合規則（{details}）",
            field=row.origin,
        ) from exc
    return obj


# ---- Edits by administrators -----------------------------------------------------------------
#
# Relationships and exchange rates are the reference rows an administrator may add or correct by
# hand (the admin calls these); everything else comes only from ``reference_load``.


@transaction.atomic
def country_relationship_create(
    *,
    country: Country,
    status: str,
    start: Any = None,
    end: Any = None,
    citation: str = "",
    note: str = "",
) -> CountryRelationship:
    """Add a dated relationship to a country."""
    return row_create(
        CountryRelationship(
            country=country, status=status, start=start, end=end, citation=citation, note=note
        )
    )


@transaction.atomic
def country_relationship_update(
    *, relationship: CountryRelationship, **changes: Any
) -> CountryRelationship:
    """Correct a relationship's status, dates, citation or note."""
    return row_update(relationship, changes, allowed=editable_fields(CountryRelationship))


@transaction.atomic
def country_relationship_delete(*, relationship: CountryRelationship) -> None:
    """Remove a relationship entered by mistake."""
    row_delete(relationship)


@transaction.atomic
def exchange_rate_create(*, currency: str, date: Any, per_usd: Any) -> ExchangeRate:
    """Add the units of ``currency`` per 1 USD on ``date``."""
    return row_create(ExchangeRate(currency=currency, date=date, per_usd=per_usd))


@transaction.atomic
def exchange_rate_update(*, rate: ExchangeRate, **changes: Any) -> ExchangeRate:
    """Correct an exchange rate."""
    return row_update(rate, changes, allowed=editable_fields(ExchangeRate))


@transaction.atomic
def exchange_rate_delete(*, rate: ExchangeRate) -> None:
    """Remove an exchange rate."""
    row_delete(rate)
