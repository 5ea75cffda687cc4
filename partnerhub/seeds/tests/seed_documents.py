"""What the tests that read the real seed documents (../shared/seeds) share."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from partnerhub.seeds.base import Extraction, SeedActivity
from partnerhub.seeds.pdftext import SourceLine, read_lines


def seed_document(pattern: str) -> tuple[list[SourceLine], str]:
    """The lines and file name of the seed document matching ``pattern``; the test is skipped,
    with the reason, when the seed documents are absent."""
    folder = Path(settings.PARTNERHUB_SEEDS)
    if not folder.exists():
        pytest.skip(f"The seed documents not found at {folder}: these tests need ../shared")
    path = next(folder.glob(pattern))
    return read_lines(path), path.name


def activity_by_id(extraction: Extraction, identifier: str) -> SeedActivity:
    """The activity an extraction gives with this IATI identifier."""
    return next(a for a in extraction.activities if a.record.iati_identifier == identifier)
