"""The running-text tables through the loader: records, organisations and provenance on the
database, and their lines in the command's per-table report."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from partnerhub.activities.models import Activity
from partnerhub.events.models import Event
from partnerhub.organisations.models import Organisation
from partnerhub.reference.models import Country
from partnerhub.seeds.models import SourceEntry
from partnerhub.seeds.services import seeds_import
from partnerhub.seeds.tests.passage_countries import COUNTRY_NAMES

pytestmark = pytest.mark.django_db


def _load_countries() -> None:
    by_code: dict[str, list[str]] = {}
    for name, code in COUNTRY_NAMES:
        by_code.setdefault(code, []).append(name)
    for code in ("TW", "US", "CH", "JP", "PL"):
        by_code.setdefault(code, [code])
    Country.objects.bulk_create(
        Country(code=code, name_zh=names[0], aliases=names[1:], is_iso=code != "XS")
        for code, names in by_code.items()
    )


@pytest.fixture
def documents(seeds_dir: Path, tmp_path: Path) -> Path:
    """A seeds directory holding the white paper and the 2024 review."""
    for pattern in ("002_*.txt", "003_*.txt"):
        source = next(seeds_dir.glob(pattern))
        shutil.copy(source, tmp_path / source.name)
    _load_countries()
    return tmp_path


def test_it_imports_the_funds_with_their_bank_amount_and_lines(documents: Path) -> None:
    report = seeds_import(seeds_dir=documents, only="whitepaper-body-funds")
    assert report.problems == []
    assert report.counts["whitepaper-body-funds"]["2020"] == 2
    assert report.counts["whitepaper-body-funds"]["-"] == 5
    loan = Activity.objects.get(iati_identifier="TW-SEEDS-WP2023-FUND-cabei-covid-emergency-2020")
    assert loan.provenance is not None
    assert (loan.provenance.line_start, loan.provenance.line_end) == (2440, 2442)
    (transaction,) = loan.transactions.all()
    assert (transaction.value, transaction.currency) == (Decimal(130_000_000), "USD")
    bank = Organisation.objects.get(abbreviation="CABEI")
    assert bank.name_en == "Central American Bank for Economic Integration"
    assert loan.participations.get(role="4").organisation == bank
    # 「歐銀」 and 「EBRD」 are one organisation.
    assert Organisation.objects.filter(abbreviation="EBRD").count() == 1


def test_it_imports_the_review_twice_without_duplicates(documents: Path) -> None:
    first = seeds_import(seeds_dir=documents, only="review-2024")
    second = seeds_import(seeds_dir=documents, only="review-2024")
    assert first.counts == second.counts == {"review-2024": {"2024": 40, "organisations": 3}}
    assert second.problems == []
    assert Activity.objects.filter(source="review-2024").count() == 13
    assert Event.objects.filter(source="review-2024").count() == 18
    assert SourceEntry.objects.filter(table="review-2024").count() == 9
    mongolia = Activity.objects.get(iati_identifier="TW-SEEDS-REVIEW2024-mongolia-dzud-recovery")
    assert [c.country.code for c in mongolia.countries.all() if c.country] == ["MN"]


def test_it_prints_each_new_table_with_its_counts_per_year(documents: Path) -> None:
    out = StringIO()
    call_command("seeds_import", "--seeds-dir", str(documents), "--dry-run", stdout=out)
    text = out.getvalue()
    for line in (
        "whitepaper-body-gctf (002_",
        "whitepaper-body-icdf (002_",
        "whitepaper-body-funds (002_",
        "whitepaper-body-turkiye-syria (002_",
        "whitepaper-body-jordan (002_",
        "review-2024 (003_",
    ):
        assert line in text
    assert re.search(r"whitepaper-body-gctf \(002_\w+\.txt\): 4\n  2023: 4\n", text)
    assert re.search(r"whitepaper-body-jordan \(002_\w+\.txt\): 1\n  2011: 1\n", text)
    assert Activity.objects.filter(source__startswith="whitepaper-body").count() == 0
