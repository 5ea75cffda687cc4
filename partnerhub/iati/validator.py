"""Validate IATI files: the version's XSD, the codelists, and the Standard's rulesets.

Activities are checked one at a time as they stream past, so memory does not grow with the file:
each is validated against its version's schema, its coded values against the codelists that
``codelists/mapping.json`` assigns to their XPaths, and its content against
``rulesets/standard.json``. Codelists and rulesets describe 2.0x; 1.0x files get the schema check.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from lxml import etree

from partnerhub.iati import rules, versions
from partnerhub.iati.problems import Problem, make_problem
from partnerhub.iati.xmlsafe import IatiFileError, iter_activities


@dataclass
class FileReport:
    path: str
    version: str = ""
    activities: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def valid(self) -> bool:
        return self.errors == 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "version": self.version,
            "activities": self.activities,
            "valid": self.valid,
            "errors": self.errors,
            "warnings": len(self.problems) - self.errors,
            "problems": [p.as_dict() for p in self.problems],
        }


def _data_dir() -> Path:
    return Path(settings.PARTNERHUB_IATI_DATA)


@cache
def schema_for(version: str) -> etree.XMLSchema:
    """The activity schema of ``version`` (2.03 at the top of schemas/, older ones in folders)."""
    base = _data_dir() / "schemas"
    folder = base if version == versions.CURRENT else base / version
    return etree.XMLSchema(etree.parse(str(folder / "iati-activities-schema.xsd")))


@cache
def codelist_checks() -> list[tuple[etree.XPath, str, str, frozenset[str]]]:
    """(compiled relative XPath, printable path, codelist name, codes) for activity paths."""
    mapping = json.loads((_data_dir() / "codelists" / "mapping.json").read_text(encoding="utf-8"))
    checks = []
    for item in mapping:
        path: str = item["path"]
        if not path.startswith("//iati-activity/"):
            continue
        codes = _codes(item["codelist"])
        if codes is None:
            continue
        relative = path[len("//iati-activity/") :]
        if item.get("condition"):
            head, _, attribute = relative.rpartition("/")
            relative = f"{head}[{item['condition']}]/{attribute}" if head else relative
        checks.append((etree.XPath(relative), path, item["codelist"], codes))
    return checks


@cache
def _codes(name: str) -> frozenset[str] | None:
    path = _data_dir() / "codelists" / "json" / "en" / f"{name}.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(str(item["code"]) for item in data.get("data", []))


def _line(node: Any) -> int | None:
    owner = node.getparent() if isinstance(node, str) and hasattr(node, "getparent") else node
    return getattr(owner, "sourceline", None)


def validate_file(path: Path) -> FileReport:
    """Check every activity of one file; a file that cannot be read is one error."""
    report = FileReport(path=str(path))
    ruleset = rules.load_ruleset(_data_dir() / "rulesets" / "standard.json")
    try:
        for index, element in enumerate(iter_activities(path), start=1):
            if not report.version:
                report.version = _version(element, report)
            report.activities += 1
            _check(element, index, report, ruleset)
    except IatiFileError as exc:
        report.problems.append(make_problem("malformed-xml", line=exc.line, detail=exc.message_en))
    if not report.version:
        report.problems.append(make_problem("no-activities"))
    return report


def _version(element: etree._Element, report: FileReport) -> str:
    parent = element.getparent()
    root = parent if parent is not None else element
    raw = root.get("version")
    version, understood = versions.normalise_version(raw)
    if not understood:
        code = "missing-version" if raw is None else "unknown-version"
        report.problems.append(
            make_problem(code, line=root.sourceline, version=raw, assumed=version)
        )
    return version


def _check(element: etree._Element, index: int, report: FileReport, ruleset: list[Any]) -> None:
    where = f"/iati-activities/iati-activity[{index}]"
    schema = schema_for(report.version)
    if not schema.validate(element):
        for entry in schema.error_log:
            report.problems.append(
                make_problem(
                    "xsd", line=entry.line, xpath=where + _tail(entry.path), detail=entry.message
                )
            )
    if versions.is_legacy(report.version):
        return
    for xpath, printable, codelist, codes in codelist_checks():
        for value in xpath(element):
            if str(value) not in codes:
                report.problems.append(
                    make_problem(
                        "codelist",
                        line=_line(value),
                        xpath=where + "/" + printable[len("//iati-activity/") :],
                        element="/".join(printable.split("/")[-2:]),
                        value=str(value),
                        codelist=codelist,
                    )
                )
    for node, name, case, detail in rules.check_activity(element, ruleset):
        info = case.get("ruleInfo", {})
        text = info.get("message", "") + (f" ({detail})" if detail else "")
        report.problems.append(
            make_problem(
                "rule",
                line=_line(node),
                xpath=where,
                rule=info.get("id") or name,
                detail=text,
                severity=info.get("severity", "error"),
            )
        )


def _tail(path: str | None) -> str:
    """The part of a schema error path below the activity (``/iati-activity/x`` -> ``/x``)."""
    if not path:
        return ""
    marker = "/iati-activity"
    return path[path.index(marker) + len(marker) :] if marker in path else ""
