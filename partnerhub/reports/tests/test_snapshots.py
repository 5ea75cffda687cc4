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
from partnerhub.reports.donors_sql import donors_snapshots_refresh
from partnerhub.reports.ledger import Scope, ledger_build
from partnerhub.reports.snapshots import (
    PANELS,
    STORED,
    snapshot_for,
    snapshot_ledger,
    snapshot_totals,
    totals_snapshot_refresh,
    totals_snapshots_refresh,
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
    stored_year = snapshot_for(Scope(publisher="other", year=2022))
    assert stored_year is not None and stored_year.year == 2022
    assert snapshot_for(Scope(publisher="other", measure="budget")) is None  # totalled live


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
    totals_snapshots_refresh()
    donors_snapshots_refresh()
    assert totals_refresh.call() == {"refreshed": [], "donors": 0}

    activity_update(activity=world["c"], title_en="Renamed by an editor")
    assert not snapshot_is_current(row)
    page = Client().get(reverse("reports:dashboard"), {"publisher": "other"}).content.decode()
    assert "此後活動資料已有變動" in page
    refreshed = totals_refresh.call()
    assert len(refreshed["refreshed"]) == len(STORED) and refreshed["donors"] > 0
    assert all(snapshot_is_current(snapshot_for(s)) for s in STORED)


def test_it_shows_taiwans_dashboard_year_and_country_from_the_stored_totals(
    world: dict[str, Any],
) -> None:
    totals_snapshots_refresh()
    # A write that does not move the change stamp shows that the pages read the stored rows.
    Transaction.objects.filter(activity=world["a"], type="4").update(value=Decimal(800_000))
    page = Client().get(reverse("reports:dashboard")).content.decode()
    assert ">403,750</a>" in page and "此後活動資料已有變動" not in page
    one_year = Client().get(reverse("reports:dashboard"), {"year": "2023"}).content.decode()
    assert ">303,750</a>" in one_year  # 2023: 200,000 + 100,000 + 3,750 in Thailand
    country = Client().get(reverse("portal:country", args=["HN"])).content.decode()
    assert ">180,000</a>" in country
    # After the refresh the new figures show, and a live count agrees with them.
    totals_snapshots_refresh()
    live = totals_by(ledger_build(Scope(country="HN")), "year")
    assert live.amount == Decimal(540_000)
    country = Client().get(reverse("portal:country", args=["HN"])).content.decode()
    assert ">540,000</a>" in country


def test_it_says_on_the_country_page_when_activities_changed_after_the_stored_totals(
    world: dict[str, Any],
) -> None:
    from partnerhub.activities.services import activity_update

    url = reverse("portal:country", args=["HN"])
    assert "此後活動資料已有變動" not in Client().get(url).content.decode()  # live: nothing stored
    totals_snapshots_refresh()
    assert "最近一次匯入後計算" in Client().get(url).content.decode()
    activity_update(activity=world["a"], title_en="Renamed by an editor")
    page = Client().get(url).content.decode()
    assert "此後活動資料已有變動" in page and ">180,000</a>" in page


def test_it_reads_the_donors_report_stored_for_the_country_and_says_when_it_was_built(
    world: dict[str, Any],
) -> None:
    from partnerhub.activities.services import activity_update

    url = reverse("reports:donors-json", args=["HN"])
    live = Client().get(url).json()
    assert live["total"] == "181000.00" and "computed_at" not in live
    donors_snapshots_refresh()
    Transaction.objects.filter(activity=world["c"]).update(value=Decimal(5_000))
    stored = Client().get(url).json()
    assert stored["total"] == "181000.00" and stored["activities_changed_since"] is False
    assert {
        k: v for k, v in stored.items() if k not in ("computed_at", "activities_changed_since")
    } == live
    activity_update(activity=world["c"], title_en="Renamed by an editor")
    assert Client().get(url).json()["activities_changed_since"] is True
    page = Client().get(reverse("reports:donors", args=["HN"])).content.decode()
    assert "此後活動資料已有變動" in page
    donors_snapshots_refresh()
    assert Client().get(url).json()["total"] == "185000.00"


def test_a_bulk_write_queues_the_refresh_which_a_worker_stores_at_the_new_version(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    from partnerhub.activities.services import STAMP, activities_recount
    from partnerhub.core.stamps import change_stamp
    from partnerhub.reports.models import DonorsSnapshot, TotalsSnapshot
    from partnerhub.test import run_worker

    # What an import or a seed load does when it commits.
    with django_capture_on_commit_callbacks(execute=True):
        activities_recount()
    queued = DBTaskResult.objects.filter(task_path__endswith=".totals_refresh")
    assert queued.count() == 1
    assert not TotalsSnapshot.objects.exists()
    run_worker()
    assert queued.get().status == "SUCCESSFUL"
    version = change_stamp(STAMP).version
    assert TotalsSnapshot.objects.filter(stamp=version, year=2022, country="").exists()
    assert TotalsSnapshot.objects.filter(stamp=version, country="HN").count() == len(STORED)
    assert DonorsSnapshot.objects.filter(stamp=version, country="HN").count() == 2


def test_the_country_page_counts_its_activities_from_the_stored_totals_while_current(
    world: dict[str, Any],
) -> None:
    from partnerhub.activities.models import Activity
    from partnerhub.activities.services import activity_update
    from partnerhub.reports.selectors import country_activity_count

    assert country_activity_count("HN") is None  # nothing stored: the list counts
    totals_snapshots_refresh()
    everyone = Activity.objects.count()
    for code in ("HN", "GT", "TH", "PY"):
        expected = (Activity.objects.in_country(code).count(), everyone)
        assert country_activity_count(code) == expected, code
    assert country_activity_count("HN") == (2, 4)
    activity_update(activity=world["c"], title_en="Renamed by an editor")
    assert country_activity_count("HN") is None


def test_the_staff_view_reads_what_the_totals_cannot_place_with_the_stored_totals(
    world: dict[str, Any],
) -> None:
    from django.utils import translation

    from partnerhub.activities.models import Activity
    from partnerhub.reports.snapshots import ledger_quality
    from partnerhub.test import administrator

    client = Client()
    client.force_login(administrator())

    def modality_row() -> str:
        with translation.override("en"):
            page = client.get(reverse("reports:dashboard-staff")).content.decode()
        row = page[page.index("without a modality") :]
        return row[row.index('"num">') + 6 : row.index("</td>")]

    live = ledger_quality(ledger_build(Scope()))
    assert live["no_modality"] == 1 and live["unconverted"] == 2  # d has neither; XXX, undated
    assert modality_row() == "1"
    totals_snapshots_refresh()
    stored = snapshot_for(Scope())
    assert stored is not None and stored.data["quality"] == live
    # A write that does not move the change stamp shows that the page reads the stored row.
    Activity.objects.filter(pk=world["b"].pk).update(modality="")
    assert modality_row() == "1"
    totals_snapshots_refresh()
    assert modality_row() == "2"


def test_the_task_rebuilds_a_row_stored_before_years_and_countries_were(
    world: dict[str, Any],
) -> None:
    from partnerhub.reports.models import TotalsSnapshot
    from partnerhub.reports.tasks import totals_refresh

    totals_snapshots_refresh()
    # What an older refresh left: the whole record only, without the staff page's gaps.
    TotalsSnapshot.objects.exclude(year=0, country="").delete()
    old = snapshot_for(Scope(publisher="other"))
    assert old is not None
    old.data = {k: v for k, v in old.data.items() if k != "quality"}
    old.save()
    assert snapshot_for(Scope(publisher="other", year=2022)) is None  # not an empty year: live
    assert str(old) in totals_refresh.call()["refreshed"]
    stored = snapshot_for(Scope(publisher="other", year=2022))
    assert stored is not None and stored.pk is not None and stored.data["activities"] == 1


def test_an_edit_has_taiwans_totals_rebuilt_later_and_leaves_other_donors_to_the_next_import(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.cache import caches
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from partnerhub.activities.services import activity_update
    from partnerhub.reports.snapshots import snapshot_is_current
    from partnerhub.reports.tasks import totals_refresh_taiwan

    totals_snapshots_refresh()
    caches["tasks"].delete("activities:facets-refresh-pending")
    transaction.get_connection().run_on_commit.clear()  # the fixture's writes, as if committed
    with django_capture_on_commit_callbacks(execute=True):
        activity_update(activity=world["c"], title_en="Renamed by an editor")
    queued = DBTaskResult.objects.filter(task_path__endswith=".totals_refresh_taiwan")
    assert queued.count() == 1 and queued.get().run_after is not None
    assert not any(snapshot_is_current(snapshot_for(s)) for s in STORED)
    refreshed = totals_refresh_taiwan.call()["refreshed"]
    taiwan = [s for s in STORED if s.publisher == "taiwan"]
    assert len(refreshed) == len(taiwan)
    assert all(snapshot_is_current(snapshot_for(s)) for s in taiwan)
    assert not any(snapshot_is_current(snapshot_for(s)) for s in STORED if s not in taiwan)
    caches["tasks"].delete("activities:facets-refresh-pending")


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_a_scope_too_large_to_total_on_request_says_so_instead_of_reading_every_flow(
    world: dict[str, Any], settings: Any, language: str
) -> None:
    from django.utils import translation

    from partnerhub.reports import selectors

    settings.PARTNERHUB_LIVE_TOTALS_LIMIT = 0  # any activity at all is too many
    budgets = Scope(publisher="other", measure="budget")
    assert selectors.live_totals_too_large(budgets)
    board = selectors.dashboard_build(budgets)
    assert board.too_large and board.panels == [] and board.map_values == []
    with translation.override(language):
        url = reverse("reports:dashboard")
        chart = reverse("reports:chart", kwargs={"slug": "country", "fmt": "csv"})
    query = {"publisher": "other", "measure": "budget"}
    page = Client().get(url, query)
    assert page.status_code == 200
    text = page.content.decode()
    expected = (
        "無法在您等候時即時加總" if language == "zh-hant" else "too many to total while you wait"
    )
    assert expected in text and 'id="map-title"' not in text
    assert Client().get(chart, query).status_code == 404
    settings.PARTNERHUB_LIVE_TOTALS_LIMIT = 100_000
    assert not selectors.dashboard_build(budgets).too_large
