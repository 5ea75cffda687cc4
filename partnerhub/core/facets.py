"""Facet counts stored ahead of time: the list's first visit after an import reads rows.

Counting every facet of a million activities takes seconds per selection, and an import (which
bumps the list's change stamp) empties the facet cache for everyone at once. After each import a
task (``facets_refresh``) counts the unfiltered list and the single-value selections of the
busiest values of the main facets, and keeps them as :class:`FacetCounts` rows under the stamp's
version; :meth:`ListSpec.facets` reads a row while its version is current and counts live
otherwise (any other selection, or after an edit that bumped the stamp since).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction

from partnerhub.core.exceptions import InvalidFilter
from partnerhub.core.lists import ListSpec, Selection, selection_key
from partnerhub.core.models import FacetCounts
from partnerhub.core.stamps import change_stamp


@dataclass(frozen=True)
class FacetRefresh:
    """What a refresh did: the stamp version it counted at, the selections it stored, how long
    it took; ``skipped`` when that version's rows were already complete."""

    list_name: str
    version: int
    selections: int
    seconds: float
    skipped: bool = False


def facet_counts_store(*, spec: ListSpec, selection: Selection, version: int) -> FacetCounts:
    """Count every facet of ``selection`` live and store the counts under ``version``.

    The caller reads ``version`` before counting: a write committed after that read bumps the
    stamp, so rows stored under an older version are never read.
    """
    started = time.perf_counter()
    counts = {
        name: [[v, n] for v, n in pairs] for name, pairs in spec.facet_counts(selection).items()
    }
    row, _created = FacetCounts.objects.update_or_create(
        list_name=spec.name,
        selection=selection_key(selection),
        version=version,
        defaults={"counts": counts, "seconds": time.perf_counter() - started},
    )
    return row


def busiest_selections(
    spec: ListSpec, counts: Mapping[str, list[tuple[str, int]]], busiest: Mapping[str, int]
) -> list[Selection]:
    """The single-value selections of the ``busiest[name]`` values with the most records of each
    named facet (values its filter would refuse are left out)."""
    selections: list[Selection] = []
    for name, top in busiest.items():
        pairs = [(v, n) for v, n in counts.get(name, []) if v not in (None, "") and n]
        pairs.sort(key=lambda pair: (-pair[1], str(pair[0])))
        for value, _n in pairs[:top]:
            try:
                parsed = spec.filter(name).parse(str(value))
            except InvalidFilter:
                continue
            selections.append(spec.selection(**{name: parsed}))
    return selections


def facet_counts_refresh(*, spec: ListSpec, busiest: Mapping[str, int]) -> FacetRefresh:
    """Store the counts of the unfiltered list and of its busiest single-value selections at the
    stamp's current version, then drop older versions' rows.

    The unfiltered row is written last, so its presence at a version means that version's rows
    are complete: a second refresh at the same version does nothing.
    """
    started = time.perf_counter()
    version = change_stamp(spec.stamp).version
    rows = FacetCounts.objects.filter(list_name=spec.name)
    everything = spec.selection()
    if rows.filter(selection=selection_key(everything), version=version).exists():
        return FacetRefresh(spec.name, version, 0, time.perf_counter() - started, skipped=True)
    unfiltered = spec.facet_counts(everything)
    unfiltered_seconds = time.perf_counter() - started
    selections = busiest_selections(spec, unfiltered, busiest)
    for selection in selections:
        facet_counts_store(spec=spec, selection=selection, version=version)
    with transaction.atomic():
        FacetCounts.objects.update_or_create(
            list_name=spec.name,
            selection=selection_key(everything),
            version=version,
            defaults={
                "counts": {name: [[v, n] for v, n in pairs] for name, pairs in unfiltered.items()},
                "seconds": unfiltered_seconds,
            },
        )
        rows.filter(version__lt=version).delete()
    return FacetRefresh(spec.name, version, len(selections) + 1, time.perf_counter() - started)
