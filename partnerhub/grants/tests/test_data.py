"""The workbook round trip, the exports of a call and the auditors' dossier."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from partnerhub.grants import files, services, spreadsheets
from partnerhub.grants.models import Application
from partnerhub.grants.tests.conftest import PDF, complete_draft

pytestmark = pytest.mark.django_db


def _book(budget_rows, indicator_rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = spreadsheets.BUDGET_SHEET
    sheet.append(spreadsheets.BUDGET_HEADERS)
    for row in budget_rows:
        sheet.append(row)
    other = book.create_sheet(spreadsheets.INDICATOR_SHEET)
    other.append(spreadsheets.INDICATOR_HEADERS)
    for row in indicator_rows:
        other.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _draft(world):
    app = services.application_create(
        call=world["call"], organisation=world["ngo"], actor=world["applicant"]
    )
    return services.application_save(
        application=app, draft=complete_draft(), version=1, actor=world["applicant"]
    )


def test_it_names_every_bad_cell_of_a_workbook_in_both_languages():
    data = _book(
        [["Medicines", 1000, "TWD"], ["", "lots", "dollars"]],
        [["output", "Clinics", "Patients", "people", 0, 3000, "Registers"],
         ["impact", "", "Visits", "visits", "x", 10, ""]],
    )  # fmt: skip
    preview = spreadsheets.read_workbook(io.BytesIO(data))
    cells = {(p.sheet, p.cell) for p in preview.problems}
    assert cells == {
        (spreadsheets.BUDGET_SHEET, "A3"),
        (spreadsheets.BUDGET_SHEET, "B3"),
        (spreadsheets.BUDGET_SHEET, "C3"),
        (spreadsheets.INDICATOR_SHEET, "A3"),
        (spreadsheets.INDICATOR_SHEET, "B3"),
        (spreadsheets.INDICATOR_SHEET, "E3"),
    }
    assert all(p.message_zh and p.message_en for p in preview.problems)
    assert [b.item for b in preview.budget] == ["Medicines"]


def test_it_refuses_a_file_that_is_not_a_workbook():
    preview = spreadsheets.read_workbook(io.BytesIO(b"plain text"))
    assert [p.message_en for p in preview.problems] == [
        "The file is not an Excel workbook (.xlsx)."
    ]


def test_it_round_trips_the_workbook_through_preview_and_commit(client, world):
    app = _draft(world)
    client.force_login(world["applicant"])
    template = client.get(reverse("grants:workbook", args=[app.pk]))
    book = load_workbook(io.BytesIO(template.content))
    assert book[spreadsheets.BUDGET_SHEET]["A2"].value == "Medicines"
    data = _book(
        [["Vaccines", 500000, "TWD"]],
        [["outcome", "Healthier villages", "Cases of malaria", "cases", 200, 50, "Clinic data"]],
    )
    preview = client.post(
        reverse("grants:workbook", args=[app.pk]),
        {"file": SimpleUploadedFile("filled.xlsx", data)},
    )
    assert "Vaccines" in preview.content.decode()
    assert Application.objects.get(pk=app.pk).budget.first().item == "Medicines"
    client.post(reverse("grants:workbook_commit", args=[app.pk]))
    saved = Application.objects.get(pk=app.pk)
    assert [b.item for b in saved.budget.all()] == ["Vaccines"]
    assert saved.indicators.get().target == Decimal(50)


def test_it_shows_the_cells_and_saves_nothing_when_the_workbook_is_wrong(client, world):
    app = _draft(world)
    client.force_login(world["applicant"])
    translation.activate("en")  # the addresses below are of pages in this language
    data = _book([["Vaccines", "many", "TWD"]], [])
    page = client.post(
        reverse("grants:workbook", args=[app.pk]), {"file": SimpleUploadedFile("f.xlsx", data)}
    )
    body = page.content.decode()
    assert "B2" in body and "many is not an amount" in body
    client.post(reverse("grants:workbook_commit", args=[app.pk]))
    assert Application.objects.get(pk=app.pk).budget.first().item == "Medicines"


def test_it_exports_a_calls_applications_for_officers_only(client, world):
    app = _draft(world)
    files.attachment_add(
        application=app, kind="proposal", upload=SimpleUploadedFile("p.pdf", PDF),
        actor=world["applicant"],
    )  # fmt: skip
    services.application_transition(application=app, name="submit", actor=world["applicant"])
    client.force_login(world["applicant"])
    assert client.get(reverse("grants:export_csv", args=["ngo-2026"])).status_code == 404
    client.force_login(world["officer"])
    text = client.get(reverse("grants:export_csv", args=["ngo-2026"])).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["reference"], r["state"], r["budget_total"]) for r in rows] == [
        (app.reference, "submitted", "1200000.00")
    ]
    xlsx = client.get(reverse("grants:export_xlsx", args=["ngo-2026"])).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet["A2"].value == app.reference


def test_it_gives_auditors_one_dossier_with_versions_files_and_history(client, world):
    app = _draft(world)
    files.attachment_add(
        application=app, kind="proposal", upload=SimpleUploadedFile("proposal.pdf", PDF),
        actor=world["applicant"],
    )  # fmt: skip
    client.force_login(world["officer"])
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("grants:dossier", args=[app.pk])).content)
    )
    names = archive.namelist()
    assert "application.json" in names and "history.csv" in names
    assert any(n.endswith("-proposal.pdf") for n in names)
    data = json.loads(archive.read("application.json"))
    assert [r["version"] for r in data["revisions"]] == [1, 2]


def test_it_leaves_no_file_on_disk_when_an_attachment_row_cannot_be_saved(world, monkeypatch):
    app = _draft(world)

    def failing_audit(**kwargs):
        raise OSError("audit store unavailable")

    monkeypatch.setattr(files, "audit_record", failing_audit)
    with pytest.raises(OSError, match="audit store unavailable"):
        files.attachment_add(
            application=app, kind="proposal", upload=SimpleUploadedFile("p.pdf", PDF),
            actor=world["applicant"],
        )  # fmt: skip
    assert not app.attachments.exists()
    assert list(files.storage_dir().iterdir()) == []


def test_it_sweeps_stored_files_that_no_attachment_names_once_they_are_old(world):
    import datetime as dt
    import os

    from django.utils import timezone

    app = _draft(world)
    kept = files.attachment_add(
        application=app, kind="proposal", upload=SimpleUploadedFile("p.pdf", PDF),
        actor=world["applicant"],
    )  # fmt: skip
    orphan = files.storage_dir() / "left-by-a-rolled-back-transaction"
    orphan.write_bytes(PDF)
    fresh = files.storage_dir() / "still-being-committed"
    fresh.write_bytes(PDF)
    old = (timezone.now() - dt.timedelta(days=1)).timestamp()
    for path in (orphan, files.attachment_path(kept)):
        os.utime(path, (old, old))
    assert files.attachments_orphans_sweep() == 1
    assert not orphan.exists()
    assert files.attachment_path(kept).exists() and fresh.exists()
