"""The audit trail: services call :func:`audit_record` for every change they make."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from partnerhub.core.models import AuditEntry

_local = threading.local()


def set_current_actor(user: AbstractBaseUser | AnonymousUser | None) -> None:
    """Remember the request's user so services can attribute changes without threading it through."""
    _local.actor = user if user is not None and user.is_authenticated else None


def current_actor() -> Any:
    return getattr(_local, "actor", None)


def audit_record(
    *,
    action: str,
    instance: models.Model,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    actor: Any = None,
) -> AuditEntry:
    """Write one audit row for a change to ``instance``."""
    return AuditEntry.objects.create(
        actor=actor or current_actor(),
        action=action,
        model=instance._meta.label,
        object_pk=str(instance.pk),
        summary=summary[:500],
        changes=changes or {},
    )


def audit_batch(
    *,
    action: str,
    model: type[models.Model],
    summary: str,
    changes: dict[str, Any] | None = None,
    actor: Any = None,
) -> AuditEntry:
    """One audit row for a change to many rows at once (a dataset imported or replaced).

    Bulk writes of importers touch thousands of rows; one row per batch keeps the trail readable
    and the import fast, and ``changes`` says which rows (a provenance, a count).
    """
    return AuditEntry.objects.create(
        actor=actor or current_actor(),
        action=action,
        model=model._meta.label,
        object_pk="",
        summary=summary[:500],
        changes=changes or {},
    )


def audit_each(*, action: str, instances: Sequence[models.Model], actor: Any = None) -> None:
    """One audit row per instance, written in one statement (a few dozen rows, not thousands)."""
    who = actor or current_actor()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=who,
            action=action,
            model=instance._meta.label,
            object_pk=str(instance.pk),
            summary=str(instance)[:500],
        )
        for instance in instances
    )
