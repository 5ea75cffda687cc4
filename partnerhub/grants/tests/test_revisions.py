"""Comparing two saved versions of an application, line by line, in both languages."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerhub.grants import services
from partnerhub.grants.records import BudgetLineRecord
from partnerhub.grants.revisions import DiffLine, diff_lines, revisions_compare
from partnerhub.grants.tests.conftest import complete_draft
from partnerhub.test import url_in

pytestmark = pytest.mark.django_db


def _two_versions(world):
    app = services.application_create(
        call=world["call"], organisation=world["ngo"], actor=world["applicant"]
    )
    first = complete_draft()
    app = services.application_save(
        application=app, draft=first, version=1, actor=world["applicant"]
    )
    second = dataclasses.replace(
        first,
        title_en="Rural clinics in Eswatini and Viet Nam",
        budget=[
            BudgetLineRecord("Medicines", Decimal("800000"), "TWD"),
            BudgetLineRecord("Vaccines", Decimal("150000"), "TWD"),
        ],
    )
    return services.application_save(
        application=app, draft=second, version=2, actor=world["colleague"]
    )


def test_it_marks_removed_and_added_lines_and_keeps_the_rest_in_order():
    assert diff_lines(["a", "b", "c"], ["a", "x", "c", "d"]) == (
        DiffLine("same", "a"),
        DiffLine("removed", "b"),
        DiffLine("added", "x"),
        DiffLine("same", "c"),
        DiffLine("added", "d"),
    )


def test_it_compares_the_last_two_versions_field_by_field(world):
    app = _two_versions(world)
    comparison = revisions_compare(app)
    assert (comparison.older.version, comparison.newer.version) == (2, 3)
    changed = {f.name: f.lines for f in comparison.fields}
    assert set(changed) == {"title_en", "budget"}
    assert changed["budget"] == (
        DiffLine("same", "Medicines | 800000.00 | TWD"),
        DiffLine("removed", "Travel | 400000.00 | TWD"),
        DiffLine("added", "Vaccines | 150000.00 | TWD"),
    )
    from_empty = revisions_compare(app, older=1, newer=3)
    assert "countries" in {f.name for f in from_empty.fields}


def test_it_shows_the_changes_to_the_applicant_in_english_and_chinese(client, world):
    app = _two_versions(world)
    client.force_login(world["applicant"])
    body = client.get(url_in("en", "grants:revisions", app.pk)).content.decode()
    assert "Changes from version 2 to version 3" in body
    assert (
        '<del><span class="visually-hidden">Removed: </span>Travel | 400000.00 | TWD</del>' in body
    )
    assert (
        '<ins><span class="visually-hidden">Added: </span>Vaccines | 150000.00 | TWD</ins>' in body
    )
    url = url_in("zh-hant", "grants:revisions", app.pk)
    chinese = client.get(url, {"from": "2", "to": "3"})
    assert "第 2 版到第 3 版的變更" in chinese.content.decode()
    detail = client.get(url_in("zh-hant", "grants:application", app.pk)).content.decode()
    assert url in detail


def test_it_answers_a_bad_or_missing_version_with_a_message_naming_it(client, world):
    app = _two_versions(world)
    client.force_login(world["applicant"])
    url = url_in("en", "grants:revisions", app.pk)
    page = client.get(url, {"from": "9"}, follow=True)
    assert "No version 9." in page.content.decode()
    page = client.get(url, {"to": "latest"}, follow=True)
    assert "&#x27;to&#x27; must be a version number." in page.content.decode()


def test_it_hides_the_versions_from_another_organisation(client, world):
    app = _two_versions(world)
    client.force_login(world["stranger"])
    assert client.get(reverse("grants:revisions", args=[app.pk])).status_code == 404
