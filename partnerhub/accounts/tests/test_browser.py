"""The accounts pages in a real browser, each checked with axe-core, in both languages.

A new NGO user signs up, confirms their address from the mail and claims their organisation in
Traditional Chinese; grants staff sign in with their second factor and approve the claim in
English; the new admin invites a colleague and registers nothing twice.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from partnerhub.accounts.models import Invitation, Membership
from partnerhub.test import (
    compile_catalogues,
    grants_admin,
    ngo_member,
    organisation,
    totp_code,
    url_in,
)

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "correct horse battery staple"

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
def browser(live_server: Any, transactional_db: None) -> Any:
    sync_api = pytest.importorskip("playwright.sync_api")
    compile_catalogues()
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
        )
        yield chromium
        chromium.close()


def new_page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-TW")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def assert_accessible(page: Any) -> None:
    """No serious or critical axe-core violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert violations == [], f"{page.url}: {violations}"


def switch_to_english(page: Any) -> None:
    english = page.url.replace("/zh-hant/", "/en/", 1)
    page.click('.lang-switch a[hreflang="en"]')
    page.wait_for_url(english)
    assert page.locator("html").get_attribute("lang") == "en"


def sign_in(page: Any, base: str, login: str, language: str = "zh-hant") -> None:
    page.goto(base + url_in(language, "account_login"))
    page.fill('input[name="login"]', login)
    page.fill('input[name="password"]', PASSWORD)
    page.click('form.form-stack button[type="submit"]')
    page.wait_for_load_state()


def test_it_signs_up_confirms_and_claims_in_chinese_then_staff_approve_in_english(
    browser, live_server
):
    base = live_server.url
    org = organisation("台灣路竹會", "Taiwan Root Medical Peace Corps", slug="root")
    page = new_page(browser)

    page.goto(base + reverse("account_signup"))
    assert page.locator("h1").inner_text() == "註冊"
    assert_accessible(page)
    page.fill('input[name="email"]', "ngo@example.org")
    page.fill('input[name="username"]', "ngo-staff")
    page.fill('input[name="password1"]', PASSWORD)
    page.fill('input[name="password2"]', PASSWORD)
    page.click('form.form-stack button[type="submit"]')
    page.wait_for_url("**/confirm-email/")
    assert_accessible(page)

    [message] = mail.outbox
    link = re.search(r"http://[^\s]+/zh-hant/accounts/confirm-email/[^\s]+", message.body).group(0)
    page.goto(link)
    assert_accessible(page)
    page.click('form.form-stack button[type="submit"]')
    page.wait_for_load_state()
    sign_in(page, base, "ngo@example.org")
    page.wait_for_url("**" + reverse("accounts:organisations"))
    assert page.locator("h1").inner_text() == "我的組織"
    assert_accessible(page)

    page.click(f'a[href="{reverse("accounts:claim")}"]')
    page.fill("#id_q", "臺灣路竹")
    page.press("#id_q", "Enter")
    page.wait_for_load_state()
    assert_accessible(page)
    page.click(".membership-list button[type=submit]")
    page.wait_for_url("**" + reverse("accounts:organisations"))
    assert "待補助業務人員審核" in page.locator(".messages").inner_text()

    staff_page = new_page(browser)
    staff = grants_admin()
    sign_in(staff_page, base, staff.username)
    staff_page.wait_for_url("**" + reverse("mfa_authenticate"))
    switch_to_english(staff_page)
    assert_accessible(staff_page)
    staff_page.fill('input[name="code"]', totp_code())
    staff_page.click('form.form-stack button[type="submit"]')
    staff_page.wait_for_url("**" + url_in("en", "accounts:organisations"))
    assert "Claims waiting for grants staff" in staff_page.locator("main").inner_text()
    assert_accessible(staff_page)
    staff_page.click("button[aria-label='Approve ngo-staff']")
    staff_page.wait_for_load_state()
    assert Membership.objects.get(organisation=org).status == "approved"

    page.reload()
    page.click(f'a[href="{reverse("accounts:organisation", args=["root"])}"]')
    assert_accessible(page)


def test_it_lets_an_admin_invite_and_remove_colleagues_and_register_nothing_twice_in_english(
    browser, live_server
):
    base = live_server.url
    org = organisation("臺灣路竹會", "Taiwan Root", slug="root")
    from partnerhub.test import ngo_admin

    admin = ngo_admin(org)
    colleague = ngo_member(org)
    page = new_page(browser)
    page.goto(base + "/")
    page.wait_for_url(base + "/zh-hant/")  # the browser speaks zh-TW
    switch_to_english(page)
    sign_in(page, base, admin.username, "en")
    page.goto(base + url_in("en", "accounts:organisation", "root"))
    assert page.locator("h1").inner_text() == "Taiwan Root"
    assert_accessible(page)
    page.fill('input[name="email"]', "new@example.org")
    page.click("form[action$='/invite/'] button[type=submit]")
    page.wait_for_load_state()
    assert "Invitation sent to new@example.org." in page.locator(".messages").inner_text()
    assert Invitation.objects.get().email == "new@example.org"
    page.click(f"button[aria-label='Remove {colleague.username}']")
    page.wait_for_load_state()
    assert Membership.objects.get(user=colleague).status == "removed"
    assert_accessible(page)

    page.goto(base + "/accounts/register/")  # a bare address: English, as chosen
    page.wait_for_url(base + url_in("en", "accounts:register"))
    page.fill('input[name="name_zh"]', "台灣路竹會")
    page.click('form.form-stack button[type="submit"]')
    page.wait_for_load_state()
    page.check('input[name="confirm_new"]')
    page.click('form.form-stack button[type="submit"]')
    page.wait_for_load_state()
    assert "already in the directory" in page.locator("main").inner_text()
    assert_accessible(page)


@pytest.mark.parametrize(
    ("language", "signed_in_heading"), [("zh-hant", "我的組織"), ("en", "My organisations")]
)
def test_it_passes_axe_on_every_accounts_page_in_each_language(
    browser, live_server, language, signed_in_heading
):
    base = live_server.url
    org = organisation("臺灣路竹會", "Taiwan Root", slug="root")
    from partnerhub.test import ngo_admin

    admin = ngo_admin(org)
    page = new_page(browser)
    page.goto(base + "/")
    if language == "en":
        switch_to_english(page)
    for name in ("account_login", "account_signup", "account_reset_password"):
        page.goto(base + url_in(language, name))
        assert page.locator("html").get_attribute("lang") == (
            "en" if language == "en" else "zh-Hant"
        )
        assert_accessible(page)
    sign_in(page, base, admin.username, language)
    assert page.locator("h1").inner_text() == signed_in_heading
    for url in (
        url_in(language, "accounts:claim") + "?q=root",
        url_in(language, "accounts:register"),
        url_in(language, "accounts:organisation", "root"),
    ):
        page.goto(base + url)
        assert_accessible(page)
