"""Writes that belong to no domain (provenance rows, list indexes), and the helpers every update
service shares."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.db.models import Exists, OuterRef

from partnerhub.core.audit import audit_record
from partnerhub.core.exceptions import InvalidInput
from partnerhub.core.models import ListIndex, Provenance

if TYPE_CHECKING:
    from partnerhub.core.lists import ListSpec


def provenance_create(
    *,
    source: str,
    file: str = "",
    line_start: int | None = None,
    line_end: int | None = None,
    locator: str = "",
    user: Any = None,
    note: str = "",
) -> Provenance:
    """Record where a record came from; validated like every other write."""
    provenance = Provenance(
        source=source,
        file=file,
        line_start=line_start,
        line_end=line_end if line_end is not None else line_start,
        locator=locator[:500],
        user=user,
        note=note,
    )
    provenance.full_clean()
    provenance.save()
    return provenance


def provenance_delete(*, provenance: Provenance) -> None:
    """Delete a provenance row; records that pointed to it keep their data and lose the citation."""
    provenance.delete()


def provenance_delete_unused(*, provenances: models.QuerySet[Provenance]) -> int:
    """Delete those of ``provenances`` that no record points to any more (after a replacement)."""
    unused = provenances
    for rel in Provenance._meta.get_fields(include_hidden=True):
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one):
            model: Any = rel.related_model
            pointing = model._default_manager.filter(**{rel.field.name: OuterRef("pk")})  # type: ignore[union-attr]
            unused = unused.exclude(Exists(pointing))
    deleted, _ = Provenance.objects.filter(pk__in=unused.values("pk")).delete()
    return deleted


def _plain(value: Any) -> Any:
    """A value as the audit trail's JSON column can hold it (a related row by its key)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | dt.datetime | Decimal):
        return str(value)
    return value


def editable_fields(model: type[models.Model], *, derived: Collection[str] = ()) -> set[str]:
    """The names an update service accepts: stored, editable, neither the key nor ``derived``."""
    return {
        f.name
        for f in model._meta.concrete_fields
        if f.editable
        and not f.primary_key
        and f.name not in derived
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    }


def apply_changes(
    instance: models.Model, changes: Mapping[str, Any], *, allowed: Collection[str]
) -> dict[str, list[Any]]:
    """Set ``changes`` on ``instance`` and return what really changed as ``{field: [old, new]}``.

    An update service calls this before ``full_clean()``; an unknown or derived field is refused by
    name, so a typo never passes silently.
    """
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        names = ", ".join(unknown)
        raise InvalidInput(
            f"These fields of a {instance._meta.model_name} cannot be changed: {names}.",
            f"這些欄位不存在或不能直接修改：{names}。",
            field=unknown[0],
        )
    diff: dict[str, list[Any]] = {}
    by_name = {f.name: f for f in instance._meta.concrete_fields}
    for name, new in changes.items():
        field = by_name[name]
        old = getattr(instance, field.attname)
        new_key = new.pk if isinstance(new, models.Model) else new
        if field.is_relation:
            # Compare related rows by key; reading the old related row would cost a query.
            if old != new_key:
                diff[name] = [old, new_key]
            setattr(instance, name, new)
        else:
            if old != new:
                diff[name] = [_plain(old), _plain(new)]
            setattr(instance, name, new)
    return diff


# The three writes below are the whole service of a model that has no rules beyond its fields and
# constraints (an exchange rate, a dated relationship). Domain services wrap them in
# ``transaction.atomic`` under their own ``<entity>_<verb>`` names.


def row_create[M: models.Model](instance: M, *, actor: Any = None) -> M:
    """Validate and save a new row, with its audit row."""
    instance.full_clean()
    instance.save()
    audit_record(action="create", instance=instance, summary=str(instance), actor=actor)
    return instance


def row_update[M: models.Model](
    instance: M, changes: Mapping[str, Any], *, allowed: Collection[str], actor: Any = None
) -> M:
    """Apply ``changes``, validate and save; the audit row lists what really changed."""
    diff = apply_changes(instance, changes, allowed=allowed)
    instance.full_clean()
    instance.save()
    if diff:
        audit_record(
            action="update", instance=instance, summary=str(instance), changes=diff, actor=actor
        )
    return instance


def row_delete(instance: models.Model, *, actor: Any = None) -> None:
    """Delete a row; the audit row keeps how it read."""
    audit_record(action="delete", instance=instance, summary=str(instance), actor=actor)
    instance.delete()


@dataclass(frozen=True)
class ListIndexBuild:
    """What a build of a list's bitmap index did: the stamp version it read, how many records
    and bitmaps it holds, its stored size and how long it took; ``skipped`` when that version's
    index was already complete."""

    list_name: str
    version: int
    records: int
    bitmaps: int
    stored_bytes: int
    seconds: float
    skipped: bool = False


def list_index_store(*, spec: ListSpec) -> ListIndexBuild:
    """Build the list's bitmap index (core.listindex) at its change stamp's current version and
    store it, then drop older versions, all in one transaction.

    The version is read before any record, so a write committed during the build leaves the
    index under a version that is no longer current, and it is never read. The ``complete``
    marker is written last: a version is loaded only once all its parts are there, and a second
    build of it does nothing.
    """
    from partnerhub.core.listindex import COMPLETE, index_build, index_parts
    from partnerhub.core.stamps import change_stamp

    started = time.perf_counter()
    version = change_stamp(spec.stamp).version
    rows = ListIndex.objects.filter(list_name=spec.name)
    if rows.filter(version=version, part=COMPLETE).exists():
        return ListIndexBuild(spec.name, version, 0, 0, 0, time.perf_counter() - started, True)
    index = index_build(spec, version)
    parts = index_parts(index)
    with transaction.atomic():
        rows.filter(version=version).delete()  # a build of this version that did not finish
        for part, data in parts.items():
            ListIndex.objects.create(list_name=spec.name, version=version, part=part, data=data)
        ListIndex.objects.create(list_name=spec.name, version=version, part=COMPLETE, data=b"")
        rows.filter(version__lt=version).delete()
    return ListIndexBuild(
        spec.name,
        version,
        index.size,
        sum(len(keys) for keys in index.bitmaps.values()),
        sum(len(data) for data in parts.values()),
        time.perf_counter() - started,
    )
