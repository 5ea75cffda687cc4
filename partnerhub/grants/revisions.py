"""Reading an application's saved versions side by side: what changed, line by line.

Every save of the form keeps the whole draft as an :class:`ApplicationRevision`. Here each
version is turned into the text the form shows (one country, budget line or indicator per line),
and two versions are compared field by field with :mod:`difflib`, so an officer or a colleague
sees exactly which lines were added, removed or kept.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from partnerhub.core.exceptions import NotFound
from partnerhub.grants.models import Application, ApplicationRevision

#: The fields of a draft in the order the form shows them.
FIELDS = (
    "title_zh",
    "title_en",
    "summary_zh",
    "summary_en",
    "local_counterpart",
    "modality",
    "countries",
    "sectors",
    "sdgs",
    "planned_start",
    "planned_end",
    "currency",
    "contact_language",
    "budget",
    "indicators",
)

Op = Literal["same", "removed", "added"]


@dataclass(frozen=True)
class DiffLine:
    op: Op
    text: str


@dataclass(frozen=True)
class FieldDiff:
    name: str
    lines: tuple[DiffLine, ...]


@dataclass(frozen=True)
class RevisionComparison:
    """Two versions of one application and the fields that differ between them."""

    older: ApplicationRevision
    newer: ApplicationRevision
    fields: tuple[FieldDiff, ...]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _share(row: Mapping[str, Any]) -> str:
    percentage = row.get("percentage")
    return f"{row.get('code', '')} {percentage}" if percentage is not None else _text(row["code"])


def field_lines(data: Mapping[str, Any], name: str) -> list[str]:
    """One field of a saved draft as the lines the form shows for it."""
    value = data.get(name)
    if name in ("countries", "sectors"):
        return [_share(row) for row in value or []]
    if name == "sdgs":
        return [", ".join(value or [])] if value else []
    if name == "budget":
        return [f"{b['item']} | {b['amount']} | {b['currency']}" for b in value or []]
    if name == "indicators":
        return [
            " | ".join(
                _text(i.get(k))
                for k in (
                    "level",
                    "result",
                    "indicator",
                    "unit",
                    "baseline",
                    "target",
                    "means_of_verification",
                )
            )
            for i in value or []
        ]
    return _text(value).splitlines()


def diff_lines(before: list[str], after: list[str]) -> tuple[DiffLine, ...]:
    """The lines of ``after`` against ``before``: kept, removed and added, in reading order."""
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(DiffLine("same", line) for line in before[i1:i2])
            continue
        out.extend(DiffLine("removed", line) for line in before[i1:i2])
        out.extend(DiffLine("added", line) for line in after[j1:j2])
    return tuple(out)


def revisions_compare(
    application: Application, *, older: int | None = None, newer: int | None = None
) -> RevisionComparison:
    """Compare two saved versions (by default the last two); NotFound names a missing version."""
    revisions = list(application.revisions.select_related("saved_by").order_by("version"))
    by_version = {r.version: r for r in revisions}
    newest = by_version.get(newer) if newer is not None else revisions[-1]
    if newest is None:
        raise NotFound(f"No version {newer}.", f"沒有第 {newer} 版。", field="to")
    if older is None:
        earlier = [r for r in revisions if r.version < newest.version]
        oldest = earlier[-1] if earlier else newest
    else:
        found = by_version.get(older)
        if found is None:
            raise NotFound(f"No version {older}.", f"沒有第 {older} 版。", field="from")
        oldest = found
    fields = []
    for name in FIELDS:
        before = field_lines(oldest.data, name)
        after = field_lines(newest.data, name)
        if before != after:
            fields.append(FieldDiff(name, diff_lines(before, after)))
    return RevisionComparison(oldest, newest, tuple(fields))
