"""Every seed record in English, honestly labelled, and the data right: on the imported seeds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from partnerhub.activities.models import Activity, Participation
from partnerhub.events.models import Event
from partnerhub.organisations.models import Organisation
from partnerhub.seeds.models import SourceEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_seeds")]


def test_it_gives_every_organisation_an_english_name_and_an_english_slug() -> None:
    assert Organisation.objects.count() > 100
    assert list(Organisation.objects.filter(name_en="").values_list("name_zh", flat=True)) == []
    slugs = list(Organisation.objects.values_list("slug", flat=True))
    assert [s for s in slugs if s.startswith("org") and s[3:].strip("-").isdigit()] == []
    labour = Organisation.objects.get(name_zh="勞動部")
    assert (labour.name_en, labour.slug, labour.country.code) == (
        "Ministry of Labor",
        "ministry-of-labor",
        "TW",
    )


def test_it_merges_two_printed_forms_of_one_organisation_into_one_with_aliases() -> None:
    (kyiv,) = Organisation.objects.filter(name_en="Kyiv City Government")
    assert {"基輔市政府", "烏克蘭基輔市政府"} <= set(kyiv.aliases.values_list("alias", flat=True))
    assert not Organisation.objects.filter(name_zh="烏克蘭基輔市政府").exists()
    # Search finds it by either printed form, because aliases reach the search column.
    assert Organisation.objects.matching("乌克兰基辅市政府").get() == kyiv
    icdf = Organisation.objects.get(abbreviation="TaiwanICDF")
    assert "国合会" in icdf.search_text


def test_it_keeps_parties_that_are_no_organisation_as_printed_text() -> None:
    for printed in ("民間", "各國民間組織", "我國資訊服務供應商"):
        assert not Organisation.objects.filter(aliases__alias=printed).exists()
    private = Participation.objects.filter(printed_name="民間")
    assert private.count() >= 5
    assert {(p.organisation_id, p.printed_name_en) for p in private} == {
        (None, "private donors in Taiwan")
    }


def test_it_gives_every_activity_and_event_an_english_title_marked_by_how_it_was_made() -> None:
    assert not Activity.objects.filter(title_en="").exists()
    assert not Event.objects.filter(title_en="").exists()
    grant = Activity.objects.get(iati_identifier="TW-MOFA-WP2023-A1-2019-001")
    assert grant.title_en_status == "composed"
    assert grant.title_en.startswith("NGO grant: ") and "(2019)" in grant.title_en
    case = Activity.objects.get(iati_identifier="TW-SEEDS-CASE-03")
    assert case.title_en_status == "translated"
    news = Activity.objects.get(iati_identifier="TW-SEEDS-NEWS-KYIV-001")
    assert news.title_en_status == ""  # printed in English by the source


def test_it_keeps_plan_lines_and_non_aid_rows_out_of_the_activities() -> None:
    titles = set(Activity.objects.values_list("title_zh", flat=True))
    for line in ("印刷及製作護照", "加強領務服務等工作", "購建駐外機構館官舍", "增編援外預算"):
        assert not any(line in t for t in titles)
    kinds = dict(SourceEntry.objects.values_list("identifier", "kind"))
    assert kinds["TW-SEEDS-PLAN-2026-10"] == "plan-line"
    assert kinds["TW-SEEDS-UKRAINE-2022-15"] == "budget"
    assert kinds["TW-SEEDS-UKRAINE-2022-16"] == "founding"
    assert Activity.objects.filter(source="plan-2026").count() == 3


def test_it_dates_the_case_boxes_and_records_their_money(client: Client) -> None:
    url = reverse("portal:activities")
    html = client.get(url, {"year": "2016", "source": "whitepaper-cases"}).content.decode()
    assert "TW-SEEDS-CASE-03" in html or "史瓦帝尼孕產婦" in html
    marshall = Activity.objects.get(iati_identifier="TW-SEEDS-CASE-02")
    (commitment,) = marshall.transactions.all()
    assert (commitment.type, commitment.value, commitment.currency, commitment.date) == (
        "2",
        Decimal("1000000"),
        "USD",
        dt.date(2019, 3, 26),
    )
    assert not marshall.results.filter(indicators__unit="美元").exists()
    eswatini = Activity.objects.get(iati_identifier="TW-SEEDS-CASE-03")
    baseline = eswatini.results.get().indicators.get(baseline_value=Decimal("22"))
    assert baseline.actual_value == Decimal("90")


def test_it_gives_every_gctf_event_a_host_country() -> None:
    gctf = Event.objects.filter(kind="gctf-workshop")
    # Appendix 3's 55, and the four of 2023 that the body names.
    assert gctf.filter(source="whitepaper-appendix-3").count() == 55
    assert gctf.filter(source="whitepaper-body-gctf").count() == 4
    assert gctf.count() == 59
    assert not gctf.filter(host_country__isnull=True).exists()
    hosts = dict(gctf.values_list("slug", "host_country__code"))
    assert hosts["gctf-2019-09-29"] == "PW"  # held in Palau, as the body says [002:3345-3347]
    assert hosts["gctf-2022-09-28"] == "US"  # New York
    assert hosts["gctf-2022-09-30"] == "CA"  # Montreal
    assert hosts["gctf-2015-08-12"] == "TW"


def test_it_gives_every_gctf_workshop_its_topic_in_english() -> None:
    gctf = Event.objects.filter(kind="gctf-workshop")
    assert set(gctf.values_list("title_en_status", flat=True)) == {"translated"}
    assert gctf.get(slug="gctf-2015-08-12").title_en == (
        "International workshop on MERS laboratory diagnosis"
    )
