"""Stored totals: the same figures as a live build, read back until the next refresh."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from partnerhub.activities.models import Transaction
from partnerhub.reports.ledger import Scope, ledger_build
from partnerhub.reports.snapshots import (
    PANELS,
    snapshot_for,
    snapshot_ledger,
    snapshot_totals,
    totals_snapshot_refresh,
)
from partnerhub.reports.tests.fixtures import hand_world
from partnerhub.reports.totals import totals_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    return hand_world()


def test_it_stores_the_same_totals_a_live_build_gives(world: dict[str, Any]) -> None:
    scope = Scope(publisher="other", currency="TWD")
    stored = totals_snapshot_refresh(scope=scope)
    live = ledger_build(scope)
    frozen = snapshot_ledger(scope, stored.data)
    for dimension, role in PANELS:
        expected = totals_by(live, dimension, role=role)
        got = snapshot_totals(frozen, stored.data, dimension, role)
        # Stored amounts are kept to the cent (computed by SQL); the live ledger keeps more.
        assert [(r.key, r.activities) for r in got.rows] == [
            (r.key, r.activities) for r in expected.rows
        ]
        assert all(
            abs(g.amount - e.amount) < Decimal("0.01")
            for g, e in zip(got.rows, expected.rows, strict=True)
        )
        assert abs(got.amount - expected.amount) < Decimal("0.01")
        assert got.activities == expected.activities and got.rates == expected.rates
        assert got.rows and got.flows == expected.flows


def test_it_shows_other_donors_stored_totals_until_the_next_refresh(world: dict[str, Any]) -> None:
    page = Client().get(reverse("reports:dashboard")).content.decode()
    assert "尚未計算" in page  # no stored totals yet: said, not guessed
    out = io.StringIO()
    call_command("reports_refresh", stdout=out)
    assert "Stored other spending USD: 1000" in out.getvalue()
    assert ">1,000</a>" in Client().get(reverse("reports:dashboard")).content.decode()

    Transaction.objects.filter(activity=world["c"]).update(value=Decimal(5_000))
    assert ">1,000</a>" in Client().get(reverse("reports:dashboard")).content.decode()
    call_command("reports_refresh", stdout=io.StringIO())
    page = Client().get(reverse("reports:dashboard"), {"publisher": "other"}).content.decode()
    assert ">5,000</a>" in page
    assert snapshot_for(Scope(publisher="other", year=2022)) is None  # a year is totalled live


def test_stored_totals_know_when_an_activity_changed_after_them(world: dict[str, Any]) -> None:
    from partnerhub.activities.services import activity_update
    from partnerhub.reports.snapshots import snapshot_is_current
    from partnerhub.reports.tasks import totals_refresh

    scope = Scope(publisher="other")
    row = totals_snapshot_refresh(scope=scope)
    assert snapshot_is_current(row)
    assert (
        "have changed since"
        not in Client().get(reverse("reports:dashboard"), {"publisher": "other"}).content.decode()
    )
    # The task leaves current rows alone.
    for other in (Scope(publisher="other", currency="TWD"),):
        totals_snapshot_refresh(scope=other)
    assert totals_refresh.call() == {"refreshed": []}

    activity_update(activity=world["c"], title_en="Renamed by an editor")
    assert not snapshot_is_current(row)
    page = Client().get(reverse("reports:dashboard"), {"publisher": "other"}).content.decode()
    assert "此後活動資料已有變動" in page
    assert len(totals_refresh.call()["refreshed"]) == 2
    assert all(
        snapshot_is_current(snapshot_for(s)) for s in (scope, Scope("other", currency="TWD"))
    )
