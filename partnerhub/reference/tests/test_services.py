"""reference_load: everything loads, a second run writes nothing, and a bad file changes nothing."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from partnerhub.core.exceptions import InvalidInput, SourceError
from partnerhub.reference.files import DATA_DIR, read_relationships
from partnerhub.reference.matching import country_matcher
from partnerhub.reference.models import (
    CodelistItem,
    Country,
    CountryRelationship,
    ExchangeRate,
    SdgGoal,
    SdgTarget,
)
from partnerhub.reference.services import reference_load

pytestmark = pytest.mark.django_db

FACET_CODELISTS = (
    "ActivityStatus",
    "OrganisationRole",
    "TransactionType",
    "OrganisationType",
    "SectorCategory",
    "Region",
)
REQUIRED_CODELISTS = {
    "Country",
    "Region",
    "Sector",
    "SectorCategory",
    "SectorVocabulary",
    "OrganisationType",
    "OrganisationRole",
    "ActivityStatus",
    "TransactionType",
    "Currency",
    "AidType",
    "FinanceType",
    "FlowType",
    "BudgetType",
    "BudgetStatus",
    "ActivityDateType",
    "DocumentCategory",
    "IndicatorMeasure",
    "ResultType",
    "RegionVocabulary",
    "UNSDG-Goals",
    "UNSDG-Targets",
}


def counts() -> dict[str, int]:
    models = (CodelistItem, Country, CountryRelationship, SdgGoal, SdgTarget, ExchangeRate)
    return {m.__name__: m.objects.count() for m in models}


@pytest.fixture
def shared(iati_data_dir: Path, sdg_data_dir: Path) -> dict[str, Path]:
    return {"iati_dir": iati_data_dir, "sdg_dir": sdg_data_dir}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the project's data files that a test may break."""
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def test_it_loads_every_kind(shared):
    report = reference_load(**shared)
    assert [s.kind for s in report.summaries] == [
        "codelists",
        "countries",
        "relationships",
        "SDG goals/targets",
        "exchange rates",
    ]
    assert set(CodelistItem.objects.values_list("codelist", flat=True)) >= REQUIRED_CODELISTS
    relationships = len(read_relationships(DATA_DIR / "relationships.csv"))
    assert counts() == {
        "CodelistItem": CodelistItem.objects.count(),
        "Country": 253,
        "CountryRelationship": relationships,
        "SdgGoal": 17,
        "SdgTarget": 169,
        "ExchangeRate": 260,
    }
    assert CodelistItem.objects.count() > 5000
    assert report.created() == sum(counts().values())


def test_it_creates_nothing_on_a_second_run(shared, django_assert_max_num_queries):
    reference_load(**shared)
    before = counts()
    with django_assert_max_num_queries(20):
        report = reference_load(**shared)
    assert [(s.created, s.updated) for s in report.summaries] == [(0, 0)] * 5
    assert counts() == before


def test_it_updates_a_changed_row_and_leaves_the_rest(shared):
    reference_load(**shared)
    CodelistItem.objects.filter(codelist="ActivityStatus", code="2").update(name_zh="舊名")
    report = reference_load(**shared, kinds=["codelists"])
    assert (report.summaries[0].created, report.summaries[0].updated) == (0, 1)
    assert CodelistItem.objects.get(codelist="ActivityStatus", code="2").name_zh == "執行中"


def test_it_saves_nothing_on_a_dry_run(shared):
    report = reference_load(**shared, dry_run=True)
    assert report.created() > 5000
    assert set(counts().values()) == {0}
    assert report.lines()[0].endswith("(dry run, nothing saved)")


def test_it_rejects_a_missing_file_and_changes_nothing(shared, data_copy):
    reference_load(**shared)
    # With the relationships gone, a successful run would write; the failing one must not.
    CountryRelationship.objects.all().delete()
    before = counts()
    (data_copy / "relationships.csv").unlink()
    with pytest.raises(SourceError) as caught:
        reference_load(**shared, data_dir=data_copy)
    assert "relationships.csv" in caught.value.message_en
    assert "找不到檔案" in caught.value.message_zh
    assert counts() == before


def test_it_rolls_back_every_kind_when_a_late_row_fails(shared, data_copy):
    # The unknown code is found only after codelists and countries were written in the
    # transaction, so this checks the rollback rather than the up-front reading.
    with (data_copy / "relationships.csv").open("a", encoding="utf-8") as out:
        out.write("QQ,ally,2001-01-01,,external,\n")
    with pytest.raises(SourceError) as caught:
        reference_load(**shared, data_dir=data_copy)
    assert "unknown country code 'QQ'" in caught.value.message_en
    assert "未知的國家代碼「QQ」" in caught.value.message_zh
    assert set(counts().values()) == {0}


