"""Compiled translation catalogues for every test of the reports app."""

from __future__ import annotations

import pytest

from partnerhub.test import compile_catalogues


@pytest.fixture(scope="session", autouse=True)
def catalogues() -> None:
    compile_catalogues()
