"""Hardened, streaming XML reading for IATI files.

    IatiFileError (core SourceError)   a file that cannot be read as a whole
    ├── HostileXml                     DOCTYPE with entity declarations or an external DTD
    └── MalformedXml                   not well-formed, truncated, or undecodable

Entities are never resolved, nothing is fetched from the network, no DTD is loaded, and the
document type is inspected before the first element is handed on, so billion-laughs and XXE
files stop with a clear error instead of being expanded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from partnerhub.core.exceptions import SourceError

ACTIVITY_TAG = "iati-activity"


class IatiFileError(SourceError):
    """A whole file was refused; ``line`` says where, when it is known."""

    def __init__(self, message_en: str, message_zh: str, *, line: int | None = None) -> None:
        super().__init__(message_en, message_zh)
        self.line = line


class HostileXml(IatiFileError):
    code = "hostile_xml"


class MalformedXml(IatiFileError):
    code = "malformed_xml"


def _check_doctype(tree: etree._ElementTree) -> None:
    info = tree.docinfo
    dtd = info.internalDTD
    entities = list(dtd.iterentities()) if dtd is not None else []
    if entities:
        names = ", ".join(sorted({e.name or "" for e in entities}))[:200]
        raise HostileXml(
            f"The file declares entities in its DOCTYPE ({names}); refused without expansion.",
            f"檔案在 DOCTYPE 中宣告了實體（{names}），已拒絕處理且未展開。",
            line=1,
        )
    if info.system_url or info.public_id:
        raise HostileXml(
            f"The file refers to an external DTD ({info.system_url or info.public_id}); refused.",
            f"檔案引用外部 DTD（{info.system_url or info.public_id}），已拒絕處理。",
            line=1,
        )


def hardened_iterparse(path: Path, *, events: tuple[str, ...]) -> Any:
    """``etree.iterparse`` over a file with entities, DTDs and the network refused, and libxml2's
    size limits kept: for reading a few attributes from the start of a file."""
    return etree.iterparse(
        str(path),
        events=events,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )


def iter_activities(
    source: str | Path | IO[bytes], *, encoding: str | None = None
) -> Iterator[etree._Element]:
    """Yield each ``iati-activity`` element once complete, freeing it once the caller is done.

    Callers read the file's attributes (``version``) from ``element.getparent()``, or from the
    element itself when a file has a bare ``iati-activity`` root.
    """
    context = etree.iterparse(
        source if not isinstance(source, Path) else str(source),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        # Entities are never resolved (and refused in the DOCTYPE), so lifting libxml2's limits
        # cannot amplify anything; it lets a single text node over 10 MB be read, and then cut
        # with a problem on its activity (importer.TEXT_LIMIT) instead of refusing the file.
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
        encoding=encoding,
        tag=ACTIVITY_TAG,
    )
    checked = False
    try:
        for event, element in context:
            if not checked:
                _check_doctype(element.getroottree())
                checked = True
            if event != "end":
                continue
            yield element
            # Free what was read: the element's children and every earlier sibling.
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
        if not checked and context.root is not None:
            _check_doctype(context.root.getroottree())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        detail = str(exc.msg if hasattr(exc, "msg") else exc)
        if "Detected an entity reference loop" in detail or "amplification" in detail:
            raise HostileXml(
                f"Entity expansion refused at line {line}: {detail}",
                f"第 {line} 行拒絕展開實體：{detail}",
                line=line,
            ) from exc
        if line is None:
            raise MalformedXml(
                f"Not well-formed XML: {detail}", f"XML 格式錯誤：{detail}", line=None
            ) from exc
        raise MalformedXml(
            f"Not well-formed XML at line {line}: {detail}",
            f"第 {line} 行的 XML 格式錯誤：{detail}",
            line=line,
        ) from exc
