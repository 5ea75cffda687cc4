"""A dataset's identity: who publishes it and under what name, never a file's base name alone.

1. A name given by the caller (an upload: the file's reporting-org and the name the uploader
   chose, see ``iati.uploads``).
2. The IATI Registry's metadata when it lies beside the file: ``<file>.json`` next to it, or the
   registry dump's layout ``data/<publisher>/<dataset>.xml`` with
   ``metadata/<publisher>/<dataset>.json``. The identity is then ``publisher/dataset``
   (the metadata's ``organization.name`` and ``name``).
3. Else the file's path relative to the import root (the directory given to ``iati_import``;
   the current directory for a file named on its own; the file's folder for other callers).

Two files can therefore never replace each other by accident: ``covid/dportal.xml`` and
``foodsecurity/dportal.xml`` are two datasets.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from partnerhub.iati.xmlsafe import hardened_iterparse

NAME_LIMIT = 255


@dataclass(frozen=True)
class DatasetIdentity:
    name: str
    registry_publisher: str = ""
    registry_name: str = ""
    #: The file's ``generated-datetime``, else the registry metadata's ``metadata_modified``.
    dated_at: dt.datetime | None = None


def dataset_identity(path: Path, *, root: Path | None = None, name: str = "") -> DatasetIdentity:
    metadata = registry_metadata(path)
    publisher = registry = ""
    if metadata:
        registry = str(metadata.get("name") or "").strip()
        organisation = metadata.get("organization")
        publisher = (
            str(organisation.get("name") or "").strip() if isinstance(organisation, dict) else ""
        ) or (path.parent.name if path.parent.parent.name == "data" else "")
    if not name:
        if registry and publisher:
            name = f"{publisher}/{registry}"
        else:
            name = relative_name(path, root if root is not None else path.parent)
    dated = _generated_datetime(path) or _datetime(metadata.get("metadata_modified"))
    return DatasetIdentity(
        name=_fit(name),
        registry_publisher=publisher[:100],
        registry_name=registry[:200],
        dated_at=dated,
    )


def relative_name(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` (POSIX separators), or its absolute path outside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def _fit(name: str) -> str:
    # Keep the end of a long path: the file and its folders say more than the drive.
    return name if len(name) <= NAME_LIMIT else "…" + name[-(NAME_LIMIT - 1) :]


def registry_metadata(path: Path) -> dict[str, Any]:
    """The registry's metadata for ``path`` when it is there (see the module docstring)."""
    candidates = [path.with_suffix(".json")]
    if path.parent.parent.name == "data":
        dump = path.parent.parent.parent
        candidates.append(dump / "metadata" / path.parent.name / f"{path.stem}.json")
    for candidate in candidates:
        if not candidate.is_file() or candidate.stat().st_size > 1 << 20:
            continue
        try:
            data = json.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(data, dict) and isinstance(data.get("result"), dict):
            data = data["result"]  # the registry API's envelope
        if isinstance(data, dict) and data.get("name"):
            return data
    return {}


def _datetime(raw: Any) -> dt.datetime | None:
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        value = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _generated_datetime(path: Path) -> dt.datetime | None:
    """The root element's ``generated-datetime``, read from the start of the file only."""
    try:
        context = hardened_iterparse(path, events=("start",))
        for _event, element in context:
            return _datetime(element.get("generated-datetime"))
    except (etree.XMLSyntaxError, OSError):
        return None  # the import itself reports what is wrong with the file
    return None
