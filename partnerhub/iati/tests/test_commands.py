from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from partnerhub.activities.models import Activity
from partnerhub.iati.models import Dataset
from partnerhub.iati.tests.helpers import activities_file, activity_xml

pytestmark = pytest.mark.django_db


def test_it_imports_a_directory_and_prints_a_summary(tmp_path: Path) -> None:
    activities_file(tmp_path / "a.xml", activity_xml("XM-1"), activity_xml("XM-2"))
    (tmp_path / "b.xml").write_text("<iati-activities><iati-activity>", encoding="utf-8")
    out = io.StringIO()
    # A failed file makes the command exit non-zero, after the summary.
    with pytest.raises(CommandError, match="1 of 2 files failed") as failed:
        call_command("iati_import", str(tmp_path), stdout=out)
    assert failed.value.returncode == 1
    text = out.getvalue()
    assert "a.xml imported: 2 activities" in text
    assert "b.xml failed at line 1" in text
    assert text.strip().splitlines()[-1].startswith("1 imported, 0 skipped, 1 failed; 2 activities")
    out = io.StringIO()
    call_command("iati_import", str(tmp_path / "a.xml"), stdout=out)
    assert "skipped: unchanged" in out.getvalue()


def test_it_writes_nothing_on_a_dry_run(tmp_path: Path) -> None:
    path = activities_file(tmp_path / "a.xml", activity_xml("XM-1"))
    out = io.StringIO()
    call_command("iati_import", str(path), "--dry-run", stdout=out)
    assert (
        "dry-run: 1 activities" in out.getvalue() and "(dry run: nothing written)" in out.getvalue()
    )
    assert not Activity.objects.exists() and not Dataset.objects.exists()
