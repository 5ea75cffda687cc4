"""The portal in a real browser: search in both scripts, facets, an activity, the language switch,
and a country's donors page reached from the country page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from partnerhub.test import small_world

CHROMIUM = Path("/usr/bin/chromium")

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse the ORM
# calls the live server's fixtures make from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"
    ),
]


@pytest.fixture
def browser_page(live_server: Any, transactional_db: None) -> Any:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is not installed"
    )
    small_world()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-TW")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


def search_hits(page: Any, base: str, query: str) -> list[str]:
    page.goto(base + "/")
    page.fill("#home-q", query)
    page.press("#home-q", "Enter")
    page.wait_for_url("**/search/**")
    return page.locator(".search-hits a").all_inner_texts()


def test_it_searches_filters_opens_an_activity_and_switches_language(browser_page, live_server):
    page, base = browser_page, live_server.url

    traditional = search_hits(page, base, "臺灣")
    assert traditional, "a search for 臺灣 finds records"
    assert search_hits(page, base, "台灣") == traditional

    # A bare address opens in the browser's language (zh-TW: Traditional Chinese).
    page.goto(base + "/activities/")
    page.wait_for_url("**/zh-hant/activities/")
    page.click('.facet-value[data-facet="country"][data-value="SZ"]')
    page.wait_for_url("**country=SZ**")
    page.click('.facet-value[data-facet="sdg"][data-value="3"]')
    page.wait_for_url("**sdg=3**")
    assert page.locator(".cards .card").count() == 1
    assert "country=SZ" in page.url
    shots = Path(settings.PARTNERHUB_VAR) / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "activities-filtered.png"), full_page=True)

    page.click(".cards .card-title a")
    assert page.locator("h1").inner_text() == "史瓦帝尼醫療計畫：臺灣醫療團"
    assert page.locator("html").get_attribute("lang") == "zh-Hant"

    chinese_url = page.url
    page.click('.lang-switch a[hreflang="en"]')
    page.wait_for_url(chinese_url.replace("/zh-hant/", "/en/"))
    assert page.locator("h1").inner_text() == "Eswatini health programme"
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Participants" in page.locator("main").inner_text()
    page.screenshot(path=str(shots / "activity-en.png"), full_page=True)

    page.click(".main-nav >> text=Countries")
    page.wait_for_url("**/en/countries/")
    assert page.locator("h1").inner_text() == "Countries"
    # The switch kept the choice: a bare address now opens in English.
    page.goto(base + "/")
    page.wait_for_url("**/en/")
    assert page.locator(".figures").inner_text().count("Activities") == 1
    assert page.locator('.lang-switch a[hreflang="en"]').get_attribute("aria-current") == "true"


def test_it_reaches_the_donors_of_a_country_from_its_page_in_both_languages(
    browser_page, live_server
):
    page, base = browser_page, live_server.url
    page.goto(base + "/zh-hant/countries/SZ/")
    page.click('a[href="/zh-hant/countries/SZ/donors/"]')
    page.wait_for_url("**/zh-hant/countries/SZ/donors/")
    assert page.locator("h1").inner_text() == "史瓦帝尼的捐助者"
    assert page.locator(".breadcrumb a").last.inner_text() == "史瓦帝尼"

    page.click('.lang-switch a[hreflang="en"]')
    page.wait_for_url("**/en/countries/SZ/donors/")
    assert page.locator("h1").inner_text() == "Donors in Eswatini"
    assert "By donor" in page.locator("main").inner_text()
