"""The organisation admin writes through the services: aliases typed there are found like any other."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from partnerhub.core.models import AuditEntry
from partnerhub.core.text import search_key
from partnerhub.organisations.models import Organisation, OrganisationAlias
from partnerhub.organisations.services import organisation_create, organisation_find
from partnerhub.test import admin_add_row, admin_form_data, administrator

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(administrator())
    return client


def _change_page(client: Client, organisation: Organisation) -> tuple[str, dict[str, object]]:
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, admin_form_data(response)


def test_it_audits_an_admin_edit_and_makes_its_new_aliases_searchable(
    admin_client: Client,
) -> None:
    org = organisation_create(name_zh="台灣世界展望會", category="domestic-ngo")
    url, data = _change_page(admin_client, org)
    data["name_en"] = "World Vision Taiwan"
    admin_add_row(data, "aliases", alias="世界展望會", language="zh")
    admin_add_row(data, "aliases", alias="WVT")

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert organisation_find(name="世界展望会") == org
    assert organisation_find(name="wvt") == org
    assert OrganisationAlias.objects.get(alias="WVT").key == "wvt"
    assert Organisation.objects.matching(search_key("WVT")).get() == org
    entry = AuditEntry.objects.get(model="organisations.Organisation", action="update")
    assert entry.actor is not None and entry.actor.username == "admin"
    assert entry.changes["name_en"] == ["", "World Vision Taiwan"]
    assert entry.changes["aliases"] == [[], ["WVT", "World Vision Taiwan", "世界展望會"]]


def test_it_removes_an_alias_deleted_in_the_admin(admin_client: Client) -> None:
    org = organisation_create(name_zh="勵馨基金會", aliases=["勵馨社福基金會"])
    url, data = _change_page(admin_client, org)
    index = next(k for k, v in data.items() if v == "勵馨社福基金會").split("-")[1]
    data[f"aliases-{index}-DELETE"] = "on"
    assert admin_client.post(url, data).status_code == 302
    assert organisation_find(name="勵馨社福基金會") is None
    assert organisation_find(name="勵馨基金會") == org


def test_it_refuses_on_the_form_an_alias_of_another_organisation(admin_client: Client) -> None:
    organisation_create(name_zh="至善基金會")
    org = organisation_create(name_zh="勵馨基金會")
    url, data = _change_page(admin_client, org)
    data["name_en"] = "Garden of Hope"
    admin_add_row(data, "aliases", alias="至善基金會")

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "至善基金會" in response.text
    assert Organisation.objects.get(pk=org.pk).name_en == ""
    assert not AuditEntry.objects.filter(action="update").exists()


def test_it_adds_an_organisation_through_the_service(admin_client: Client) -> None:
    url = reverse("admin:organisations_organisation_add")
    data = admin_form_data(admin_client.get(url))
    data.update(slug="ndi", name_en="National Democratic Institute", category="ingo")
    admin_add_row(data, "aliases", alias="美國國際民主協會")

    assert admin_client.post(url, data).status_code == 302
    org = Organisation.objects.get(slug="ndi")
    assert org.iati_type == "21"  # the service derives it from the category
    assert organisation_find(name="美國國際民主協會") == org
    assert AuditEntry.objects.filter(object_pk=str(org.pk), action="create").exists()


def test_it_deletes_an_organisation_through_the_service(admin_client: Client) -> None:
    org = organisation_create(name_zh="待刪除協會")
    url = reverse("admin:organisations_organisation_delete", args=[org.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Organisation.objects.exists()
    assert AuditEntry.objects.filter(object_pk=str(org.pk), action="delete").exists()
