"""Appendices 2 and 4 loaded into the database by ``seeds_import``, with their report."""

from __future__ import annotations

import datetime as dt
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from partnerhub.activities.models import Activity
from partnerhub.core.models import Provenance
from partnerhub.organisations.models import Organisation
from partnerhub.reference.models import Country
from partnerhub.seeds.models import SeedImportRun, SeedProblem, SourceEntry
from partnerhub.seeds.services import seeds_import
from partnerhub.seeds.tests.test_appendix2 import EXPECTED_PARTICIPATIONS
from partnerhub.seeds.tests.test_appendix2 import EXPECTED_PER_YEAR as APPENDIX_2
from partnerhub.seeds.tests.test_appendix4 import EXPECTED_MEASURES
from partnerhub.seeds.tests.test_appendix4 import EXPECTED_PER_YEAR as APPENDIX_4
from partnerhub.seeds.tests.test_import import load_countries

pytestmark = pytest.mark.django_db

#: Countries the two appendices name that the shared test list of Appendix 1 lacks.
MORE_COUNTRIES = {
    "SI": "斯洛維尼亞",
    "TN": "突尼西亞",
    "AD": "安道爾",
    "NO": "挪威",
    "CH": "瑞士",
    "HK": "香港",
    "CL": "智利",
    "GE": "喬治亞",
    "SN": "塞內加爾",
    "UY": "烏拉圭",
    "PT": "葡萄牙",
    "KW": "科威特",
    "SA": "沙烏地阿拉伯",
    "RU": "俄羅斯",
    "CR": "哥斯大黎加",
}


@pytest.fixture
def white_paper_only(seeds_dir: Path, tmp_path: Path) -> Path:
    source = next(seeds_dir.glob("002_*.txt"))
    shutil.copy(source, tmp_path / source.name)
    return tmp_path


@pytest.fixture
def countries() -> None:
    load_countries()
    Country.objects.bulk_create(Country(code=c, name_zh=n) for c, n in MORE_COUNTRIES.items())


def test_it_imports_appendix_2_with_its_report_per_year(
    white_paper_only: Path, countries: None
) -> None:
    report = seeds_import(seeds_dir=white_paper_only, only="appendix-2")
    assert report.counts == {"appendix-2": {**APPENDIX_2, **EXPECTED_PARTICIPATIONS}}
    assert report.problems == []
    assert Activity.objects.filter(source="whitepaper-appendix-2").count() == 42
    assert SourceEntry.objects.filter(kind="participation").count() == 125
    forum = Activity.objects.get(iati_identifier="TW-TFD-WP2023-A2-2016-03")
    assert (forum.provenance.line_start, forum.provenance.line_end) == (5108, 5127)
    assert list(forum.countries.values_list("code", flat=True)) == ["MN"]
    foundation = Organisation.objects.get(name_en="Taiwan Foundation for Democracy")
    assert foundation.name_zh == "財團法人臺灣民主基金會"
    assert forum.participations.get().organisation == foundation
    # The title has the project's translation; the summary is composed from the record.
    assert (forum.title_en_status, forum.description_en_status) == ("translated", "composed")
    assert forum.title_en == (
        "3rd East Asia Democracy Forum, held in Mongolia with the Mongolian Women's Fund (MONES)"
    )
    assert forum.description_en == (
        "Carried out by the Taiwan Foundation for Democracy in 2016. Countries named: Mongolia."
    )


def test_it_imports_appendix_4_and_stores_the_cross_check(
    white_paper_only: Path, countries: None
) -> None:
    report = seeds_import(seeds_dir=white_paper_only, only="appendix-4")
    assert report.counts == {"appendix-4": {**APPENDIX_4, "防疫政策": EXPECTED_MEASURES}}
    assert [(p.code, p.line) for p in report.problems] == [
        ("cross-check", 9555),
        ("cross-check", 9588),
        ("cross-check", 9614),
        ("cross-check", 9641),
        ("cross-check", 8506),
    ]
    stored = SeedProblem.objects.filter(run=SeedImportRun.objects.get(), code="cross-check")
    assert stored.count() == 5
    canada = Activity.objects.get(iati_identifier="TW-MOFA-WP2023-A4-AID-06")
    assert (canada.source, canada.humanitarian) == ("whitepaper-appendix-4", True)
    assert canada.actual_start == dt.date(2020, 4, 28)
    assert list(canada.countries.values_list("code", flat=True)) == ["CA"]
    assert canada.title_en == "COVID-19 international aid: Canada"
    provenance = Provenance.objects.get(activities=canada)
    assert (provenance.line_start, provenance.line_end) == (9350, 9376)
    somaliland = Activity.objects.get(iati_identifier="TW-MOFA-WP2023-A4-AID-21")
    assert list(somaliland.countries.values_list("code", flat=True)) == ["XS"]
    assert SourceEntry.objects.filter(kind="measure").count() == EXPECTED_MEASURES


def test_it_prints_both_tables_with_their_years(white_paper_only: Path, countries: None) -> None:
    out = StringIO()
    call_command("seeds_import", "--dry-run", "--seeds-dir", str(white_paper_only), stdout=out)
    printed = out.getvalue()
    assert "appendix-2 (002_73f349e2c11ffc5f.txt): 167" in printed
    assert "appendix-4 (002_73f349e2c11ffc5f.txt): 112" in printed
    assert "  2018: 9\n" in printed and "  年份未載: 21\n" in printed
    assert Activity.objects.count() == 0
