"""The small world every test here reads, and compiled translation catalogues."""

from __future__ import annotations

from typing import Any

import pytest

from partnerhub.test import compile_catalogues, small_world


@pytest.fixture(scope="session", autouse=True)
def catalogues() -> None:
    compile_catalogues()


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    return small_world()
