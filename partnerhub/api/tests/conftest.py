"""The small world every portal test reads."""

from __future__ import annotations

from typing import Any

import pytest

from partnerhub.test import small_world


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    return small_world()
