"""Behaviour of the organisation write services and the alias table."""

from __future__ import annotations

import pytest

from partnerhub.core.exceptions import InvalidInput
from partnerhub.organisations.models import Organisation
from partnerhub.organisations.services import (
    organisation_add_alias,
    organisation_create,
    organisation_find,
    organisation_get_or_create,
)

pytestmark = pytest.mark.django_db


def test_it_finds_an_organisation_by_any_printed_form() -> None:
    wv = organisation_create(
        name_zh="台灣世界展望會", name_en="World Vision Taiwan", category="domestic-ngo"
    )
    organisation_add_alias(organisation=wv, alias="臺灣世界展望會")
    assert organisation_find(name="臺灣世界展望會") == wv
    assert organisation_find(name="world vision taiwan") == wv
    assert organisation_find(name="台湾世界展望会") == wv  # simplified input folds too


def test_it_keeps_every_printed_form_verbatim() -> None:
    ndi = organisation_create(
        name_en="National Democratic Institute", abbreviation="NDI", category="ingo"
    )
    for printed in ("美國國際民主協會", "國家民主研究院", "全國民主研究所"):
        organisation_add_alias(organisation=ndi, alias=printed)
    assert set(ndi.aliases.values_list("alias", flat=True)) >= {
        "美國國際民主協會",
        "國家民主研究院",
        "全國民主研究所",
        "NDI",
    }


def test_it_rejects_an_alias_that_belongs_to_another_organisation() -> None:
    organisation_create(name_zh="勵馨基金會", category="domestic-ngo")
    other = organisation_create(name_zh="至善基金會", category="domestic-ngo")
    with pytest.raises(InvalidInput) as excinfo:
        organisation_add_alias(organisation=other, alias="勵馨基金會")
    assert "勵馨基金會" in excinfo.value.message("zh-hant")
    assert excinfo.value.field == "alias"


def test_it_creates_an_organisation_once_for_a_printed_name() -> None:
    first, created = organisation_get_or_create(
        printed_name="幫幫忙基金會", category="domestic-ngo"
    )
    again, created_again = organisation_get_or_create(printed_name="幫幫忙基金會")
    assert (created, created_again) == (True, False)
    assert first == again
    assert Organisation.objects.count() == 1
    assert first.iati_type == "22"


def test_it_rejects_an_organisation_without_any_name() -> None:
    with pytest.raises(Exception):  # noqa: B017 - full_clean or the check constraint refuses it
        organisation_create(category="ingo")
    assert not Organisation.objects.exists()


def test_it_merges_a_duplicate_moving_its_links_and_printed_forms() -> None:
    from partnerhub.activities.models import Participation
    from partnerhub.core.models import AuditEntry
    from partnerhub.organisations.services import organisation_merge
    from partnerhub.test import activity

    keep = organisation_create(name_zh="基輔市政府", name_en="Kyiv City Government")
    drop = organisation_create(name_zh="烏克蘭基輔市政府")
    funded = activity(title_zh="重建")
    Participation.objects.create(activity=funded, organisation=drop, role="4")
    organisation_merge(keep=keep, drop=drop)
    assert not Organisation.objects.filter(pk=drop.pk).exists()
    assert Participation.objects.get(activity=funded).organisation == keep
    assert organisation_find(name="烏克蘭基輔市政府") == keep
    assert AuditEntry.objects.filter(model="organisations.Organisation", action="delete").exists()


def test_it_fills_only_missing_fields_and_replaces_a_placeholder_slug() -> None:
    from partnerhub.organisations.services import organisation_fill_missing

    labour = organisation_create(name_zh="勞動部", abbreviation="MOL")
    assert labour.slug.startswith("mol") or labour.slug.startswith("org")
    placeholder = organisation_create(name_zh="海洋委員會")
    assert placeholder.slug == "org"
    organisation_fill_missing(organisation=placeholder, name_en="Ocean Affairs Council")
    placeholder.refresh_from_db()
    assert (placeholder.name_en, placeholder.slug) == (
        "Ocean Affairs Council",
        "ocean-affairs-council",
    )
    organisation_fill_missing(organisation=placeholder, name_en="Something else")
    placeholder.refresh_from_db()
    assert placeholder.name_en == "Ocean Affairs Council"
