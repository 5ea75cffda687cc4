"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings


def _require(path: Path, what: str) -> Path:
    if not path.exists():
        pytest.skip(f"{what} not found at {path}: these tests need ../shared beside the repository")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return _require(Path(settings.PARTNERHUB_SEEDS), "The seed documents")


@pytest.fixture
def iati_data_dir() -> Path:
    return _require(Path(settings.PARTNERHUB_IATI_DATA), "The IATI reference data")


@pytest.fixture
def sdg_data_dir() -> Path:
    return _require(Path(settings.PARTNERHUB_SDG_DATA), "The SDG texts")


@pytest.fixture
def iati_samples_dir() -> Path:
    return _require(Path(settings.PARTNERHUB_IATI_SAMPLES), "The IATI sample files")
