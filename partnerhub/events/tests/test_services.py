"""Behaviour of the event write services and filters."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerhub.events.models import Event
from partnerhub.events.services import EventRecord, OrganiserRecord, event_create
from partnerhub.reference.models import Country

pytestmark = pytest.mark.django_db


def _gctf(**overrides: object) -> EventRecord:
    values: dict[str, object] = {
        "slug": "gctf-2015-08-12",
        "kind": "gctf-workshop",
        "date_start": dt.date(2015, 8, 12),
        "source": "whitepaper-appendix-3",
        "title_zh": "「MERS 檢驗診斷」國際研習營",
        "participating_country_count": 10,
        "organisers": [
            OrganiserRecord(printed_name="臺灣外交部"),
            OrganiserRecord(printed_name="美國在臺協會", role="co-organiser"),
        ],
    }
    values.update(overrides)
    return EventRecord(**values)  # type: ignore[arg-type]


def test_it_creates_a_one_day_event_with_its_organisers() -> None:
    event = event_create(record=_gctf())
    assert event.date_end == event.date_start
    assert [o.printed_name for o in event.organisers.order_by("id")] == [
        "臺灣外交部",
        "美國在臺協會",
    ]
    assert Event.objects.in_year(2015).get() == event
    assert not Event.objects.in_year(2016).exists()


def test_it_links_only_known_countries_once() -> None:
    Country.objects.create(code="US", name_zh="美國", name_en="United States")
    event = event_create(record=_gctf(country_codes=[("US", "美國"), ("US", "美"), ("QQ", "?")]))
    assert list(event.countries.values_list("country__code", flat=True)) == ["US"]
    assert Event.objects.with_country("us").get() == event


def test_it_finds_events_by_organiser_name_in_either_character_form() -> None:
    event_create(record=_gctf())
    assert Event.objects.matching("台湾外交部").count() == 1


def test_it_rejects_an_event_that_ends_before_it_starts() -> None:
    with pytest.raises(Exception):  # noqa: B017 - full_clean or the check constraint refuses it
        event_create(record=_gctf(date_end=dt.date(2015, 8, 1)))
    assert not Event.objects.exists()
