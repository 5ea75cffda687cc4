"""Publishers created by an import are ordinary organisations: found by name, with audit rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerhub.core.models import AuditEntry
from partnerhub.iati.importer import dataset_import
from partnerhub.iati.tests.helpers import activities_file, activity_xml
from partnerhub.organisations.models import Organisation
from partnerhub.organisations.services import organisation_find

pytestmark = pytest.mark.django_db


def test_it_gives_a_new_publisher_an_alias_and_an_audit_row(tmp_path: Path) -> None:
    dataset_import(path=activities_file(tmp_path / "p.xml", activity_xml("XM-1")))
    publisher = Organisation.objects.get(iati_identifier="XM-DAC-41114")
    assert organisation_find(name="publisher xm-dac-41114") == publisher
    assert AuditEntry.objects.filter(
        model="organisations.Organisation", object_pk=str(publisher.pk), action="create"
    ).exists()
