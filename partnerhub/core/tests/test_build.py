"""The build scripts parse, are executable, and keep the contract CI relies on."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SCRIPTS = [
    ROOT / ".ci" / "run",
    *sorted(p for p in (ROOT / "scripts").iterdir() if p.is_file() and not p.suffix),
]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_it_ships_executable_bash_scripts_that_parse(script):
    assert os.access(script, os.X_OK)
    assert script.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in script.read_text(encoding="utf-8")
    subprocess.run(["bash", "-n", str(script)], check=True)


def test_it_runs_the_readme_test_command_in_ci():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme


def test_it_declares_every_make_target_the_readme_names():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = {line.split(":", 1)[0] for line in makefile.splitlines() if ":" in line[:30]}
    assert {"run", "test", "check", "docs", "test-sqlite", "test-postgres", "static"} <= targets


def test_it_refuses_to_run_with_postgres_without_a_command():
    result = subprocess.run(
        [str(ROOT / "scripts" / "with-postgres")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "usage:" in result.stderr


@pytest.fixture
def open_tmpdir():
    """A temporary directory the unprivileged server user can enter (pytest's own are 0700)."""
    import shutil
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="partnerhub-build-test-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_it_runs_a_command_against_a_throwaway_postgres_and_removes_it(open_tmpdir):
    if not list(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")):
        pytest.skip("PostgreSQL server binaries are not installed (scripts/ensure-system-packages)")
    probe = 'echo "$PARTNERHUB_DB $PGHOST $PGUSER $PGDATABASE"; psql -XAtc "select 41 + 1"; exit 7'
    result = subprocess.run(
        [str(ROOT / "scripts" / "with-postgres"), "bash", "-c", probe],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TMPDIR": str(open_tmpdir), "PGUSER": "", "PGDATABASE": ""},
        timeout=120,
    )
    assert result.returncode == 7, result.stderr
    assert "postgres 127.0.0.1 partnerhub partnerhub\n42\n" in result.stdout
    assert list(open_tmpdir.iterdir()) == []
