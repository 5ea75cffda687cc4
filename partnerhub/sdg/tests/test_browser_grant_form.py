"""The SDG suggestion box beside the SDG field of the grant application form, in Debian's
Chromium, in both languages: suggest, accept with one click, save. axe-core checks each page."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerhub.core.languages import bare_path
from partnerhub.test import compile_catalogues, ngo_member, organisation

CHROMIUM = Path("/usr/bin/chromium")
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's Chromium is not at /usr/bin/chromium"
    ),
]


def _check(axe: Any, page: Any) -> None:
    results = axe.run(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert bad == [], f"{page.url}: {bad}"


def _draft() -> tuple[Any, Any]:
    from partnerhub.grants.services import application_create, call_create

    organisation("中華民國外交部", "Ministry of Foreign Affairs", iati_identifier="TW-GOV-MOFA")
    ngo = organisation("臺灣路竹會", "Taiwan Root Medical Peace Corps", slug="root")
    now = timezone.now()
    call = call_create(
        slug="ngo-2026",
        title_zh="2026 年度 NGO 國際合作計畫補助",
        title_en="NGO international cooperation grants 2026",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
        budget_ceiling=Decimal("2000000"),
        criteria={"technical-capacity": Decimal(2)},
    )
    user = ngo_member(ngo)
    return application_create(call=call, organisation=ngo, actor=user), user


def test_it_suggests_and_accepts_sdgs_in_the_grant_form_in_both_languages(
    live_server: Any, transactional_db: None, settings: Any, tmp_path: Path
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    from axe_playwright_python.sync_playwright import Axe

    compile_catalogues()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    app, user = _draft()
    client = Client()
    client.force_login(user)
    # The bare address: each context's language cookie sends it to the page in that language.
    edit = live_server.url + bare_path(reverse("grants:edit", args=[app.pk]))
    cases = {
        "zh-hant": ("農村飲用水供應計畫，興建淨水設施及儲水槽", "接受 SDG 6", "6"),
        "en": (
            "Rural drinking water supply with boreholes and water treatment",
            "Accept SDG 6",
            "6",
        ),
    }
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
        )
        try:
            for language, (text, accept, goal) in cases.items():
                context = browser.new_context()
                context.add_cookies(
                    [
                        {
                            "name": "sessionid",
                            "value": client.cookies["sessionid"].value,
                            "url": live_server.url,
                        },
                        {"name": "partnerhub_language", "value": language, "url": live_server.url},
                    ]
                )
                page = context.new_page()
                page.set_default_timeout(20_000)
                page.goto(edit)
                assert page.url.startswith(f"{live_server.url}/{language}/grants/")
                page.fill("#id_title_zh" if language == "zh-hant" else "#id_title_en", text)
                page.fill("#id_sdgs", "")
                page.click(".sdg-suggest-run")
                page.wait_for_selector(".sdg-suggest-list li", timeout=60_000)
                page.click(f"text={accept}")
                assert page.input_value("#id_sdgs").split(",")[0].strip() == goal
                _check(Axe(), page)
                context.close()
        finally:
            browser.close()
