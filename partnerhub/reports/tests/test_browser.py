"""The dashboard and its map in a real browser, in both languages, checked with axe-core."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from partnerhub.reports.tests.fixtures import hand_world

CHROMIUM = Path("/usr/bin/chromium")
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"
    ),
]


@pytest.fixture
def browser_page(live_server: Any, transactional_db: None) -> Any:
    sync_api = pytest.importorskip("playwright.sync_api")
    hand_world()
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
    """axe-core's serious and critical findings on the page as it stands."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v.get("impact") in ("serious", "critical")
    ]


def test_it_shows_the_dashboard_and_map_in_both_languages(
    browser_page: Any, live_server: Any
) -> None:
    page, base = browser_page, live_server.url
    page.goto(base + reverse("reports:dashboard"))
    assert page.locator("h1").inner_text() == "資料儀表板"
    assert serious_violations(page) == []
    # The chart takes keyboard focus; the table behind it links its numbers to the list.
    page.focus("#panel-sdg figure.chart")
    assert page.evaluate("document.activeElement.closest('section').id") == "panel-sdg"
    assert page.locator("#panel-country tbody a").first.inner_text() == "180,000"

    page.locator('.world-map a[href="/zh-hant/countries/HN/"]').dispatch_event("click")
    page.wait_for_url("**/zh-hant/countries/HN/")
    assert "臺灣在此的支出" in page.locator("main").inner_text()
    assert serious_violations(page) == []

    page.goto(base + reverse("reports:dashboard"))
    page.click('.lang-switch a[hreflang="en"]')
    page.wait_for_url("**/en/dashboard/")
    assert page.locator("h1").inner_text() == "Dashboard"
    # Its links stay in English: the map's countries and the figures' lists.
    assert page.locator('.world-map a[href="/en/countries/HN/"]').count() == 1
    assert page.locator("#panel-country tbody a").first.get_attribute("href").startswith("/en/")
    assert "By Sustainable Development Goal" in page.locator("main").inner_text()
    assert serious_violations(page) == []


def test_it_shows_an_issued_annual_report_in_both_languages(
    browser_page: Any, live_server: Any
) -> None:
    from partnerhub.reports.services import annual_report_issue

    annual_report_issue(year=2023)
    page, base = browser_page, live_server.url
    page.goto(base + reverse("reports:annual-list"))
    assert page.locator("h1").inner_text() == "年度報告"
    assert serious_violations(page) == []
    page.click(f'a[href="{reverse("reports:annual", args=[2023, 1])}"]')
    page.wait_for_url("**/zh-hant/reports/2023/v1/")
    assert "2023 年國際合作發展年度報告" in page.locator("h1").inner_text()
    assert "303,750" in page.locator(".total-usd").inner_text()
    assert serious_violations(page) == []

    page.click('.lang-switch a[hreflang="en"]')
    page.wait_for_url("**/en/reports/2023/v1/")
    assert "Annual report on international cooperation and development, 2023" in (
        page.locator("h1").inner_text()
    )
    assert "Annex: every activity" in page.locator("main").inner_text()
    assert serious_violations(page) == []
