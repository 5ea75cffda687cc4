"""The reference admin: loaded data is read-only, relationships and exchange rates are editable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from partnerhub.reference.models import CodelistItem, Country, CountryRelationship, ExchangeRate
from partnerhub.test import administrator

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(administrator())
    return client


def test_it_shows_codelists_but_refuses_to_edit_them(admin_client):
    item = CodelistItem.objects.create(
        codelist="ActivityStatus", code="2", name_en="Implementation"
    )
    assert admin_client.get(reverse("admin:reference_codelistitem_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:reference_codelistitem_add")).status_code == 403
    url = reverse("admin:reference_codelistitem_change", args=[item.pk])
    assert admin_client.get(url).status_code == 200
    admin_client.post(url, {"name_en": "Changed"})
    item.refresh_from_db()
    assert item.name_en == "Implementation"


def test_it_lets_an_administrator_add_a_relationship(admin_client):
    country = Country.objects.create(code="PW", name_zh="帛琉", name_en="Palau")
    response = admin_client.post(
        reverse("admin:reference_countryrelationship_add"),
        {
            "country": country.pk,
            "status": "ally",
            "start": "1999-12-29",
            "end": "",
            "citation": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert CountryRelationship.objects.get().start == dt.date(1999, 12, 29)


def test_it_refuses_a_relationship_that_ends_before_it_starts(admin_client):
    country = Country.objects.create(code="HN", name_zh="宏都拉斯", name_en="Honduras")
    response = admin_client.post(
        reverse("admin:reference_countryrelationship_add"),
        {"country": country.pk, "status": "ally", "start": "2023-03-26", "end": "2020-01-01"},
    )
    assert response.status_code == 200
    assert not CountryRelationship.objects.exists()


def test_it_lets_an_administrator_edit_an_exchange_rate(admin_client):
    rate = ExchangeRate.objects.create(currency="TWD", date=dt.date(2024, 1, 1), per_usd="32.11")
    response = admin_client.post(
        reverse("admin:reference_exchangerate_change", args=[rate.pk]),
        {"currency": "TWD", "date": "2024-01-01", "per_usd": "32.20"},
    )
    assert response.status_code == 302
    rate.refresh_from_db()
    assert str(rate.per_usd) == "32.20000000"
