"""The docs are checked: the CLI reference is current and every setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands, load_command_class

from partnerhub.core.clidocs import CLI_DOCS, partnerhub_commands, render_cli_docs

DOCS = Path(settings.BASE_DIR) / "docs"
SETTINGS_SOURCE = Path(settings.BASE_DIR) / "partnerhub" / "settings.py"


def environment_variables() -> set[str]:
    """Every environment variable that settings.py reads."""
    return set(
        re.findall(r"""["']((?:PARTNERHUB|PG)[A-Z0-9_]*)["']""", SETTINGS_SOURCE.read_text())
    )


def partnerhub_settings() -> set[str]:
    return {name for name in dir(settings) if name.startswith("PARTNERHUB_")}


def test_it_keeps_docs_cli_md_in_step_with_the_commands():
    assert CLI_DOCS.read_text(encoding="utf-8") == render_cli_docs(), "Run `make docs`."


def test_it_documents_every_partnerhub_command():
    text = CLI_DOCS.read_text(encoding="utf-8")
    missing = [name for name in partnerhub_commands() if f"### `{name}`" not in text]
    assert missing == []


@pytest.mark.parametrize("name", sorted(partnerhub_commands()))
def test_it_names_commands_after_their_app_and_gives_them_help(name):
    app = get_commands()[name]
    assert name.startswith(app.rsplit(".", 1)[-1] + "_")
    assert str(load_command_class(app, name).help).strip()


def test_it_documents_every_setting_and_environment_variable_in_operations_md():
    text = (DOCS / "operations.md").read_text(encoding="utf-8")
    names = partnerhub_settings() | environment_variables()
    assert {"PARTNERHUB_DB", "PGHOST", "PARTNERHUB_SEEDS"} <= names
    assert sorted(n for n in names if f"`{n}`" not in text) == []


def test_it_links_every_doc_from_the_readme():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    unlinked = [p.name for p in sorted(DOCS.glob("*.md")) if f"docs/{p.name}" not in readme]
    assert unlinked == []


def test_it_reports_a_stale_reference_without_writing(tmp_path, monkeypatch):
    stale = tmp_path / "cli.md"
    stale.write_text("# old\n", encoding="utf-8")
    monkeypatch.setattr("partnerhub.core.management.commands.core_clidocs.CLI_DOCS", stale)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="out of date"):
        call_command("core_clidocs", "--dry-run")
    assert stale.read_text(encoding="utf-8") == "# old\n"
    call_command("core_clidocs")
    assert stale.read_text(encoding="utf-8") == render_cli_docs()
