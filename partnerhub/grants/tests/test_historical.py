"""The white paper's Appendix 1 grants in the register, as closed historical grants."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from partnerhub.grants.models import Application
from partnerhub.test import small_world

pytestmark = pytest.mark.django_db


def test_it_links_each_appendix_1_grant_to_a_closed_application_of_its_organisation():
    world = small_world()
    out = io.StringIO()
    call_command("grants_register_historical", stdout=out)
    assert "Linked 1 historical grants" in out.getvalue()
    grant = Application.objects.get()
    assert (grant.state, grant.historical) == ("closed", True)
    assert grant.activity == world["activities"]["vn_ngo"]
    assert grant.organisation == world["organisations"]["ngo"]
    call_command("grants_register_historical", stdout=out)
    assert Application.objects.count() == 1


def test_it_writes_nothing_on_a_dry_run():
    small_world()
    out = io.StringIO()
    call_command("grants_register_historical", "--dry-run", stdout=out)
    assert "Would link 1" in out.getvalue()
    assert not Application.objects.exists()


def test_it_lists_historical_grants_in_the_public_register(client):
    small_world()
    call_command("grants_register_historical", stdout=io.StringIO())
    translation.activate("en")  # the addresses below are of pages in this language
    body = client.get(reverse("grants:register")).content.decode()
    assert "越南義診" in body or "Vietnam medical clinics" in body
    assert "historical" in body
    assert reverse("portal:organisation", args=["tzu-root"]) in body
