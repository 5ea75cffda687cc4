"""Translation catalogues: complete in both languages, compiled without gettext binaries."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.LOCALE_PATHS[0])


@pytest.mark.parametrize("language", ["zh_Hant", "en"])
def test_it_keeps_every_catalogue_entry_translated(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 100
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_it_compiles_catalogues_with_polib(tmp_path, settings):
    target = tmp_path / "zh_Hant" / "LC_MESSAGES"
    target.mkdir(parents=True)
    source = LOCALE / "zh_Hant" / "LC_MESSAGES" / "django.po"
    (target / "django.po").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path]
    call_command("portal_compilemessages")
    compiled = polib.mofile(str(target / "django.mo"))
    assert {e.msgid: e.msgstr for e in compiled}["Diplomatic ally"] == "友邦"


def test_it_writes_nothing_on_a_dry_run(tmp_path, settings):
    target = tmp_path / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.po").write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "x"\nmsgstr "x"\n', encoding="utf-8"
    )
    settings.LOCALE_PATHS = [tmp_path]
    call_command("portal_compilemessages", "--dry-run")
    assert not (target / "django.mo").exists()


def test_it_fails_the_check_on_an_untranslated_entry(tmp_path, settings):
    from django.core.management.base import CommandError

    target = tmp_path / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.po").write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "x"\nmsgstr ""\n', encoding="utf-8"
    )
    settings.LOCALE_PATHS = [tmp_path]
    with pytest.raises(CommandError):
        call_command("portal_compilemessages", "--check")
