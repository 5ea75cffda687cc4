"""Provenance a visitor can check: every citation links to the cited lines in their context."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partnerhub.activities.models import Activity
from partnerhub.events.models import Event
from partnerhub.seeds.documents import document_lines

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_seeds")]


def test_it_links_a_citation_to_the_cited_lines_highlighted_in_context(client: Client) -> None:
    activity = Activity.objects.get(iati_identifier="TW-SEEDS-UKRAINE-2022-01")
    html = client.get(reverse("portal:activity", args=[activity.pk])).content.decode()
    start, end = activity.provenance.line_start, activity.provenance.line_end
    link = reverse("portal:source-lines", args=["002", start, end])
    assert f'href="{link}"' in html
    assert "002_73f349e2c11ffc5f.txt" not in html  # the hash file name stays out of sight
    page = client.get(link).content.decode()
    assert "國際合作發展政策白皮書" in page and "中華民國外交部" in page and "2023" in page
    cited = re.findall(r'<li value="(\d+)" class="cited"><mark>(.*?)</mark></li>', page)
    assert [int(n) for n, _ in cited] == list(range(start, end + 1))
    assert cited[0][1] == document_lines("002")[start - 1] or cited[0][1].strip() == ""
    context = re.findall(r'<li value="(\d+)">', page)
    assert context and int(context[0]) < start  # lines before the citation are shown too


def test_it_shows_the_source_in_english_with_its_title_not_its_file(client: Client) -> None:
    event = Event.objects.get(slug="gctf-2019-09-29")
    with translation.override("en"):
        html = client.get(reverse("portal:event", args=[event.slug])).content.decode()
    assert "International Cooperation and Development Policy White Paper" in html
    assert re.search(r"lines 7\d{3}–7\d{3}", html)


def test_it_lists_the_documents_with_publishers_and_last_updated_dates(client: Client) -> None:
    html = client.get(reverse("portal:sources")).content.decode()
    for number in ("000", "001", "002", "003", "004"):
        assert reverse("portal:source", args=[number]) in html
    assert "台北時報" in html and "Not imported" not in html and "尚未匯入" not in html
    page = client.get(reverse("portal:source", args=["004"])).content.decode()
    assert "印刷及製作護照" in page  # a plan line, kept with the document that printed it


def test_it_answers_404_for_an_unknown_document_or_lines_beyond_the_end(client: Client) -> None:
    assert client.get(reverse("portal:source", args=["099"])).status_code == 404
    assert client.get(reverse("portal:source-lines", args=["004", 9000, 9001])).status_code == 404
    assert client.get(reverse("portal:source-lines", args=["004", 5, 3])).status_code == 404
