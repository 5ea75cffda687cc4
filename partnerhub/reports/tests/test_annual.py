"""The Article 15 annual report: data first, then PDF, HTML and XLSX, frozen once issued."""

from __future__ import annotations

import io
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partnerhub.activities.models import Transaction
from partnerhub.core.models import Job
from partnerhub.reports.models import AnnualReport
from partnerhub.reports.services import annual_report_issue
from partnerhub.reports.tests.fixtures import hand_world
from partnerhub.test import administrator, run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    return hand_world()


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def amount(value: str) -> str:
    return f"{Decimal(value):,.0f}"


def test_it_prints_in_the_pdf_the_totals_of_the_data_object(
    world: dict[str, Any], tmp_path: Path
) -> None:
    report = annual_report_issue(year=2023)
    data = report.data
    # A hand-computed figure first: 200,000 spent by A and 103,750 by B in 2023.
    assert data["amount"] == "303750.00"
    text = pdf_text(bytes(report.pdf_zh), tmp_path)
    assert "國際合作發展年度報告" in text and "303,750" in text
    for table in data["tables"]:
        assert table["title"]["zh-hant"] in text
        assert amount(table["amount"]) in text
        for row in table["rows"]:
            assert amount(row["amount"]) in text
    for activity in data["annex"]:
        assert activity["title"]["zh-hant"] in text
    english = pdf_text(bytes(report.pdf_en), tmp_path)
    assert "Annual report on international cooperation and" in english
    assert "303,750" in english and "By Sustainable Development Goal" in english
    # A page renders to an image (the charts and the CJK text draw).
    (tmp_path / "report.pdf").write_bytes(bytes(report.pdf_zh))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "3", "-l", "3", str(tmp_path / "report.pdf"),
         str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    page = next(tmp_path.glob("page*.png")).read_bytes()
    assert page.startswith(b"\x89PNG") and len(page) > 5_000
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(bytes(report.annex_xlsx)))
    assert book["Annex 附錄"].max_row == len(data["annex"]) + 1


def test_it_issues_new_versions_and_never_changes_an_issued_one(world: dict[str, Any]) -> None:
    out = io.StringIO()
    call_command("reports_build", "--year", "2023", "--dry-run", stdout=out)
    assert "USD 303750.00" in out.getvalue() and not AnnualReport.objects.exists()
    call_command("reports_build", "--year", "2023", stdout=io.StringIO())
    first = AnnualReport.objects.get(year=2023, version=1)

    # A later edit: B's dollar disbursement doubles.
    Transaction.objects.filter(activity=world["b"], currency="USD").update(value=Decimal(20_000))
    staff = Client()
    staff.force_login(administrator())
    response = staff.post(reverse("reports:annual-build"), {"year": "2023"})
    job = Job.objects.get(kind="reports-annual")
    assert response["Location"] == reverse("reports:job", args=[job.pk])
    run_worker()
    job.refresh_from_db()
    assert job.state == "succeeded", job.error_en
    assert (
        staff.get(reverse("reports:job", args=[job.pk]), {"format": "json"}).json()["percent"]
        == 100
    )

    second = AnnualReport.objects.get(year=2023, version=2)
    first.refresh_from_db()
    assert first.data["amount"] == "303750.00" and second.data["amount"] == "313750.00"
    assert {"kind": "total", "before": "303750.00", "after": "313750.00"} in second.changes
    assert any(c["kind"] == "changed" and c["activity"] == world["b"].pk for c in second.changes)
    old_page = Client().get(reverse("reports:annual", args=[2023, 1])).content.decode()
    assert "303,750" in old_page and "313,750" not in old_page
    client = Client()
    translation.activate("en")  # the addresses below are of pages in this language
    new_page = client.get(reverse("reports:annual", args=[2023, 2])).content.decode()
    assert "313,750" in new_page and "changes since the previous version" in new_page
    pdf = client.get(reverse("reports:annual-file", args=[2023, 2, "report-en.pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == bytes(second.pdf_en)


def test_it_lets_only_permitted_staff_build_a_report(world: dict[str, Any]) -> None:
    assert Client().post(reverse("reports:annual-build"), {"year": "2023"}).status_code == 302
    staff = Client()
    staff.force_login(administrator())
    bad = staff.post(reverse("reports:annual-build"), {"year": "last year"})
    assert bad.status_code == 400 and not Job.objects.exists()
