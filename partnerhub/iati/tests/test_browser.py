"""The data administrator uploads an IATI file and watches its import to the end, in a real browser.

The site runs as it does under ``make run``: a web server process and a ``core_worker`` process,
both on the test's database (``shared_database``); the browser is Debian's Chromium, and axe-core
checks every page visited, in both languages.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from partnerhub.iati.tests.helpers import activities_file, activity_xml
from partnerhub.test import (
    browser_marks,
    chromium,
    compile_catalogues,
    data_administrator,
    serious_violations,
    shared_database,
    url_in,
)

pytestmark = browser_marks()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def session(transactional_db: None) -> str:
    """A signed-in session of the data administrator (signing in itself is tested elsewhere)."""
    client = Client()
    client.force_login(data_administrator())
    return str(client.cookies[django_settings.SESSION_COOKIE_NAME].value)


@pytest.fixture
def site(tmp_path: Path, session: str) -> Iterator[str]:
    """A web server and a worker, as `make run` starts them, on this test's database."""
    compile_catalogues()
    port = _free_port()
    manage = [sys.executable, "manage.py"]
    with shared_database(tmp_path) as env:
        processes = [
            subprocess.Popen(
                [*manage, "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
                cwd=django_settings.BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
            ),
            subprocess.Popen(
                [*manage, "core_worker", "--interval", "0.2", "--verbosity", "0"],
                cwd=django_settings.BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
            ),
        ]
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "the web server did not start"
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}"
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)


@pytest.fixture
def page(site: str, session: str) -> Iterator[Any]:
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-TW")
        context.add_cookies(
            [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": site}]
        )
        page = context.new_page()
        page.set_default_timeout(30_000)
        yield page
        context.close()


def upload_and_watch(page: Any, site: str, path: Path, done: str, language: str) -> None:
    page.goto(site + url_in(language, "iati:upload"))
    assert serious_violations(page) == []
    page.set_input_files("input[type=file]", str(path))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#job-progress progress")
    # The bar moves without a reload; the page reloads once, when the job has ended.
    page.wait_for_function(
        "document.querySelector('#job-progress progress').value > 0", timeout=120_000
    )
    page.wait_for_selector("#job-progress[data-state=succeeded]", timeout=120_000)
    page.wait_for_load_state()
    status = page.locator("[data-job-status]").inner_text()
    assert done in status and "100%" in status
    # Checked once the page is still: while the job runs it reloads itself when the job ends.
    assert serious_violations(page) == []


def test_the_data_administrator_uploads_a_file_and_watches_it_import(
    page: Any, site: str, tmp_path: Path
) -> None:
    first = activities_file(
        tmp_path / "first.xml", *(activity_xml(f"XM-WEB-{n}") for n in range(800))
    )
    upload_and_watch(page, site, first, "匯入完成", "zh-hant")
    assert "800 合作計畫" in page.locator("[data-job-status]").inner_text()

    english = page.url.replace("/zh-hant/", "/en/", 1)
    page.click('.lang-switch a[hreflang="en"]')
    page.wait_for_url(english)
    assert page.locator("[data-job-status]").inner_text().startswith("Import finished")
    second = activities_file(tmp_path / "second.xml", activity_xml("XM-WEB-EN"))
    upload_and_watch(page, site, second, "Import finished", "en")
    assert "1 activities" in page.locator("[data-job-status]").inner_text()
    # The same file name again: the page asks before replacing the dataset, in English.
    again = activities_file(tmp_path / "second.xml", activity_xml("XM-WEB-EN-2"))
    page.goto(site + url_in("en", "iati:upload"))
    page.set_input_files("input[type=file]", str(again))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("[data-upload-replaces]")
    assert "already exists (1 activities" in page.locator("[data-upload-replaces]").inner_text()
    assert serious_violations(page) == []
    page.click("button[name=cancel]")
    page.wait_for_load_state()
    assert serious_violations(page) == []
