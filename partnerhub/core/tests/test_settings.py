"""One settings module: SQLite by default, PostgreSQL by a switch, everything else from the env."""

from __future__ import annotations

import os
import runpy
from pathlib import Path
from typing import Any

import pytest

import partnerhub.settings

SETTINGS_FILE = partnerhub.settings.__file__


def load(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    """The settings as a fresh process with exactly these variables would see them."""
    for name in list(os.environ):
        if name.startswith(("PARTNERHUB_", "PG")):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(SETTINGS_FILE)


def test_it_uses_sqlite_in_var_by_default(monkeypatch):
    db = load(monkeypatch)["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(Path(SETTINGS_FILE).parent.parent / "var" / "partnerhub.sqlite3")


def test_it_puts_sqlite_where_partnerhub_sqlite_says(monkeypatch, tmp_path):
    db = load(monkeypatch, PARTNERHUB_SQLITE=str(tmp_path / "x.sqlite3"))["DATABASES"]["default"]
    assert db["NAME"] == str(tmp_path / "x.sqlite3")


@pytest.mark.parametrize("switch", ["postgres", "postgresql", " PostgreSQL "])
def test_it_switches_to_postgres_with_the_pg_variables(monkeypatch, switch):
    db = load(
        monkeypatch,
        PARTNERHUB_DB=switch,
        PGHOST="db.internal",
        PGPORT="6543",
        PGUSER="hub",
        PGDATABASE="hubdb",
        PGPASSWORD="secret",
    )["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["USER"], db["NAME"], db["PASSWORD"]) == (
        "db.internal",
        "6543",
        "hub",
        "hubdb",
        "secret",
    )


def test_it_rejects_an_unknown_database_switch(monkeypatch):
    with pytest.raises(RuntimeError, match="PARTNERHUB_DB must be 'sqlite' or 'postgres'"):
        load(monkeypatch, PARTNERHUB_DB="mysql")


def test_it_reads_shared_data_beside_the_repository_unless_told_otherwise(monkeypatch, tmp_path):
    default = load(monkeypatch)
    assert (
        default["PARTNERHUB_SEEDS"] == Path(SETTINGS_FILE).parent.parent.parent / "shared" / "seeds"
    )
    moved = load(monkeypatch, PARTNERHUB_SHARED=str(tmp_path))
    assert moved["PARTNERHUB_SEEDS"] == tmp_path / "seeds"
    assert moved["PARTNERHUB_IATI_DATA"] == tmp_path / "data" / "iati"


def test_it_speaks_traditional_chinese_first_and_english_too():
    assert partnerhub.settings.LANGUAGE_CODE == "zh-hant"
    assert [code for code, _ in partnerhub.settings.LANGUAGES] == ["zh-hant", "en"]
