"""The seed loader and ``seeds_import`` command against the real white paper, on the database."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from partnerhub.activities.models import Activity, ActivityCountry, Participation
from partnerhub.core.exceptions import SourceError
from partnerhub.events.models import Event
from partnerhub.organisations.models import Organisation
from partnerhub.reference.models import Country
from partnerhub.seeds.models import SeedImportRun, SeedProblem
from partnerhub.seeds.pdftext import read_lines, squeeze
from partnerhub.seeds.services import seeds_import
from partnerhub.seeds.tests.test_appendix1 import COUNTRY_NAMES, EXPECTED_PER_YEAR
from partnerhub.test import administrator

pytestmark = pytest.mark.django_db


def load_countries(*, without: tuple[str, ...] = ()) -> None:
    by_code: dict[str, list[str]] = {}
    for name, code in COUNTRY_NAMES:
        by_code.setdefault(code, []).append(name)
    Country.objects.bulk_create(
        Country(code=code, name_zh=names[0], aliases=names[1:], is_iso=code != "XS")
        for code, names in by_code.items()
        if code not in without
    )


@pytest.fixture
def white_paper_only(seeds_dir: Path, tmp_path: Path) -> Path:
    """A seeds directory holding only the white paper, so other tables read nothing."""
    source = next(seeds_dir.glob("002_*.txt"))
    shutil.copy(source, tmp_path / source.name)
    return tmp_path


def test_it_imports_appendix_1_twice_without_duplicates(white_paper_only: Path) -> None:
    load_countries()
    first = seeds_import(seeds_dir=white_paper_only, only="appendix-1")
    second = seeds_import(seeds_dir=white_paper_only, only="appendix-1")
    assert first.counts == second.counts == {"appendix-1": EXPECTED_PER_YEAR}
    assert Activity.objects.filter(source="whitepaper-appendix-1").count() == 81
    ids = list(Activity.objects.values_list("iati_identifier", flat=True))
    assert len(ids) == len(set(ids))
    assert second.problems == []
    assert SeedImportRun.objects.count() == 2


def test_it_points_each_provenance_at_the_lines_of_its_row(
    white_paper_only: Path, seeds_dir: Path
) -> None:
    load_countries()
    seeds_import(seeds_dir=white_paper_only, only="appendix-1")
    lines = read_lines(next(seeds_dir.glob("002_*.txt")))
    activities = Activity.objects.select_related("provenance").prefetch_related("participations")
    for activity in activities:
        provenance = activity.provenance
        assert provenance is not None and provenance.line_start and provenance.line_end
        span = squeeze(
            "".join(line.raw for line in lines[provenance.line_start - 1 : provenance.line_end])
        )
        grantee = next(p for p in activity.participations.all() if p.role == "4")
        assert squeeze(activity.title_zh) in span
        assert squeeze(grantee.printed_name)[:4] in span


def test_it_links_organisations_through_the_alias_table(white_paper_only: Path) -> None:
    load_countries()
    seeds_import(seeds_dir=white_paper_only, only="appendix-1")
    garden = Organisation.objects.get(name_en="Garden of Hope Foundation")
    assert Participation.objects.filter(organisation=garden).count() == 10
    vision = Organisation.objects.filter(name_en="World Vision Taiwan")
    assert vision.count() == 1
    assert Participation.objects.filter(organisation__in=vision).count() == 5
    mofa = Organisation.objects.get(abbreviation="MOFA")
    assert Participation.objects.filter(organisation=mofa, role="1").count() == 81
    printed = set(Participation.objects.values_list("printed_name", flat=True))
    assert {"台灣世界展望會", "臺灣世界展望會", "阿彌陀佛關懷協會（ACC）"} <= printed


def test_it_links_each_country_once_per_activity(white_paper_only: Path) -> None:
    load_countries()
    seeds_import(seeds_dir=white_paper_only, only="appendix-1")
    relief = Activity.objects.get(iati_identifier="TW-MOFA-WP2023-A1-2022-003")
    codes = list(ActivityCountry.objects.filter(activity=relief).values_list("code", flat=True))
    assert sorted(codes) == sorted(["XS", "HT", "NR", "HN", "VC", "GT", "LC"])


def test_it_reports_an_unknown_country_with_its_line_instead_of_guessing(
    white_paper_only: Path,
) -> None:
    load_countries(without=("XS",))
    report = seeds_import(seeds_dir=white_paper_only, only="appendix-1")
    unknown = [p for p in report.problems if p.code == "unknown-country"]
    assert {(p.file.startswith("002_"), p.line, p.text) for p in unknown} == {
        (True, 4884, "索馬利蘭"),
        (True, 4938, "索馬利蘭"),
        (True, 4998, "索馬利蘭"),
    }
    assert SeedProblem.objects.filter(code="unknown-country").count() == 3
    assert Activity.objects.count() == 81


def test_it_imports_the_gctf_events_twice_without_duplicates(white_paper_only: Path) -> None:
    load_countries()
    seeds_import(seeds_dir=white_paper_only, only="appendix-3")
    report = seeds_import(seeds_dir=white_paper_only, only="appendix-3")
    assert report.total("appendix-3") == 55
    assert Event.objects.filter(source="whitepaper-appendix-3").count() == 55
    first = Event.objects.get(slug="gctf-2015-08-12")
    assert first.provenance is not None
    assert (first.provenance.line_start, first.provenance.line_end) == (6402, 6425)
    roles = set(first.organisers.values_list("printed_name", "role"))
    assert ("美國在臺協會", "co-organiser") in roles
    mofa = Organisation.objects.get(abbreviation="MOFA")
    assert first.organisers.filter(organisation=mofa, printed_name="臺灣外交部").exists()


def test_it_writes_nothing_on_a_dry_run(white_paper_only: Path) -> None:
    load_countries()
    report = seeds_import(seeds_dir=white_paper_only, dry_run=True, only="appendix-1")
    assert report.total() == 81
    assert "would import 81 records" in report.summary()
    assert Activity.objects.count() == 0
    assert SeedImportRun.objects.count() == 0


def test_it_reports_a_missing_document_and_skips_the_table(tmp_path: Path) -> None:
    load_countries()
    report = seeds_import(seeds_dir=tmp_path, only="appendix-1")
    assert [(p.code, p.file) for p in report.problems] == [("missing-file", "002_*.txt")]
    assert report.total() == 0


def test_it_rejects_an_import_before_the_reference_data(white_paper_only: Path) -> None:
    with pytest.raises(SourceError) as raised:
        seeds_import(seeds_dir=white_paper_only)
    assert "reference_load" in raised.value.message_en
    assert "reference_load" in raised.value.message_zh


def test_it_prints_the_report_and_a_summary_line(white_paper_only: Path) -> None:
    load_countries()
    out = StringIO()
    call_command(
        "seeds_import", "--seeds-dir", str(white_paper_only), "--only", "appendix-1", stdout=out
    )
    text = out.getvalue()
    assert "appendix-1 (002_" in text
    assert "  2018: 22" in text
    assert text.strip().splitlines()[-1] == (
        "seeds_import imported 81 records from 1 tables with 0 problems."
    )


def test_it_fails_the_command_with_a_bilingual_message_without_countries(
    white_paper_only: Path,
) -> None:
    with pytest.raises(CommandError, match="reference_load"):
        call_command("seeds_import", "--seeds-dir", str(white_paper_only), stdout=StringIO())


def test_it_stores_an_unreadable_line_as_a_problem_with_its_number(tmp_path: Path) -> None:
    load_countries()
    (tmp_path / "002_edition.txt").write_text(
        " 附錄一 2018 年至 2022 年外交部與民間團體合作\n"
        "2018年 \n"
        "計畫名稱 補助單位 受惠國家 \n"
        "緬甸義診案 靈鷲山基金會 緬甸 \n"
        "一行看不懂的文字\n"
        " 附錄二 近年臺灣民主基金會成果彙整\n",
        encoding="utf-8",
    )
    report = seeds_import(seeds_dir=tmp_path, only="appendix-1")
    assert report.total() == 1
    stored = SeedProblem.objects.get()
    assert (stored.file, stored.line, stored.table) == ("002_edition.txt", 5, "appendix-1")
    assert "一行看不懂的文字" in stored.text


def test_it_files_an_unlisted_form_under_the_organisation_its_english_name_names(
    tmp_path: Path,
) -> None:
    from partnerhub.organisations.services import organisation_create
    from partnerhub.seeds.base import Extraction, OrganisationMention, SeedOrganisation
    from partnerhub.seeds.services import ImportReport, _Context, _write

    load_countries()
    ned = organisation_create(name_en="National Endowment for Democracy", category="ingo")
    mention = OrganisationMention(
        printed_name="國家民主基金會", role="", name_en="National Endowment for Democracy"
    )
    extraction = Extraction(
        table="news",
        organisations=[
            SeedOrganisation(mention=mention, file="x.txt", line_start=3, line_end=3, table="news")
        ],
    )
    report = ImportReport(dry_run=False)
    _write(extraction, "x.txt", _Context(report=report, table="news", names={}), set())
    assert report.problems == []
    assert Organisation.objects.count() == 1
    assert set(ned.aliases.values_list("alias", flat=True)) >= {"國家民主基金會"}


def test_it_shows_a_run_and_its_problems_in_the_admin(client: Client, tmp_path: Path) -> None:
    load_countries(without=("MM",))
    (tmp_path / "002_edition.txt").write_text(
        " 附錄一 2018 年至 2022 年外交部與民間團體合作\n2018年 \n緬甸義診案 靈鷲山基金會 緬甸 \n",
        encoding="utf-8",
    )
    seeds_import(seeds_dir=tmp_path, only="appendix-1")
    run = SeedImportRun.objects.get()
    client.force_login(administrator())
    page = client.get(reverse("admin:seeds_seedimportrun_change", args=[run.pk]))
    assert page.status_code == 200
    assert "無法辨識的國家名稱「緬甸」" in page.content.decode()
    listing = client.get(reverse("admin:seeds_seedproblem_changelist"))
    assert listing.status_code == 200


def test_it_replaces_an_earlier_edition_of_the_same_document(
    white_paper_only: Path, tmp_path: Path
) -> None:
    load_countries()
    seeds_import(seeds_dir=white_paper_only, only="appendix-1")
    corrected = tmp_path / "corrected"
    corrected.mkdir()
    text = next(white_paper_only.glob("002_*.txt")).read_text(encoding="utf-8")
    (corrected / "002_0123456789abcdef.txt").write_text(
        text.replace("緬甸捐贈義肢案", "緬甸捐贈義肢計畫"), encoding="utf-8"
    )
    seeds_import(seeds_dir=corrected, only="appendix-1")
    assert Activity.objects.count() == 81
    assert Activity.objects.filter(title_zh="緬甸捐贈義肢計畫").count() == 1
    assert not Activity.objects.filter(title_zh="緬甸捐贈義肢案").exists()
    files = set(Activity.objects.values_list("provenance__file", flat=True))
    assert files == {"002_0123456789abcdef.txt"}
