"""Nothing lost, nothing silently replaced or doubled: one small file per defect of the import."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from partnerhub.activities.models import Activity, Transaction
from partnerhub.iati.importer import TEXT_LIMIT, dataset_import
from partnerhub.iati.models import Dataset, ImportProblem, SupersededActivity
from partnerhub.iati.tests.helpers import activities_file, activity_xml

pytestmark = pytest.mark.django_db


def _dated(identifier: str, updated: str, title: str = "") -> str:
    xml = activity_xml(identifier).replace("2024-01-02T00:00:00Z", updated)
    return xml.replace(f"Water for {identifier}", title) if title else xml


# ---- 1. Dataset identity ------------------------------------------------------------------


def test_it_keeps_two_files_with_the_same_base_name_as_two_datasets(tmp_path: Path) -> None:
    for folder, ident in (("covid", "XM-COVID-1"), ("foodsecurity", "XM-FOOD-1")):
        (tmp_path / folder).mkdir()
        activities_file(tmp_path / folder / "dportal.xml", activity_xml(ident))
    call_command("iati_import", str(tmp_path), stdout=io.StringIO())
    assert set(Dataset.objects.values_list("name", flat=True)) == {
        "covid/dportal.xml",
        "foodsecurity/dportal.xml",
    }
    assert set(Activity.objects.values_list("iati_identifier", flat=True)) == {
        "XM-COVID-1",
        "XM-FOOD-1",
    }


def test_it_names_a_dataset_by_registry_publisher_and_name_when_metadata_is_there(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data" / "afdb"
    data.mkdir(parents=True)
    activities_file(data / "afdb-ao.xml", activity_xml("XM-AO-1"))
    meta = tmp_path / "metadata" / "afdb"
    meta.mkdir(parents=True)
    (meta / "afdb-ao.json").write_text(
        json.dumps({"name": "afdb-ao", "organization": {"name": "afdb"}}), encoding="utf-8"
    )
    call_command("iati_import", str(tmp_path), stdout=io.StringIO())
    dataset = Dataset.objects.get()
    assert (dataset.name, dataset.registry_publisher, dataset.registry_name) == (
        "afdb/afdb-ao",
        "afdb",
        "afdb-ao",
    )


def test_it_reports_a_file_that_moved_as_a_rename(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    activities_file(tmp_path / "old" / "a.xml", activity_xml("XM-1"))
    call_command("iati_import", str(tmp_path), stdout=io.StringIO())
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "a.xml").rename(tmp_path / "new" / "a.xml")
    (tmp_path / "old").rmdir()
    out = io.StringIO()
    call_command("iati_import", str(tmp_path), stdout=out)
    assert "renamed from old/a.xml" in out.getvalue()
    dataset = Dataset.objects.get()
    assert dataset.name == "new/a.xml" and Activity.objects.count() == 1
    renamed = dataset.problems.get(code="dataset-renamed")
    assert "old/a.xml" in renamed.message_en and "改名" in renamed.message_zh


# ---- 2. The same activity in two datasets -------------------------------------------------


def test_it_keeps_the_latest_copy_current_and_the_other_as_a_superseded_version(
    tmp_path: Path,
) -> None:
    older = activities_file(
        tmp_path / "a.xml", _dated("XM-DUP-1", "2023-01-01T00:00:00Z", "Old title")
    )
    newer = activities_file(
        tmp_path / "b.xml", _dated("XM-DUP-1", "2024-06-01T00:00:00Z", "New title")
    )
    first = dataset_import(path=older)
    second = dataset_import(path=newer)
    assert (first.activities, second.activities, second.superseded) == (1, 1, 0)
    # Lists and totals count the activity once: one row, the newer copy.
    activity = Activity.objects.get()
    assert activity.title_en == "New title"
    assert Transaction.objects.count() == 1
    kept = SupersededActivity.objects.get()
    assert (kept.dataset.name, kept.title) == ("a.xml", "Old title")
    problem = ImportProblem.objects.get(code="duplicate-activity")
    assert problem.dataset.name == "b.xml" and "'a.xml'" in problem.message_en
    assert "取代" in problem.message_zh

    html = Client().get(reverse("portal:activity", args=[activity.pk])).content.decode()
    assert "Old title" in html and "a.xml" in html

    # An older copy arriving later is kept as superseded; the current one stays.
    third = dataset_import(
        path=activities_file(
            tmp_path / "c.xml", _dated("XM-DUP-1", "2022-01-01T00:00:00Z", "Oldest")
        )
    )
    assert (third.activities, third.superseded) == (0, 1)
    assert Activity.objects.get().title_en == "New title"
    assert SupersededActivity.objects.count() == 2


def test_it_makes_a_superseded_copy_current_again_when_the_current_one_goes(
    tmp_path: Path,
) -> None:
    dataset_import(
        path=activities_file(tmp_path / "a.xml", _dated("XM-D", "2023-01-01T00:00:00Z", "A"))
    )
    newer = activities_file(tmp_path / "b.xml", _dated("XM-D", "2024-01-01T00:00:00Z", "B"))
    dataset_import(path=newer)
    # b.xml no longer publishes the activity: a.xml's copy is current again, with its money.
    activities_file(newer, activity_xml("XM-OTHER"))
    dataset_import(path=newer)
    activity = Activity.objects.get(iati_identifier="XM-D")
    assert (
        activity.title_en == "A"
        and activity.provenance == Dataset.objects.get(name="a.xml").provenance
    )
    assert activity.transactions.count() == 1 and activity.countries.count() == 2
    assert not SupersededActivity.objects.exists()


def test_it_breaks_a_tie_by_the_datasets_own_date(tmp_path: Path) -> None:
    def file(name: str, generated: str, title: str) -> Path:
        path = activities_file(tmp_path / name, _dated("XM-T", "2024-01-01T00:00:00Z", title))
        text = path.read_text(encoding="utf-8").replace(
            '<iati-activities version="2.03">',
            f'<iati-activities version="2.03" generated-datetime="{generated}">',
        )
        path.write_text(text, encoding="utf-8")
        return path

    dataset_import(path=file("late.xml", "2024-05-01T00:00:00Z", "Late"))
    dataset_import(path=file("early.xml", "2024-02-01T00:00:00Z", "Early"))
    assert Activity.objects.get().title_en == "Late"
    assert SupersededActivity.objects.get().title == "Early"


# ---- 2b. The same activity twice in one file ----------------------------------------------


def _lines_of(path: Path, identifier: str) -> list[int]:
    """The lines of ``path`` where the iati-activity holding ``identifier`` starts."""
    text = path.read_text(encoding="utf-8").splitlines()
    starts = [n for n, line in enumerate(text, 1) if "<iati-activity" in line]
    found = [n for n, line in enumerate(text, 1) if f"<iati-identifier>{identifier}<" in line]
    return [max(s for s in starts if s < n) for n in found]


@pytest.mark.parametrize("batch_size", [1000, 1], ids=["one-batch", "batch-per-activity"])
@pytest.mark.parametrize("newer_first", [False, True], ids=["newer-later", "newer-first"])
def test_it_keeps_one_current_copy_of_an_identifier_published_twice_in_one_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_size: int, newer_first: bool
) -> None:
    monkeypatch.setattr("partnerhub.iati.importer.BATCH_SIZE", batch_size)
    old = _dated("XM-TWICE-1", "2023-01-01T00:00:00Z", "Old title")
    new = _dated("XM-TWICE-1", "2024-06-01T00:00:00Z", "New title")
    copies = (new, old) if newer_first else (old, new)
    path = activities_file(tmp_path / "twice.xml", copies[0], activity_xml("XM-OTHER-1"), copies[1])
    first_line, second_line = _lines_of(path, "XM-TWICE-1")
    current_line, other_line = (
        (first_line, second_line) if newer_first else (second_line, first_line)
    )

    result = dataset_import(path=path)

    # Lists and totals count the activity once: one row, the newer copy with its money only.
    assert (result.activities, result.superseded) == (2, 1)
    assert Activity.objects.filter(iati_identifier="XM-TWICE-1").get().title_en == "New title"
    assert Activity.objects.count() == 2 and Transaction.objects.count() == 2
    kept = SupersededActivity.objects.get()
    assert (kept.dataset.name, kept.title, kept.line) == ("twice.xml", "Old title", other_line)
    problem = ImportProblem.objects.get(code="duplicate-identifier")
    assert problem.line == second_line
    assert f"lines {first_line} and {second_line}" in problem.message_en
    assert f"the copy on line {current_line} is current" in problem.message_en
    assert f"第 {first_line} 行與第 {second_line} 行" in problem.message_zh
    dataset = Dataset.objects.get()
    assert (dataset.activity_count, dataset.problem_count) == (3, 1)

    # The same file again changes nothing.
    again = dataset_import(path=path, force=True)
    assert (again.activities, again.superseded) == (2, 1)
    assert Activity.objects.get(iati_identifier="XM-TWICE-1").title_en == "New title"
    assert SupersededActivity.objects.get().line == other_line


def test_it_keeps_the_first_copy_in_the_file_when_both_are_equally_recent(tmp_path: Path) -> None:
    path = activities_file(
        tmp_path / "tie.xml",
        _dated("XM-TIE-1", "2024-01-01T00:00:00Z", "First"),
        _dated("XM-TIE-1", "2024-01-01T00:00:00Z", "Second"),
    )
    dataset_import(path=path)
    assert Activity.objects.get().title_en == "First"
    assert SupersededActivity.objects.get().title == "Second"


def test_it_weighs_both_copies_in_one_file_against_another_datasets_copy(tmp_path: Path) -> None:
    dataset_import(
        path=activities_file(tmp_path / "a.xml", _dated("XM-3", "2024-03-01T00:00:00Z", "A"))
    )
    path = activities_file(
        tmp_path / "b.xml",
        _dated("XM-3", "2023-01-01T00:00:00Z", "B old"),
        _dated("XM-3", "2025-01-01T00:00:00Z", "B new"),
    )
    dataset_import(path=path)
    assert Activity.objects.get().title_en == "B new"
    assert set(SupersededActivity.objects.values_list("title", flat=True)) == {"A", "B old"}
    in_file = ImportProblem.objects.get(code="duplicate-identifier")
    assert "is current" in in_file.message_en


def test_a_later_copy_in_the_file_replaces_a_superseded_copy_its_earlier_copy_brought_back(
    tmp_path: Path,
) -> None:
    dataset_import(
        path=activities_file(tmp_path / "a.xml", _dated("XM-4", "2023-01-01T00:00:00Z", "A"))
    )
    b = tmp_path / "b.xml"
    dataset_import(path=activities_file(b, _dated("XM-4", "2024-01-01T00:00:00Z", "B")))
    # b.xml now holds an older and a newer copy: the older loses to a.xml's (which comes back),
    # the newer beats it (which goes back to being superseded).
    activities_file(
        b,
        _dated("XM-4", "2022-01-01T00:00:00Z", "B old"),
        _dated("XM-4", "2025-01-01T00:00:00Z", "B new"),
    )
    dataset_import(path=b)
    assert list(Activity.objects.values_list("title_en", flat=True)) == ["B new"]
    assert set(SupersededActivity.objects.values_list("title", flat=True)) == {"A", "B old"}


def test_it_counts_an_identifier_twice_in_a_file_once_in_a_dry_run(tmp_path: Path) -> None:
    path = activities_file(tmp_path / "dry.xml", activity_xml("XM-DRY-1"), activity_xml("XM-DRY-1"))
    result = dataset_import(path=path, dry_run=True)
    assert result.activities == 1
    assert [p.code for p in result.sample_problems] == ["duplicate-identifier"]
    assert not Activity.objects.exists()


# ---- 3. @version on each iati-activity ----------------------------------------------------


def test_it_reads_the_version_set_on_each_activity(tmp_path: Path) -> None:
    body = activity_xml(
        "XM-V-1", extra='<location ref="L1"><name><narrative>Town</narrative></name></location>'
    ).replace("<iati-activity ", '<iati-activity version="2.03" ')
    path = tmp_path / "v.xml"
    path.write_text(f"<iati-activities>{body}</iati-activities>", encoding="utf-8")
    result = dataset_import(path=path)
    assert result.version == "2.03"
    activity = Activity.objects.get()
    assert "location" in activity.extra["xml"]  # a 1.01 reading would have dropped it
    assert not ImportProblem.objects.filter(code__in=["missing-version", "legacy-code"]).exists()


# ---- 4. Activities without an identifier --------------------------------------------------


def test_it_imports_an_activity_without_identifier_under_a_derived_one(tmp_path: Path) -> None:
    with_other = activity_xml("X").replace(
        "<iati-identifier>X</iati-identifier>",
        '<other-identifier ref="OWN-42" type="B1"/>',
    )
    bare = activity_xml("Y").replace("<iati-identifier>Y</iati-identifier>", "")
    path = activities_file(tmp_path / "noid.xml", with_other, bare)
    result = dataset_import(path=path)
    assert result.activities == 2
    assert set(Activity.objects.values_list("iati_identifier", flat=True)) == {
        "OWN-42",
        "XM-DAC-41114-ACTIVITY-2",
    }
    assert Transaction.objects.count() == 2  # transactions stay with their activity
    problems = ImportProblem.objects.filter(code="derived-identifier")
    assert problems.count() == 2 and all(p.line for p in problems)
    # The same file read again gives the same identifiers (stable), replacing, not doubling.
    dataset_import(path=path, force=True)
    assert Activity.objects.count() == 2


# ---- 7. Exit code, summary, empty files, oversized text -----------------------------------


def test_it_exits_non_zero_and_counts_only_committed_activities(tmp_path: Path) -> None:
    activities_file(tmp_path / "good.xml", activity_xml("XM-G"))
    bad = activities_file(tmp_path / "bad.xml", activity_xml("XM-B1"), activity_xml("XM-B2"))
    bad.write_text(bad.read_text(encoding="utf-8")[:-40], encoding="utf-8")  # truncated
    out = io.StringIO()
    with pytest.raises(CommandError) as stopped:
        call_command("iati_import", str(tmp_path), "--serial", stdout=out)
    assert stopped.value.returncode == 1
    assert (
        out.getvalue()
        .strip()
        .splitlines()[-1]
        .startswith("1 imported, 0 skipped, 1 failed; 1 activities")
    )
    assert list(Activity.objects.values_list("iati_identifier", flat=True)) == ["XM-G"]


def test_it_says_a_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_bytes(b"")
    result = dataset_import(path=path)
    assert result.status == "failed" and "empty" in result.error and "None" not in result.error
    problem = Dataset.objects.get(name="empty.xml").problems.get()
    assert problem.code == "empty-file" and "空" in problem.message_zh
    blank = tmp_path / "blank.xml"
    blank.write_text("   \n", encoding="utf-8")
    result = dataset_import(path=blank)
    assert result.status == "failed" and "None" not in result.error


def test_it_cuts_an_oversized_text_and_keeps_the_file(tmp_path: Path) -> None:
    huge = "x" * (10 * 1024 * 1024 + 10)
    big = activity_xml("XM-BIG").replace(
        "<narrative>Wells and pipes.</narrative>", f"<narrative>{huge}</narrative>"
    )
    path = activities_file(tmp_path / "big.xml", big, activity_xml("XM-SMALL"))
    result = dataset_import(path=path)
    assert result.status == "imported" and result.activities == 2
    activity = Activity.objects.get(iati_identifier="XM-BIG")
    assert len(activity.description_en) <= TEXT_LIMIT
    problem = ImportProblem.objects.get(code="text-truncated")
    assert str(len(huge)) in problem.message_en and "截斷" in problem.message_zh
