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


@pytest.fixture(autouse=True)
def _language_of_the_test() -> Iterator[None]:
    """Each test starts in the default language, and a request leaves the test's language alone.

    Pages live under /zh-hant/ and /en/; Django's LocaleMiddleware activates a page's language on
    the thread that serves it, which with the test client is the test's own thread. Without this,
    a ``reverse()`` after fetching an English page would give English addresses.
    """
    import threading

    from django.core.signals import request_finished, request_started
    from django.utils import translation

    thread, before = threading.get_ident(), []

    def started(**kwargs: Any) -> None:
        if threading.get_ident() == thread:
            before.append(translation.get_language())

    def finished(**kwargs: Any) -> None:
        if threading.get_ident() == thread and before:
            translation.activate(before.pop())

    translation.activate(settings.LANGUAGE_CODE)
    request_started.connect(started, weak=False)
    request_finished.connect(finished, weak=False)
    try:
        yield
    finally:
        request_started.disconnect(started)
        request_finished.disconnect(finished)
        translation.deactivate()
