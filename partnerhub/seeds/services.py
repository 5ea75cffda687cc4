"""The seed loader: run every registered extractor, resolve names, write records with provenance.

A re-import replaces what an earlier import took from the same source and file, in one
transaction, so that nothing is duplicated and a corrected edition can be loaded again. Names
are never guessed: a country name that matches no country in the reference data, or an
organisation form the alias table and the database cannot place, is listed as a problem with its
file and line, and the record is written without it.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from django.db import transaction
from django.db.models import Q

from partnerhub.activities.models import Activity
from partnerhub.activities.records import CountryRecord, ParticipationRecord
from partnerhub.activities.services import activities_recount, activity_create, activity_delete_many
from partnerhub.core.audit import audit_record
from partnerhub.core.exceptions import InvalidInput, SourceError
from partnerhub.core.models import Provenance, TextStatus
from partnerhub.core.services import provenance_create, provenance_delete_unused
from partnerhub.core.text import search_key
from partnerhub.events.models import Event
from partnerhub.events.services import OrganiserRecord, event_create, event_delete_many
from partnerhub.organisations.models import Organisation
from partnerhub.organisations.services import (
    organisation_add_alias,
    organisation_delete_unnamed,
    organisation_fill_missing,
    organisation_find,
    organisation_get_or_create,
    organisation_merge,
)
from partnerhub.reference.models import Country
from partnerhub.seeds.aliases import canonical_for, organisation_aliases
from partnerhub.seeds.base import (
    CountryMention,
    Extraction,
    OrganisationMention,
    Problem,
    SeedActivity,
    SeedEntry,
    SeedEvent,
    SeedOrganisation,
)
from partnerhub.seeds.extract import EXTRACTORS, Extractor
from partnerhub.seeds.models import SeedImportRun, SeedProblem, SourceEntry
from partnerhub.seeds.pdftext import read_lines
from partnerhub.seeds.problems import CATALOGUE
from partnerhub.translations.services import translations_apply

_DOCUMENT_NUMBER = re.compile(r"^\d+_")


@dataclass(frozen=True)
class ReportedProblem:
    """A problem as the report lists it: which table, file and line, and what went wrong."""

    table: str
    file: str
    line: int
    code: str
    message_en: str
    message_zh: str
    text: str = ""


@dataclass
class ImportReport:
    """What an import did: records per table and group, and every problem met."""

    dry_run: bool
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[ReportedProblem] = field(default_factory=list)
    files: dict[str, list[str]] = field(default_factory=dict)  # table -> files read

    def count(self, table: str, group: str) -> None:
        groups = self.counts.setdefault(table, {})
        groups[group or "-"] = groups.get(group or "-", 0) + 1

    def total(self, table: str | None = None) -> int:
        tables = [table] if table else list(self.counts)
        return sum(sum(self.counts.get(t, {}).values()) for t in tables)

    def summary(self) -> str:
        """One line: how many records in how many tables, how many problems."""
        verb = "would import" if self.dry_run else "imported"
        return (
            f"seeds_import {verb} {self.total()} records from {len(self.counts)} tables "
            f"with {len(self.problems)} problems."
        )


@dataclass
class _Context:
    report: ImportReport
    table: str
    names: dict[str, str]  # search key of a country name -> code
    organisations: dict[str, Organisation | None] = field(default_factory=dict)

    def problem(self, file: str, line: int, code: str, text: str = "", **fields: Any) -> None:
        """Report a problem from the seeds catalogue (``seeds.problems``) for this table."""
        found = CATALOGUE.make(code, file=file, line=line, text=text, **fields)
        self.report.problems.append(
            ReportedProblem(self.table, file, line, code, found.message_en, found.message_zh, text)
        )


def country_names() -> list[tuple[str, str]]:
    """Every country name and alias in the reference data, with its code."""
    names: list[tuple[str, str]] = []
    for code, zh, en, aliases in Country.objects.values_list(
        "code", "name_zh", "name_en", "aliases"
    ):
        names.extend((n, code) for n in (zh, en, *(aliases or [])) if n)
    return names


def seeds_import(
    *, seeds_dir: Path, dry_run: bool = False, only: str | None = None
) -> ImportReport:
    """Import every registered seed table (or ``only`` one); a dry run writes nothing."""
    if not Country.objects.exists():
        raise SourceError(
            "The country table is empty: run `manage.py reference_load` before `seeds_import`.",
            "國家資料表是空的：請先執行 `manage.py reference_load`，再執行 `seeds_import`。",
        )
    names = country_names()
    report = ImportReport(dry_run=dry_run)
    extractors = [e for e in EXTRACTORS if only is None or only in (e.table, e.module)]
    if only is not None and not extractors:
        raise InvalidInput(
            f"No seed table is called {only!r}.", f"沒有名為「{only}」的種子資料表。", field="only"
        )
    with transaction.atomic():
        _apply_alias_table()
        for extractor in extractors:
            _run_one(extractor, seeds_dir, names, report)
        # Translations people made survive the rewrite: they are keyed by the records' stable keys.
        translations_apply()
        if dry_run:
            transaction.set_rollback(True)
        else:
            _store_run(report, seeds_dir, only)
            activities_recount()
    return report


def _apply_alias_table() -> None:
    """Bring organisations an earlier import made up to date with the alias table: two printed
    forms of one organisation become one (基輔市政府 / 烏克蘭基輔市政府), and names, countries
    and slugs the table now knows are filled in."""
    for printed, canonical in organisation_aliases().items():
        found = organisation_find(name=printed)
        if found is not None and not canonical.is_organisation:
            organisation_delete_unnamed(organisation=found)
            continue
        if found is None:
            continue
        main = organisation_find(name=canonical.name_zh) if canonical.name_zh else None
        if main is not None and main.pk != found.pk:
            found = organisation_merge(keep=main, drop=found)
        organisation_fill_missing(
            organisation=found,
            name_zh=canonical.name_zh,
            name_en=canonical.name_en,
            abbreviation=canonical.abbreviation,
            country=_country(canonical.country),
        )


def _run_one(
    extractor: Extractor, seeds_dir: Path, names: list[tuple[str, str]], report: ImportReport
) -> None:
    keys = {search_key(n): c for n, c in names}
    module = _load(extractor)
    table = str(getattr(module, "TABLE", extractor.table)) if module else extractor.table
    context = _Context(report=report, table=table, names=keys)
    if module is None:
        context.problem(
            extractor.module, 0, "missing-extractor", module=extractor.module, table=table
        )
        return
    pattern = str(getattr(module, "FILE_PATTERN", extractor.file_pattern))
    paths = sorted(seeds_dir.glob(pattern))
    if not paths:
        context.problem(pattern, 0, "missing-file", pattern=pattern, folder=seeds_dir)
    source = getattr(module, "SOURCE", None)
    for path in paths:
        extraction = _call(module.extract, path, names)
        report.files.setdefault(table, []).append(path.name)
        _write(extraction, path.name, context, {source} if isinstance(source, str) else set())


def _load(extractor: Extractor) -> ModuleType | None:
    try:
        return importlib.import_module(extractor.module)
    except ModuleNotFoundError as error:
        if error.name != extractor.module:
            raise  # a module that exists but imports something missing is a real bug
        return None


def _call(
    extract: Callable[..., Extraction], path: Path, names: list[tuple[str, str]]
) -> Extraction:
    """Call an extractor with the keyword arguments it declares (they differ by table)."""
    offered: dict[str, Any] = {
        "file": path.name,
        "file_name": path.name,
        "path": path,
        "country_names": names,
    }
    accepted = inspect.signature(extract).parameters
    return extract(read_lines(path), **{k: v for k, v in offered.items() if k in accepted})


def _write(extraction: Extraction, file: str, context: _Context, sources: set[str]) -> None:
    for problem in extraction.problems:
        _report(context, problem)
    # The module's declared source counts even when this edition yields no record at all, so
    # that records an earlier edition produced are still replaced.
    sources |= {a.record.source for a in extraction.activities}
    sources |= {e.record.source for e in extraction.events}
    _replace(sources, file)
    for activity in extraction.activities:
        _write_activity(activity, context)
    for event in extraction.events:
        _write_event(event, context)
    for organisation in extraction.organisations:
        _write_organisation(organisation, context)
    for entry in extraction.entries:
        source_entry_create(entry=entry, source=_entry_source(extraction, sources))
        context.report.count(context.table, entry.group)


def _entry_source(extraction: Extraction, sources: set[str]) -> str:
    return sorted(sources)[0] if sources else _organisation_source(extraction.table)


@transaction.atomic
def source_entry_create(*, entry: SeedEntry, source: str) -> SourceEntry:
    """Write one line that is no activity (a plan line, a budget decision), with provenance."""
    provenance = _provenance(source, entry.file, entry.line_start, entry.line_end, entry.table)
    row = SourceEntry(
        identifier=entry.identifier,
        kind=entry.kind,
        table=entry.table,
        group=entry.group,
        title_zh=entry.title_zh,
        title_en=entry.title_en,
        title_en_status=entry.title_en_status or (TextStatus.TRANSLATED if entry.title_en else ""),
        description_zh=entry.description_zh,
        date=entry.date,
        year=entry.year or (entry.date.year if entry.date else None),
        extra=entry.extra,
        provenance=provenance,
    )
    row.full_clean()
    row.save()
    audit_record(action="import", instance=row, summary=row.title[:200])
    return row


def _report(context: _Context, problem: Problem) -> None:
    context.problem(
        problem.file,
        problem.line,
        problem.code,
        problem.text,
        reason_en=problem.message_en,
        reason_zh=problem.message_zh,
    )


def _same_document(file: str) -> Q:
    """Provenance files that are editions of the same document as ``file``.

    Seed files are named by document number and content hash (``002_73f349e2c11ffc5f.txt``), so a
    corrected edition has a new name; it still replaces what the old edition gave.
    """
    numbered = _DOCUMENT_NUMBER.match(file)
    return Q(file__startswith=numbered.group(0)) if numbered else Q(file=file)


def _replace(sources: Iterable[str], file: str) -> None:
    """Delete, through the services, what an earlier import of ``file`` wrote for these sources."""
    for source in sources:
        provenances = Provenance.objects.filter(_same_document(file), source=source)
        SourceEntry.objects.filter(provenance__in=provenances).delete()
        activity_delete_many(
            activities=Activity.objects.filter(source=source, provenance__in=provenances)
        )
        event_delete_many(events=Event.objects.filter(source=source, provenance__in=provenances))
        provenance_delete_unused(provenances=provenances)


def _provenance(source: str, file: str, start: int, end: int, table: str) -> Provenance:
    return provenance_create(
        source=source, file=file, line_start=start, line_end=max(start, end), locator=table
    )


def _write_activity(seed: SeedActivity, context: _Context) -> None:
    record = seed.record
    where = (seed.file, seed.line_start)
    participations = []
    for mention in seed.organisations:
        canonical = canonical_for(mention.printed_name)
        if canonical is not None and not canonical.is_organisation:
            participations.append(
                ParticipationRecord(
                    role=mention.role,
                    printed_name=mention.printed_name,
                    printed_name_en=canonical.name_en,
                )
            )
            continue
        org = _organisation(mention, record.source, where, context)
        participations.append(
            ParticipationRecord(
                role=mention.role,
                printed_name=mention.printed_name,
                organisation_id=org.pk if org else None,
            )
        )
    record.participations = participations
    record.countries = [
        CountryRecord(code=code, printed_name=printed)
        for printed, code in _countries(seed.countries, where, context)
    ]
    provenance = _provenance(record.source, seed.file, seed.line_start, seed.line_end, seed.table)
    activity_create(record=record, provenance=provenance)
    context.report.count(context.table, seed.group)


def _write_event(seed: SeedEvent, context: _Context) -> None:
    record = seed.record
    where = (seed.file, seed.line_start)
    organisers = []
    for mention in seed.organisations:
        org = _organisation(mention, record.source, where, context)
        organisers.append(
            OrganiserRecord(
                printed_name=mention.printed_name,
                organisation_id=org.pk if org else None,
                role=mention.role,
            )
        )
    record.organisers = organisers
    record.country_codes = [
        *record.country_codes,
        *((code, printed) for printed, code in _countries(seed.countries, where, context)),
    ]
    provenance = _provenance(record.source, seed.file, seed.line_start, seed.line_end, seed.table)
    event_create(record=record, provenance=provenance)
    context.report.count(context.table, seed.group)


def _write_organisation(seed: SeedOrganisation, context: _Context) -> None:
    source = _organisation_source(context.table)
    org = _organisation(seed.mention, source, (seed.file, seed.line_start), context)
    if org is None:
        return
    for alias in seed.aliases:
        _add_alias(org, alias, (seed.file, seed.line_start), context)
    context.report.count(context.table, "organisations")


def _organisation_source(table: str) -> str:
    from partnerhub.core.models import Source

    return table if table in Source.values else Source.USER


def _org_key(mention: OrganisationMention) -> str:
    return search_key(mention.printed_name)


def _organisation(
    mention: OrganisationMention, source: str, where: tuple[str, int], context: _Context
) -> Organisation | None:
    """The organisation a printed name stands for: via the alias table, else by that name."""
    key = _org_key(mention)
    if key in context.organisations:
        return context.organisations[key]
    canonical = canonical_for(mention.printed_name)
    if canonical is not None and not canonical.is_organisation:
        context.organisations[key] = None
        return None
    # A printed form already on file, or a Chinese form the alias table does not know that comes
    # with the English name of an organisation on file (「國際民主協會」, "National Democratic
    # Institute").
    known = organisation_find(name=mention.printed_name)
    if known is None and canonical is None and mention.name_en:
        known = organisation_find(name=mention.name_en)
    if known is not None:
        _add_alias(known, mention.printed_name, where, context)
        context.organisations[key] = known
        return known
    fields: dict[str, Any] = {
        "name_en": canonical.name_en if canonical else mention.name_en,
        "abbreviation": canonical.abbreviation if canonical else mention.abbreviation,
        "country": _country(canonical.country if canonical else ""),
    }
    try:
        org, _ = organisation_get_or_create(
            printed_name=canonical.name_zh if canonical else mention.printed_name,
            category=canonical.category if canonical else mention.category,
            source=source,
            **{k: v for k, v in fields.items() if v},
        )
    except InvalidInput as error:
        context.problem(
            where[0],
            where[1],
            "organisation",
            mention.printed_name,
            reason_en=error.message_en,
            reason_zh=error.message_zh,
        )
        org = None
    if org is not None:
        _add_alias(org, mention.printed_name, where, context)
    context.organisations[key] = org
    return org


def _country(code: str) -> Country | None:
    return Country.objects.filter(code=code).first() if code else None


def _add_alias(org: Organisation, alias: str, where: tuple[str, int], context: _Context) -> None:
    try:
        organisation_add_alias(organisation=org, alias=alias)
    except InvalidInput as error:
        context.problem(
            where[0],
            where[1],
            "organisation-alias",
            alias,
            reason_en=error.message_en,
            reason_zh=error.message_zh,
        )


def _countries(
    mentions: Iterable[CountryMention], where: tuple[str, int], context: _Context
) -> list[tuple[str, str]]:
    """(printed, code) for each mention that names a known country, once per code."""
    known = set(context.names.values())
    found: dict[str, str] = {}
    for mention in mentions:
        code = mention.code if mention.code in known else ""
        code = code or context.names.get(search_key(mention.printed_name), "")
        if not code:
            context.problem(
                where[0],
                where[1],
                "unknown-country",
                mention.printed_name,
                name=mention.printed_name,
            )
            continue
        found.setdefault(code, mention.printed_name)
    return [(printed, code) for code, printed in found.items()]


def _store_run(report: ImportReport, seeds_dir: Path, only: str | None) -> None:
    run = SeedImportRun(
        seeds_dir=str(seeds_dir), only=only or "", counts=report.counts, summary=report.summary()
    )
    run.full_clean()
    run.save()
    SeedProblem.objects.bulk_create(
        SeedProblem(
            run=run,
            table=p.table,
            file=p.file,
            line=p.line,
            code=p.code,
            message_en=p.message_en,
            message_zh=p.message_zh,
            text=p.text,
        )
        for p in report.problems
    )
