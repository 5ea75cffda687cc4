"""Search across languages, on the imported seeds: a name in English finds what it finds in
Chinese, and the search page shows type, year, countries and a marked snippet."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partnerhub.activities.models import Activity
from partnerhub.core.text import search_key
from partnerhub.events.models import Event
from partnerhub.organisations.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_seeds")]

#: Country and organisation names in English and in Chinese, as a visitor would type them.
PAIRS = [
    ("Guatemala", "瓜地馬拉"),
    ("Eswatini", "史瓦帝尼"),
    ("Myanmar", "緬甸"),
    ("Ukraine", "烏克蘭"),
    ("Paraguay", "巴拉圭"),
    ("Palau", "帛琉"),
    ("Poland", "波蘭"),
    ("TaiwanICDF", "國合會"),
    ("World Vision Taiwan", "台灣世界展望會"),
    ("Ministry of Labor", "勞動部"),
    ("Kyiv City Government", "基輔市政府"),
    ("Reporters Without Borders", "無國界記者組織"),
    ("American Institute in Taiwan", "美國在臺協會"),
]


def _found(query: str) -> dict[str, set[int]]:
    key = search_key(query)
    return {
        "activities": set(Activity.objects.matching(key).values_list("pk", flat=True)),
        "events": set(Event.objects.matching(key).values_list("pk", flat=True)),
        "organisations": set(Organisation.objects.matching(key).values_list("pk", flat=True)),
    }


@pytest.mark.parametrize(("english", "chinese"), PAIRS)
def test_it_finds_the_same_records_by_english_and_chinese_names(english, chinese) -> None:
    in_english, in_chinese = _found(english), _found(chinese)
    assert in_english == in_chinese
    assert in_english["activities"] | in_english["events"], f"{english} finds nothing"


def test_it_finds_activities_printed_only_in_chinese_by_english_country_names() -> None:
    guatemala = _found("Guatemala")["activities"]
    printed = set(
        Activity.objects.filter(search_text__contains=search_key("瓜地馬拉")).values_list(
            "pk", flat=True
        )
    )
    assert printed and printed <= guatemala


def test_it_finds_an_organisation_by_its_alias() -> None:
    (icdf,) = Organisation.objects.matching(search_key("國合會"))
    assert icdf.abbreviation == "TaiwanICDF"


def test_it_shows_hits_with_type_year_countries_and_a_marked_snippet(client: Client) -> None:
    with translation.override("en"):
        url = reverse("portal:search")
    html = client.get(url, {"q": "Guatemala"}).content.decode()
    assert 'id="s-activities"' in html and 'id="s-events"' in html
    assert "<mark>Guatemala</mark>" in html
    assert '<span class="tag">Guatemala</span>' in html
    assert re.search(r'<span class="tag">20[0-9]{2}</span>', html)
    html = client.get(url, {"q": "瓜地馬拉"}).content.decode()
    assert "<mark>瓜地馬拉</mark>" in html


def _as_before(key: str) -> set[int]:
    """The activity search as one OR of ``LIKE`` scans, as it was before the search index."""
    from partnerhub.activities.search import scanning_match

    return set(Activity.objects.filter(scanning_match(key)).values_list("pk", flat=True))


@pytest.mark.parametrize(
    "query",
    [
        "water",  # English, a sector name too
        "hospital training",  # two English words, both must occur
        "醫療",  # two Chinese characters: the pair index
        "醫",  # one: a scan
        "醫療團",  # three: the index
        "台灣",
        "臺灣",
        "台湾",
        "臺灣 醫療",
        "瓜地馬拉",  # a country name: its English name and links count too
        "Guatemala",
        "國合會",  # an organisation
        "hiv",
        "ai",  # two Latin letters
        "nothing-like-this-anywhere",
    ],
)
def test_search_finds_the_same_activities_as_the_scan_it_replaced(query: str) -> None:
    key = search_key(query)
    found = set(Activity.objects.matching(key).values_list("pk", flat=True))
    assert found == _as_before(key)
    if query in ("醫療", "台灣", "Guatemala", "water"):
        assert found, f"{query} finds nothing in the seeds"


def test_taiwan_in_either_form_finds_the_same_activities() -> None:
    found = [
        set(Activity.objects.matching(search_key(q)).values_list("pk"))
        for q in ("台灣", "臺灣", "台湾")
    ]
    assert found[0] and found[0] == found[1] == found[2]
