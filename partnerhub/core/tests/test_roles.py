"""Roles grant least privilege and the sync command keeps groups exactly as the table says."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from partnerhub.core.roles import ROLES, roles_sync
from partnerhub.test import registry_editor

pytestmark = pytest.mark.django_db


def test_it_creates_every_role_with_exactly_its_permissions() -> None:
    roles_sync()
    for role in ROLES:
        group = Group.objects.get(name=role.name)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(role.permissions), role.name


def test_it_removes_a_permission_added_by_hand() -> None:
    roles_sync()
    group = Group.objects.get(name="Auditor")
    group.permissions.add(Permission.objects.get(codename="delete_activity"))
    [auditor] = [r for r in roles_sync() if r.name == "Auditor"]
    assert auditor.removed == 1
    assert not group.permissions.filter(codename="delete_activity").exists()


def test_it_never_lets_an_editor_delete_or_import() -> None:
    editor = registry_editor()
    assert editor.has_perm("activities.change_activity")
    assert not editor.has_perm("activities.delete_activity")
    assert not editor.has_perm("iati.add_dataset")
    assert not editor.has_perm("core.view_auditentry")


def test_it_reports_a_dry_run_without_writing(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("core_roles", "--dry-run")
    assert f"would change {len(ROLES)}" in capsys.readouterr().out
    assert not Group.objects.exists()
