"""The command's reading process reads the run's files in turn while the writer writes: the
outcome of every file, good or not, is the same as importing them one process at a time."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from partnerhub.activities.models import Activity, Transaction
from partnerhub.iati.importer import ReadAhead, dataset_import, dataset_import_needed
from partnerhub.iati.models import Dataset, ImportProblem
from partnerhub.iati.tests.helpers import activities_file, activity_xml

pytestmark = pytest.mark.django_db


def _mixed_folder(root: Path) -> None:
    """Good files around a truncated one, an empty one, one in another encoding, and a copy."""
    activities_file(root / "a-good.xml", activity_xml("XM-A1"), activity_xml("XM-A2"))
    bad = activities_file(root / "b-truncated.xml", activity_xml("XM-B1"), activity_xml("XM-B2"))
    bad.write_text(bad.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    (root / "c-empty.xml").write_bytes(b"")
    latin = activity_xml("XM-D1").replace(
        '<narrative xml:lang="zh-Hant">供水 XM-D1</narrative>', ""
    )
    path = activities_file(root / "d-latin.xml", latin.replace("Wells", "Puits é"))
    # Declared UTF-8, written in windows-1252: read again in the fallback encoding.
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    (root / "e-copy.xml").write_bytes((root / "a-good.xml").read_bytes())
    activities_file(root / "f-good.xml", activity_xml("XM-F1"))


def _outcome() -> tuple[object, ...]:
    return (
        sorted(Activity.objects.values_list("iati_identifier", "title_en")),
        Transaction.objects.count(),
        sorted(Dataset.objects.values_list("name", "status", "activity_count")),
        sorted(ImportProblem.objects.values_list("dataset__name", "code", "line")),
    )


def _run(root: Path, *options: str) -> str:
    out = io.StringIO()
    with pytest.raises(CommandError) as stopped:
        call_command("iati_import", str(root), *options, stdout=out)
    assert stopped.value.returncode == 1  # the truncated and the empty file failed
    return out.getvalue()


def test_reading_ahead_gives_every_file_the_outcome_of_a_serial_import(tmp_path: Path) -> None:
    _mixed_folder(tmp_path)
    serial_summary = _run(tmp_path, "--serial").strip().splitlines()[-1]
    serial = _outcome()
    Activity.objects.all().delete()
    Dataset.objects.all().delete()
    ahead_summary = _run(tmp_path).strip().splitlines()[-1]
    assert _outcome() == serial
    assert ahead_summary == serial_summary
    assert ahead_summary.startswith("3 imported, 1 skipped, 2 failed; 4 activities")
    assert "Puits é" in Activity.objects.get(iati_identifier="XM-D1").description_en


def test_a_file_the_writer_passes_over_does_not_hold_up_the_next(tmp_path: Path) -> None:
    files = [
        activities_file(tmp_path / "one.xml", activity_xml("XM-1")),
        activities_file(tmp_path / "two.xml", activity_xml("XM-2"), activity_xml("XM-3")),
        activities_file(tmp_path / "three.xml", activity_xml("XM-4")),
    ]
    with ReadAhead(files) as read_ahead:
        first = dataset_import(path=files[0], read_ahead=read_ahead)
        # "two.xml" was read too, but is never written: its batches are passed over.
        third = dataset_import(path=files[2], read_ahead=read_ahead)
        with pytest.raises(ValueError, match="not a later file"):
            read_ahead.open(files[1])
    assert (first.activities, third.activities) == (1, 1)
    assert set(Activity.objects.values_list("iati_identifier", flat=True)) == {"XM-1", "XM-4"}


def test_files_whose_bytes_are_already_imported_are_not_read_again(tmp_path: Path) -> None:
    path = activities_file(tmp_path / "a.xml", activity_xml("XM-1"))
    assert dataset_import_needed(path=path, root=tmp_path) is True
    call_command("iati_import", str(tmp_path), stdout=io.StringIO())
    assert dataset_import_needed(path=path, root=tmp_path) is False
    assert dataset_import_needed(path=path, root=tmp_path, force=True) is True
    out = io.StringIO()
    call_command("iati_import", str(tmp_path), stdout=out)
    assert "skipped: unchanged since the last import" in out.getvalue()