def test_it_rejects_a_malformed_iati_codelist(shared, tmp_path):
    iati = tmp_path / "iati"
    shutil.copytree(shared["iati_dir"] / "codelists/json/en", iati / "codelists/json/en")
    (iati / "codelists/json/en/Region.json").write_text('{"attributes": {', encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        reference_load(iati_dir=iati, sdg_dir=shared["sdg_dir"])
    assert "Region.json" in caught.value.message_en
    assert "JSON 格式錯誤" in caught.value.message_zh
    assert set(counts().values()) == {0}


def test_it_rejects_a_translation_for_an_unknown_code(shared, data_copy):
    with (data_copy / "codelist_zh.csv").open("a", encoding="utf-8") as out:
        out.write("ActivityStatus,99,不存在\n")
    with pytest.raises(SourceError, match=re.escape("ActivityStatus has no code '99'")):
        reference_load(**shared, data_dir=data_copy, kinds=["codelists"])


def test_it_rejects_an_unknown_kind(shared):
    with pytest.raises(InvalidInput):
        reference_load(**shared, kinds=["planets"])


def test_it_names_every_country_and_the_private_codes(shared):
    reference_load(**shared, kinds=["countries"])
    assert list(Country.objects.filter(name_zh="").values_list("code", flat=True)) == []
    somaliland = Country.objects.get(code="XS")
    assert (somaliland.name_zh, somaliland.name_en, somaliland.is_iso) == (
        "索馬利蘭",
        "Somaliland",
        False,
    )
    assert "Somalia" in somaliland.note
    eu = Country.objects.get(code="EU")
    assert (eu.name_zh, eu.name_en, eu.is_iso) == ("歐盟", "European Union", False)
    assert Country.objects.get(code="TW").name_en == "Taiwan"
    assert Country.objects.get(code="GM").name_en == "Gambia"
    assert "Gambia (the)" in Country.objects.get(code="GM").aliases
    assert not Country.objects.get(code="XK").is_iso
    assert Country.objects.get(code="GT").region_code == "1032"


def test_it_rejects_a_country_in_an_unknown_region(shared, data_copy):
    path = data_copy / "countries_zh.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("\nGT,瓜地馬拉,,1032,", "\nGT,瓜地馬拉,,7777,"),
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match="region '7777' is not an IATI Region code"):
        reference_load(**shared, data_dir=data_copy, kinds=["countries"])


def test_it_gives_the_facet_codelists_chinese_names(shared):
    reference_load(**shared, kinds=["codelists"])
    untranslated = CodelistItem.objects.filter(codelist__in=FACET_CODELISTS, name_zh="")
    assert list(untranslated.values_list("codelist", "code")) == []
    assert CodelistItem.objects.get(codelist="OrganisationRole", code="4").name_zh == "執行"
    target = CodelistItem.objects.get(codelist="UNSDG-Targets", code="3.1")
    assert "孕產婦" in target.name_zh
    assert CodelistItem.objects.get(codelist="Sector", code="11110").category == "111"
    assert CodelistItem.objects.get(codelist="SectorCategory", code="230").withdrawn


def test_it_loads_sdg_goals_and_targets_in_traditional_chinese(shared):
    reference_load(**shared, kinds=["sdg"])
    goal = SdgGoal.objects.get(number=3)
    assert goal.short_en == "Good health and well-being"
    assert goal.short_zh and goal.title_zh
    target = SdgTarget.objects.get(code="3.1")
    assert "孕產婦" in target.title_zh
    assert target.goal == goal
    assert not SdgTarget.objects.filter(title_zh="").exists()
    assert not SdgTarget.objects.filter(title_zh__contains="国").exists()
    codes = list(SdgTarget.objects.filter(goal__number=17).values_list("code", flat=True))
    assert codes[:2] == ["17.1", "17.2"] and codes[9:11] == ["17.10", "17.11"]


def test_it_dates_relationships(shared):
    reference_load(**shared, kinds=["countries", "relationships"])
    allies_2020 = set(Country.objects.allies_on(dt.date(2020, 1, 1)).values_list("code", flat=True))
    allies_2024 = set(Country.objects.allies_on(dt.date(2024, 1, 1)).values_list("code", flat=True))
    assert "HN" in allies_2020 and "HN" not in allies_2024
    nauru = CountryRelationship.objects.allies().filter(country__code="NR")
    assert nauru.in_force_on(dt.date(2023, 6, 1)).exists()
    assert not nauru.in_force_on(dt.date(2025, 1, 1)).exists()
    assert len(allies_2024) == 13 and "NR" in allies_2024
    somaliland = Country.objects.with_status_on("friendly", dt.date(2021, 1, 1))
    assert "XS" in set(somaliland.values_list("code", flat=True))


def test_it_loads_another_exchange_rate_file(shared, tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("currency,date,per_usd\ntwd,2030-01-01,30.5\n", encoding="utf-8")
    report = reference_load(**shared, exchange_rates=path, kinds=["exchange-rates"])
    assert report.summaries[0].created == 1
    assert str(ExchangeRate.objects.get().per_usd) == "30.50000000"


def test_it_builds_the_matcher_from_the_loaded_countries(shared):
    reference_load(**shared, kinds=["countries"])
    matcher = country_matcher()
    assert matcher.codes("與 Saint Vincent and the Grenadines、聖文森及加勒比海地區") == ["VC"]
    assert matcher.codes("Viet Nam and Türkiye") == ["VN", "TR"]
