"""Every page of the portal's link graph answers 200, in both languages (a bounded crawl).

The crawl starts at /zh-hant/ and at /en/ and follows the links of each page: every one stays in
the page's language and answers 200, except the language switch, which redirects to the same page
in the other language. Every page names its versions with absolute ``hreflang`` links.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from partnerhub.core.languages import bare_path, split_language

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_seeds")]

_HREF = re.compile(r'<a\s[^>]*?href="([^"#]+)')
_ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
#: Addresses that are no pages of the portal: the admin, sign-in, static files, the API.
_SKIP = ("/admin/", "/accounts/", "/i18n/", "/static/", "/api/", "/iati/")
#: The language switch: its links carry this parameter and redirect.
_SWITCH = re.compile(r"(?:^|&)lang=([a-z-]+)")
#: How many addresses of one kind (route, with or without a query) the crawl visits: enough to
#: reach every kind of page and link, few enough to stay fast.
PER_ROUTE = 3
MAX_PAGES = 300
#: Downloads (JSON and CSV twins, the sitemap) are data, not pages: other tests cover them.
_DATA = (".json", ".csv", ".xml", ".svg", ".ico")


def _kind(path: str, query: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return f"unknown:{path}"  # visited once: it must answer 200 like the others
    return f"{match.view_name}{'?' if query else ''}"


def _alternates(url: str, html: str) -> dict[str, str]:
    """The page's ``hreflang`` links, which must be absolute and name this very page."""
    found = dict(_ALTERNATE.findall(html))
    path = urlsplit(url).path
    assert found.get("x-default", "").startswith("http://testserver" + bare_path(path)), url
    assert all(v.startswith("http://testserver/") for v in found.values()), url
    return found


def crawl(client: Client, start: str) -> tuple[dict[str, int], set[str]]:
    """Breadth-first over the links of each HTML page: the status of every address visited,
    and the language-switch links met on the way."""
    language = split_language(start)[0]
    queue, statuses, per_kind = deque([start]), {}, Counter[str]()
    switches: set[str] = set()
    while queue and len(statuses) < MAX_PAGES:
        url = queue.popleft()
        if url in statuses:
            continue
        with translation.override(language):  # resolve() below reads the active language
            response = client.get(url)
        statuses[url] = response.status_code
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        assert set(_alternates(url, html)) == {"zh-Hant", "en", "x-default"}, url
        for href in _HREF.findall(html):
            target = urlsplit(urljoin(url, unescape(href)))
            if target.netloc not in ("", "testserver") or target.scheme not in ("", "http"):
                continue
            address = target.path + (f"?{target.query}" if target.query else "")
            if _SWITCH.search(target.query):
                switches.add(address)
                continue
            if bare_path(target.path).startswith(_SKIP) or target.path.startswith(_SKIP):
                continue
            if target.path.endswith(_DATA):
                continue
            with translation.override(language):
                kind = _kind(target.path, target.query)
            if address in statuses or kind is None or per_kind[kind] >= PER_ROUTE:
                continue
            per_kind[kind] += 1
            queue.append(address)
    return statuses, switches


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_it_answers_200_on_every_page_it_links_to(client: Client, language: str) -> None:
    with translation.override(language):
        start = reverse("portal:home")
    assert start == f"/{language}/"
    statuses, switches = crawl(client, start)
    broken = {url: status for url, status in statuses.items() if status != 200}
    assert broken == {}
    # Every page it reached is in the language it started in: no link leads out of it.
    assert [url for url in statuses if not url.startswith(start)] == []
    visited = " ".join(statuses)
    for must in ("/activities/", "/organisations/", "/countries/", "/events/", "/sources/"):
        assert f"/{language}{must}" in visited
    assert re.search(r"/sources/\d{3}/lines/", visited)  # citations are links, and they work
    assert len(statuses) > 40
    assert len(switches) > 40  # every page links to itself in the other language


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_it_sends_each_language_switch_link_to_the_same_page_in_the_other_language(
    client: Client, language: str
) -> None:
    with translation.override(language):
        start = reverse("portal:home")
    _, switches = crawl(client, start)
    other = "en" if language == "zh-hant" else "zh-hant"
    to_other = sorted(s for s in switches if s.startswith(f"/{other}/"))
    assert len(to_other) > 40
    for link in to_other:
        response = client.get(link)
        path, _, query = link.partition("?")
        kept = "&".join(p for p in query.split("&") if p != f"lang={other}")
        assert response.status_code == 302, link
        assert response["Location"] == path + (f"?{kept}" if kept else ""), link
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == other
