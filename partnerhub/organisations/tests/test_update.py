"""Behaviour of the organisation update and delete services."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from partnerhub.core.exceptions import InvalidInput
from partnerhub.core.models import AuditEntry
from partnerhub.core.text import search_key
from partnerhub.organisations.models import Organisation, OrganisationAlias
from partnerhub.organisations.services import (
    OrganisationRecord,
    organisation_bulk_create,
    organisation_create,
    organisation_delete,
    organisation_find,
    organisation_update,
)

pytestmark = pytest.mark.django_db


def _audit(organisation: Organisation) -> AuditEntry:
    return AuditEntry.objects.filter(  # type: ignore[return-value]
        model="organisations.Organisation", object_pk=str(organisation.pk)
    ).first()


def test_it_renames_and_keeps_the_old_name_findable() -> None:
    org = organisation_create(name_zh="財團法人國際合作發展基金會", category="icdf")
    organisation_update(organisation=org, name_en="TaiwanICDF", abbreviation="ICDF")
    assert organisation_find(name="taiwanicdf") == org
    assert organisation_find(name="財團法人國際合作發展基金會") == org
    entry = _audit(org)
    assert entry.action == "update"
    assert entry.changes["name_en"] == ["", "TaiwanICDF"]
    assert entry.changes["aliases"] == [[], ["ICDF", "TaiwanICDF"]]
    assert Organisation.objects.matching(search_key("taiwanicdf")).get() == org


def test_it_sets_the_aliases_to_exactly_the_list_given_plus_its_own_names() -> None:
    org = organisation_create(name_zh="勵馨基金會", aliases=["勵馨社會福利事業基金會"])
    organisation_update(organisation=org, aliases=[("Garden of Hope", "en"), "勵馨"])
    assert set(org.aliases.values_list("alias", flat=True)) == {
        "勵馨基金會",
        "Garden of Hope",
        "勵馨",
    }
    assert OrganisationAlias.objects.get(alias="Garden of Hope").language == "en"
    assert organisation_find(name="garden of hope") == org
    assert organisation_find(name="勵馨社會福利事業基金會") is None


def test_it_rejects_an_alias_of_another_organisation_and_changes_nothing() -> None:
    organisation_create(name_zh="至善基金會")
    org = organisation_create(name_zh="勵馨基金會")
    with pytest.raises(InvalidInput) as excinfo:
        organisation_update(organisation=org, name_en="Garden of Hope", aliases=["至善基金會"])
    assert excinfo.value.field == "alias"
    assert Organisation.objects.get(pk=org.pk).name_en == ""


def test_it_stores_an_empty_iati_identifier_as_none() -> None:
    org = organisation_create(name_en="Mercy Corps", iati_identifier="US-EIN-1")
    organisation_update(organisation=org, iati_identifier="")
    org.refresh_from_db()
    assert org.iati_identifier is None


def test_it_deletes_an_organisation_with_its_aliases_and_audits_it() -> None:
    org = organisation_create(name_zh="待刪除協會")
    pk = org.pk
    organisation_delete(organisation=org)
    assert not OrganisationAlias.objects.exists()
    assert AuditEntry.objects.filter(object_pk=str(pk), action="delete").exists()


def test_it_bulk_creates_organisations_with_aliases_and_audit_rows() -> None:
    taken = organisation_create(name_en="Mercy Corps")
    created = organisation_bulk_create(
        records=[
            OrganisationRecord(slug="a", name_en="Alpha Aid", abbreviation="AA"),
            OrganisationRecord(slug="b", name_en="Beta Aid", aliases=["Mercy Corps"]),
        ]
    )
    assert organisation_find(name="aa") == created[0]
    assert organisation_find(name="beta aid") == created[1]
    assert organisation_find(name="mercy corps") == taken  # a taken form stays where it was
    assert AuditEntry.objects.filter(action="create").count() == 3


def test_it_refuses_a_bulk_record_without_a_name_and_writes_nothing() -> None:
    with pytest.raises(ValidationError):
        organisation_bulk_create(
            records=[OrganisationRecord(slug="a", name_en="A"), OrganisationRecord(slug="b")]
        )
    assert not Organisation.objects.exists()
