"""The same activity, organisation and event read in both languages in a real browser: English on
each English page (composed where the source had none, and saying so), Chinese on each Chinese
page, and no serious axe-core finding on any of them."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from partnerhub.activities.records import ActivityRecord, CountryRecord, ParticipationRecord
from partnerhub.activities.services import activity_create
from partnerhub.events.services import EventRecord, OrganiserRecord, event_create
from partnerhub.organisations.services import organisation_create
from partnerhub.test import small_world

CHROMIUM = Path("/usr/bin/chromium")
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in this thread

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"
    ),
]


def chinese_only_records() -> dict[str, str]:
    """An activity and an event printed only in Chinese, and their organisation."""
    small_world()
    vision = organisation_create(
        name_zh="台灣世界展望會", name_en="World Vision Taiwan", category="domestic-ngo"
    )
    grant = activity_create(
        record=ActivityRecord(
            iati_identifier="TW-TEST-ZH-ONLY-1",
            source="whitepaper-appendix-1",
            title_zh="史瓦帝尼兒童營養改善計畫",
            modality="ngo-grant",
            year=2019,
            countries=[CountryRecord(code="SZ", printed_name="史瓦帝尼")],
            participations=[
                ParticipationRecord(
                    role="4", printed_name="台灣世界展望會", organisation_id=vision.pk
                )
            ],
        )
    )
    workshop = event_create(
        record=EventRecord(
            slug="gctf-2019-05-02",
            kind="gctf-workshop",
            date_start=dt.date(2019, 5, 2),
            source="whitepaper-appendix-3",
            title_zh="「公共衛生」研習營",
            host_country_code="SZ",
            notes="參與者國家：12國。",
            organisers=[OrganiserRecord(printed_name="台灣世界展望會", organisation_id=vision.pk)],
        )
    )
    return {
        "activity": reverse("portal:activity", args=[grant.pk]),
        "organisation": reverse("portal:organisation", args=[vision.slug]),
        "event": reverse("portal:event", args=[workshop.slug]),
    }


@pytest.fixture
def browser_page(live_server: Any, transactional_db: None) -> Any:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-TW")
        page = context.new_page()
        page.set_default_timeout(20_000)
        yield page
        context.close()
        browser.close()


def serious_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v.get("impact") in ("serious", "critical")
    ]


def test_it_reads_the_same_records_in_both_languages_with_english_on_each(
    browser_page: Any, live_server: Any
) -> None:
    page, base = browser_page, live_server.url
    urls = chinese_only_records()
    expected_en = {
        "activity": "NGO grant: World Vision Taiwan in Eswatini (2019)",
        "organisation": "World Vision Taiwan",
        "event": "GCTF workshop, 2 May 2019, Eswatini",
    }
    expected_zh = {
        "activity": "史瓦帝尼兒童營養改善計畫",
        "organisation": "台灣世界展望會",
        "event": "「公共衛生」研習營",
    }
    for kind, url in urls.items():
        page.goto(base + url)
        assert page.locator("html").get_attribute("lang") == "zh-Hant"
        assert expected_zh[kind] in page.locator("h1").inner_text()
        assert serious_violations(page) == [], f"{kind} in Chinese"

        page.click('.lang-switch a[hreflang="en"]')
        page.wait_for_url(base + url.replace("/zh-hant/", "/en/", 1))
        assert page.locator("html").get_attribute("lang") == "en"
        heading = page.locator("h1").inner_text()
        assert expected_en[kind] in heading, heading
        if kind != "organisation":  # composed from the data, and marked so
            assert "composed" in heading
        assert serious_violations(page) == [], f"{kind} in English"
        # Chinese still on an English page (printed notes, the Chinese title) says it is Chinese.
        for element in page.locator("main [lang]").all():
            text = element.inner_text()
            if any("\u4e00" <= ch <= "\u9fff" for ch in text):
                assert element.get_attribute("lang") == "zh-Hant"

        page.click('.lang-switch a[hreflang="zh-Hant"]')
        page.wait_for_url(base + url)
        assert expected_zh[kind] in page.locator("h1").inner_text()
