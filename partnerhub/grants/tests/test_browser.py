"""One application through the whole cycle in Debian's Chromium, with four personas: the NGO member
and the reviewer in Traditional Chinese, the officer and the approver in English. axe-core checks
every page visited and fails on a serious or critical violation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerhub.core.languages import in_language
from partnerhub.grants.models import Application
from partnerhub.grants.tests.conftest import PDF
from partnerhub.test import (
    approver,
    assert_accessible,
    browser_marks,
    chromium,
    country,
    icdf_officer,
    mofa_reviewer,
    ngo_member,
    organisation,
    url_in,
)

pytestmark = browser_marks()


class Browser:
    """One Chromium with a context per persona; each page visited goes through axe-core."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.checked: list[str] = []
        self.languages: dict[int, str] = {}  # each persona's page reads its own language
        self.browser = browser

    def as_user(self, user: Any, language: str) -> Any:
        client = Client()
        client.force_login(user)
        context = self.browser.new_context(locale="zh-TW" if language == "zh-hant" else "en-GB")
        context.add_cookies(
            [
                {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": self.base},
                {"name": "partnerhub_language", "value": language, "url": self.base},
            ]
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        self.languages[id(page)] = language
        return page

    def check(self, page: Any) -> None:
        assert_accessible(page)
        self.checked.append(page.url)

    def visit(self, page: Any, path: str) -> None:
        """Open a page in the persona's language (``path`` may be in any language)."""
        page.goto(self.base + in_language(path, self.languages[id(page)]))
        assert page.url.startswith(f"{self.base}/{self.languages[id(page)]}/")
        self.check(page)


@pytest.fixture
def browser(live_server: Any, transactional_db: None, settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    with chromium() as browser:
        yield Browser(browser, live_server.url)


def _world() -> dict[str, Any]:
    from partnerhub.grants.services import call_create

    country("SZ", "史瓦帝尼", "Eswatini")
    organisation("中華民國外交部", "Ministry of Foreign Affairs", iati_identifier="TW-GOV-MOFA")
    ngo = organisation("臺灣路竹會", "Taiwan Root Medical Peace Corps", slug="root")
    now = timezone.now()
    call_create(
        slug="ngo-2026",
        title_zh="2026 年度 NGO 國際合作計畫補助",
        title_en="NGO international cooperation grants 2026",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
        budget_ceiling=Decimal("2000000"),
        criteria={"technical-capacity": Decimal(2), "socio-economic": Decimal(1)},
    )
    return {
        "ngo": ngo_member(ngo),
        "officer": icdf_officer(),
        "reviewer": mofa_reviewer(),
        "approver": approver(),
    }


def _click(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_it_walks_an_application_through_the_whole_cycle(browser, tmp_path):
    people = _world()
    proposal = tmp_path / "計畫書.pdf"
    proposal.write_bytes(PDF)

    # The NGO member, in Traditional Chinese: finds the call, fills the form, attaches, submits.
    ngo = browser.as_user(people["ngo"], "zh-hant")
    browser.visit(ngo, reverse("grants:calls"))
    _click(ngo, "text=2026 年度 NGO 國際合作計畫補助")
    browser.check(ngo)
    _click(ngo, "#start-application")
    browser.check(ngo)
    app = Application.objects.get()
    for field, value in {
        "id_title_zh": "史瓦帝尼偏鄉義診", "id_title_en": "Rural clinics in Eswatini",
        "id_summary_zh": "在偏鄉提供巡迴義診。", "id_local_counterpart": "史瓦帝尼衛生部",
        "id_countries": "SZ 100", "id_sectors": "12220 100", "id_sdgs": "3, 3.8",
        "id_planned_start": "2026-07-01", "id_planned_end": "2027-06-30",
        "id_budget": "藥品 | 800000 | TWD\n交通 | 400000 | TWD",
        "id_indicators": "output | 義診 | 看診人次 | 人次 | 0 | 3000 | 門診紀錄",
    }.items():  # fmt: skip
        ngo.fill(f"#{field}", value)
    ngo.select_option("#id_modality", "technical-cooperation")
    _click(ngo, "#save-draft")
    assert "草稿已儲存" in ngo.content()
    browser.visit(ngo, reverse("grants:application", args=[app.pk]))
    # What the save changed, line by line, reached from the application page.
    _click(ngo, f'a[href^="{url_in("zh-hant", "grants:revisions", app.pk)}"]')
    assert "第 1 版到第 2 版的變更" in ngo.inner_text("#h-changes")
    assert ngo.locator("ins", has_text="藥品 | 800000.00 | TWD").count() == 1
    browser.check(ngo)
    browser.visit(ngo, reverse("grants:application", args=[app.pk]))
    ngo.set_input_files("#id_file", str(proposal))
    _click(ngo, "#upload")
    _click(ngo, "#do-submit")
    assert ngo.inner_text("#phase") == "已收件"
    browser.check(ngo)

    # The officer, in English: screens, assigns the reviewer, sends to appraisal.
    officer = browser.as_user(people["officer"], "en")
    browser.visit(officer, reverse("grants:application", args=[app.pk]))
    assert officer.inner_text("#phase") == "Needs screening"
    _click(officer, "#do-screen")
    officer.select_option("#id_reviewer", label=people["reviewer"].get_username())
    _click(officer, "#assign")
    _click(officer, "#do-send-to-appraisal")
    browser.check(officer)

    # The reviewer, in Traditional Chinese: declares no conflict, then reads and scores.
    reviewer = browser.as_user(people["reviewer"], "zh-hant")
    browser.visit(reviewer, reverse("grants:applications"))
    _click(reviewer, f"text={app.reference}")
    browser.check(reviewer)
    reviewer.check("#id_conflict_0")
    _click(reviewer, "#declare")
    browser.check(reviewer)
    reviewer.select_option("#id_score-technical-capacity", "4")
    reviewer.select_option("#id_score-socio-economic", "5")
    reviewer.fill("#id_comment", "團隊經驗豐富。")
    _click(reviewer, "#send-review")
    browser.check(reviewer)

    # The approver, in English: the list offers one determination for several applications.
    approver = browser.as_user(people["approver"], "en")
    browser.visit(approver, reverse("grants:applications") + "?state=feasibility-appraisal")
    assert approver.is_visible(f"#pick-{app.pk}")
    assert "One determination for the selected applications" in approver.inner_text("#h-batch")
    # It sees the scores and approves with reasons; reads the letter.
    browser.visit(approver, reverse("grants:application", args=[app.pk]))
    assert approver.inner_text("#mean-normalised") == "86.67"
    approver.select_option("#id_decision", "approve")
    approver.fill("#id_reasons", "A well-prepared project with a strong local partner.")
    _click(approver, "#determine")
    assert approver.inner_text("#phase") == "Approved: agreement to prepare"
    _click(approver, "text=Letter")
    assert "86.67" in approver.inner_text(".letter")
    browser.check(approver)

    # The officer records the signed agreement and runs the grant to completion.
    agreement = tmp_path / "agreement.pdf"
    agreement.write_bytes(PDF)
    browser.visit(officer, reverse("grants:application", args=[app.pk]))
    officer.select_option("#id_kind", "agreement")
    officer.set_input_files("#id_file", str(agreement))
    _click(officer, "#upload")
    _click(officer, "#do-sign-agreement")
    _click(officer, "#do-start-implementation")
    _click(officer, "#do-complete")
    browser.check(officer)

    # The NGO member sends the closure report, in Chinese; the officer accepts it and closes.
    browser.visit(ngo, reverse("grants:application", args=[app.pk]))
    closure = Application.objects.get().reports.get(kind="closure")
    ngo.fill(f"#report-{closure.pk}", "計畫已完成，共看診 3,200 人次。")
    _click(ngo, f"#submit-report-{closure.pk}")
    _click(ngo, "#do-submit-closure-report")
    assert ngo.inner_text("#phase") == "已收到結案報告"
    browser.check(ngo)
    browser.visit(officer, reverse("grants:application", args=[app.pk]))
    _click(officer, "#do-accept-closure-report")
    _click(officer, "#do-close")
    assert officer.inner_text("#phase") == "Closed"
    browser.visit(officer, reverse("grants:dashboard"))
    browser.visit(officer, reverse("grants:register"))
    assert app.reference in officer.content()

    final = Application.objects.get()
    assert final.state == "closed" and final.activity.source == "grants"
    assert len(browser.checked) >= 14
