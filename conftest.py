"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings


@pytest.fixture(scope="session", autouse=True)
def _catalogues() -> None:
    """Compile the translation catalogues once, before any test renders a page in either language.

    A fresh clone has no .mo files, and an app's tests may render pages without a conftest of
    their own that compiles them.
    """
    from partnerhub.test import compile_catalogues

    compile_catalogues()


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


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Say which database and which shared data this run uses, so the two runs of `make test`
    can be told apart in a log."""
    db = settings.DATABASES["default"]
    test_name = db.get("TEST", {}).get("NAME")
    where = f"{db['HOST']}:{db['PORT']}/{test_name}" if db.get("HOST") else "(in memory)"
    shared = Path(settings.SHARED_DIR)
    state = "present" if shared.is_dir() else "missing: tests that need it will skip"
    return [
        f"partnerhub database: {db['ENGINE'].rsplit('.', 1)[-1]} {where}",
        f"partnerhub shared data: {shared} ({state})",
    ]


@pytest.fixture(scope="session")
def imported_seeds(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The reference data and every seed table, loaded once and rolled back at the end.

    Loading takes a while, so it happens once per run; the tests that use it run last (see
    ``pytest_collection_modifyitems``), so no other test sees the data. Each still takes ``db``
    and runs in a savepoint inside this transaction.
    """
    from django.db import transaction

    from partnerhub.reference.services import reference_load
    from partnerhub.seeds.services import seeds_import

    seeds_dir = _require(Path(settings.PARTNERHUB_SEEDS), "The seed documents")
    _require(Path(settings.PARTNERHUB_IATI_DATA), "The IATI reference data")
    _require(Path(settings.PARTNERHUB_SDG_DATA), "The SDG texts")
    with django_db_blocker.unblock(), transaction.atomic():
        reference_load()
        seeds_import(seeds_dir=seeds_dir)
        yield
        transaction.set_rollback(True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests on the imported seeds last, after every test that expects an empty database."""
    items.sort(key=lambda item: "imported_seeds" in getattr(item, "fixturenames", ()))


@pytest.fixture(autouse=True)
def _fresh_default_cache() -> None:
    """Each test starts with an empty default cache: facet counts, allauth's rate limits (one
    confirmation mail per address every few minutes) and the like must not leak between tests."""
    from django.core.cache import caches

    caches["default"].clear()
