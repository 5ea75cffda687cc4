"""Every page of the portal's link graph answers 200, in both languages (a bounded crawl)."""

from __future__ import annotations

import re
from collections import Counter, deque
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_seeds")]

_HREF = re.compile(r'href="([^"#]+)')
#: Addresses that are no pages of the portal: the admin, sign-in, static files, the API.
_SKIP = ("/admin/", "/accounts/", "/i18n/", "/static/", "/api/", "/iati/")
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


def crawl(client: Client, start: str) -> dict[str, int]:
    """Breadth-first over the links of each HTML page; the status of every address visited."""
    queue, statuses, per_kind = deque([start]), {}, Counter[str]()
    while queue and len(statuses) < MAX_PAGES:
        url = queue.popleft()
        if url in statuses:
            continue
        response = client.get(url)
        statuses[url] = response.status_code
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in _HREF.findall(response.content.decode()):
            target = urlsplit(urljoin(url, unescape(href)))
            if target.netloc not in ("", "testserver") or target.path.startswith(_SKIP):
                continue
            if target.path.endswith(_DATA):
                continue
            if target.scheme not in ("", "http"):
                continue
            address = target.path + (f"?{target.query}" if target.query else "")
            kind = _kind(target.path, target.query)
            if address in statuses or kind is None or per_kind[kind] >= PER_ROUTE:
                continue
            per_kind[kind] += 1
            queue.append(address)
    return statuses


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_it_answers_200_on_every_page_it_links_to(client: Client, language: str) -> None:
    client.cookies["partnerhub_language"] = language
    statuses = crawl(client, reverse("portal:home"))
    broken = {url: status for url, status in statuses.items() if status != 200}
    assert broken == {}
    visited = " ".join(statuses)
    for must in ("/activities/", "/organisations/", "/countries/", "/events/", "/sources/"):
        assert must in visited
    assert re.search(r"/sources/\d{3}/lines/", visited)  # citations are links, and they work
    assert len(statuses) > 40
