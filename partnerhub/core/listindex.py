"""A list's bitmap facet index: every filter value's records as a roaring bitmap over ranks.

A list's records are numbered by their position in its default order (their **rank**), so the
first page of the default order of any selection is its first set bits, and ``ids[rank]`` gives
each record back. For every filter that declares its :class:`~partnerhub.core.lists.Members`, the
index keeps one bitmap per key (a country code, a year, ``reported:3`` ...) holding exactly the
records that the filter's ``apply`` returns for that value. Then, for a selection:

* its records are the intersection of its filters' bitmaps (a filter value the index does not
  hold, such as a text search, contributes its own SQL ids turned into ranks);
* its count is that bitmap's cardinality, and each facet value's count is the cardinality of its
  intersection with the value's bitmap (the facets count within the whole selection, as
  :meth:`ListSpec.facets` counts live);
* its first page is read by primary key from the ranks at the page's positions.

The index is built after each import by the ``facets_refresh`` task (service
``core.services.list_index_store``) at the change stamp's version it read before reading any
record, stored as :class:`~partnerhub.core.models.ListIndex` rows, and loaded once per version by
each process (:func:`current_index`). It is used only while its version is the stamp's current
one: a write that commits during the build, or any later edit, moves the stamp, and the list
counts live until the next build; the index never answers for data it did not see.
"""

from __future__ import annotations

import json
import struct
import threading
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from pyroaring import BitMap, FrozenBitMap

from partnerhub.core.models import ListIndex

if TYPE_CHECKING:
    from partnerhub.core.lists import ListSpec, Page, PageRequest, Selection

RANKS = "ranks"
COMPLETE = "complete"
#: Another order than the index's reads a selection of at most this many records by its ids.
IDS_IN_SQL = 1000
#: Rows fetched at a time when the index is built.
CHUNK = 20_000
#: Selections whose ranks an index keeps (a page and its facets compute them once).
RECENT = 32

type Bitmap = BitMap | FrozenBitMap
_EMPTY = FrozenBitMap()


@dataclass
class _Counter:
    """One filter's bitmaps seen from one selection (``None``: the whole list)."""

    bitmaps: dict[str, FrozenBitMap]
    keys: list[str]
    within: Bitmap | None

    def count(self, key: str) -> int:
        members = self.bitmaps.get(key, _EMPTY)
        if self.within is None:
            return len(members)
        return int(self.within.intersection_cardinality(members))

    def size(self, key: str) -> int:
        return len(self.bitmaps.get(key, _EMPTY))


@dataclass
class BitmapIndex:
    """One list's index at one change stamp version, in memory."""

    list_name: str
    version: int
    #: Record ids by rank (the list's default order).
    ids: np.ndarray[Any, np.dtype[np.int64]]
    #: Filter name -> key -> the ranks of its members.
    bitmaps: dict[str, dict[str, FrozenBitMap]]
    #: Each other order of the list (a sort name) -> every rank's position in that order.
    positions: dict[str, np.ndarray[Any, np.dtype[np.int32]]] = field(default_factory=dict)
    _keys: dict[str, list[str]] = field(default_factory=dict)
    _sorted_ids: np.ndarray[Any, np.dtype[np.int64]] | None = None
    _order: np.ndarray[Any, np.dtype[np.int64]] | None = None
    _recent: OrderedDict[Selection, Bitmap | None] = field(default_factory=OrderedDict)
    _recent_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._keys = {
            name: sorted(keys, key=lambda k: (-len(keys[k]), k))
            for name, keys in self.bitmaps.items()
        }

    @property
    def size(self) -> int:
        return int(self.ids.shape[0])

    def members(self, name: str, key: str) -> FrozenBitMap:
        return self.bitmaps.get(name, {}).get(key, _EMPTY)

    def ranks_of(self, ids: Iterable[int]) -> BitMap:
        """The ranks of records given by id (ids the index does not know are left out)."""
        return BitMap(self.rank_array(ids).astype(np.uint32))

    def rank_array(self, ids: Iterable[int]) -> np.ndarray[Any, np.dtype[np.int64]]:
        """The ranks of records given by id, in the order given (unknown ids left out)."""
        wanted = np.fromiter(ids, dtype=np.int64)
        if self._sorted_ids is None or self._order is None:
            self._order = np.argsort(self.ids, kind="stable").astype(np.int64)
            self._sorted_ids = self.ids[self._order]
        known = self._sorted_ids
        at = np.searchsorted(known, wanted)
        inside = at < known.shape[0]
        at, wanted = at[inside], wanted[inside]
        found = at[known[at] == wanted]
        ranks: np.ndarray[Any, np.dtype[np.int64]] = self._order[found]
        return ranks

    def selection_ranks(self, spec: ListSpec, selection: Selection) -> Bitmap | None:
        """The ranks of the selection's records, or None for the whole list.

        The last few selections' ranks are kept with the index: a request computes them once for
        its page and its facets. They hold for as long as the index is used (its version is the
        stamp's: the data a text search's ids were read from has not changed).
        """
        with self._recent_lock:
            if selection in self._recent:
                return self._recent[selection]
        ranks = self._selection_ranks(spec, selection)
        with self._recent_lock:
            self._recent[selection] = ranks
            while len(self._recent) > RECENT:
                self._recent.popitem(last=False)
        return ranks

    def _selection_ranks(self, spec: ListSpec, selection: Selection) -> Bitmap | None:
        ranks: Bitmap | None = None
        for f in spec.filters:
            value = selection.get(f.name)
            if value is None:
                continue
            key = f.members.key(value, selection) if f.members is not None else None
            if key is not None and f.name in self.bitmaps:
                members: Bitmap = self.members(f.name, key)
            else:
                members = self.ranks_of(_filter_ids(spec, selection, f.name))
            ranks = members if ranks is None else ranks & members
        return ranks

    def facet_counts(
        self, spec: ListSpec, selection: Selection, ranks: Bitmap | None = None
    ) -> dict[str, list[tuple[str, int]]]:
        """Every facet's ``(value, count)`` pairs within the selection, as its live counter
        returns them; a facet without members is counted live."""
        from partnerhub.core.lists import Scope

        within = self.selection_ranks(spec, selection) if ranks is None else ranks
        counts: dict[str, list[tuple[str, int]]] = {}
        for f in spec.filters:
            if f.facet is None:
                continue
            if f.members is None or f.name not in self.bitmaps:
                scope = Scope(spec.apply(spec.queryset(), selection), not selection.is_empty())
                counts[f.name] = [(v, int(n)) for v, n in f.facet.count(scope)]
                continue
            counter = _Counter(self.bitmaps[f.name], self._keys[f.name], within)
            # Values with no record are left out, as a GROUP BY leaves them out.
            pairs = f.members.counts(counter, selection)
            counts[f.name] = [(str(v), int(n)) for v, n in pairs if n]
        return counts

    def page(
        self, spec: ListSpec, selection: Selection, sort: str, request: PageRequest
    ) -> Page[Any]:
        """One page of the selection (see :meth:`ListSpec.page`)."""
        from partnerhub.core.lists import paginate

        ranks = self.selection_ranks(spec, selection)
        count = self.size if ranks is None else len(ranks)
        offset = (request.number - 1) * request.size
        if sort == spec.default_sort:
            if ranks is None:
                page_ids = [
                    int(self.ids[r]) for r in range(offset, min(offset + request.size, count))
                ]
            else:
                page_ids = [int(self.ids[r]) for r in ranks[offset : offset + request.size]]
            return self._page_of(spec, page_ids, count, request)
        placed = self.positions.get(sort)
        if placed is not None:
            page_ranks = _page_in_order(placed, ranks, offset, request.size)
            return self._page_of(spec, [int(self.ids[r]) for r in page_ranks], count, request)
        if ranks is not None and count <= IDS_IN_SQL:
            ids = [int(self.ids[r]) for r in ranks]
            qs = spec.query(spec.selection(), sort, base=spec.queryset().filter(pk__in=ids))
            return paginate(qs, request, known=count)
        return paginate(spec.query(selection, sort), request, known=count)

    def _page_of(
        self, spec: ListSpec, page_ids: list[int], count: int, request: PageRequest
    ) -> Page[Any]:
        from partnerhub.core.lists import Page, beyond_last

        found = {obj.pk: obj for obj in spec.related(spec.queryset().filter(pk__in=page_ids))}
        items = [found[pk] for pk in page_ids if pk in found]
        if not items and request.number > 1:
            raise beyond_last(request, count)
        return Page(items, count, request.number, request.size)


def _page_in_order(
    positions: np.ndarray[Any, np.dtype[np.int32]],
    ranks: Bitmap | None,
    offset: int,
    size: int,
) -> list[int]:
    """The ranks at ``offset .. offset + size`` of the selection in another order: each rank's
    position in that order, the smallest ``offset + size`` picked without sorting the rest."""
    chosen = (
        np.arange(positions.shape[0], dtype=np.int64)
        if ranks is None
        else np.array(ranks.to_array(), dtype=np.int64)
    )
    end = min(offset + size, chosen.shape[0])
    if offset >= end:
        return []
    where = positions[chosen]
    if end < chosen.shape[0]:
        head = np.argpartition(where, end - 1)[:end]
    else:
        head = np.arange(chosen.shape[0])
    head = head[np.argsort(where[head], kind="stable")]
    return [int(r) for r in chosen[head[offset:end]]]


def _filter_ids(spec: ListSpec, selection: Selection, name: str) -> Iterator[int]:
    """The ids one filter's ``apply`` returns for the selection's value (with the filters it
    reads applied first), for a value the index does not hold."""
    f = spec.filter(name)
    if f.ids is not None and not f.after:
        direct = f.ids(selection.get(name))
        if direct is not None:
            return iter(direct)
    qs = spec.queryset()
    for earlier in spec.filters:
        value = selection.get(earlier.name)
        if earlier.name in f.after and value is not None and earlier.apply is not None:
            qs = earlier.apply(qs, value)
    if f.apply is not None:
        qs = f.apply(qs, selection.get(name))
    ids: Iterator[int] = qs.order_by().values_list("pk", flat=True).iterator(chunk_size=CHUNK)
    return ids


# ---- Building ---------------------------------------------------------------------------------


def index_build(spec: ListSpec, version: int) -> BitmapIndex:
    """Read the list's records in their default order and every indexed filter's members.

    The caller reads ``version`` before this reads any record (see the module docstring).
    """
    rows = spec.queryset().order_by(*spec.default_order()).values_list("pk", flat=True)
    ids = np.fromiter(rows.iterator(chunk_size=CHUNK), dtype=np.int64)
    index = BitmapIndex(spec.name, version, ids, {})
    bitmaps: dict[str, dict[str, FrozenBitMap]] = {}
    for f in spec.filters:
        if f.members is None:
            continue
        groups: defaultdict[str, array[int]] = defaultdict(lambda: array("q"))
        for key, pk in f.members.pairs():
            groups[str(key)].append(pk)
        bitmaps[f.name] = {
            key: FrozenBitMap(index.ranks_of(np.frombuffer(pks, dtype=np.int64)))
            for key, pks in groups.items()
        }
        del groups
    positions: dict[str, np.ndarray[Any, np.dtype[np.int32]]] = {}
    for sort, fields in spec.sorts.items():
        if sort == spec.default_sort or callable(fields):
            continue  # an order that depends on the request (its language) is sorted by SQL
        ordered = spec.queryset().order_by(*fields).values_list("pk", flat=True)
        in_order = index.rank_array(ordered.iterator(chunk_size=CHUNK))
        place = np.empty(ids.shape[0], dtype=np.int32)
        place[in_order] = np.arange(in_order.shape[0], dtype=np.int32)
        positions[sort] = place
    return BitmapIndex(spec.name, version, ids, bitmaps, positions)


def index_parts(index: BitmapIndex) -> dict[str, bytes]:
    """The index as stored: the ranks' ids, and per filter its keys and serialized bitmaps."""
    parts = {RANKS: index.ids.astype("<i8").tobytes()}
    for sort, place in index.positions.items():
        parts[f"order:{sort}"] = place.astype("<i4").tobytes()
    for name, keys in index.bitmaps.items():
        blobs = [keys[key].serialize() for key in keys]
        header = json.dumps({"keys": list(keys), "sizes": [len(b) for b in blobs]}).encode()
        parts[f"filter:{name}"] = struct.pack("<I", len(header)) + header + b"".join(blobs)
    return parts


def index_from_parts(list_name: str, version: int, parts: dict[str, bytes]) -> BitmapIndex:
    """The index from its stored parts (:func:`index_parts`)."""
    ids = np.frombuffer(parts[RANKS], dtype="<i8").astype(np.int64)
    bitmaps: dict[str, dict[str, FrozenBitMap]] = {}
    positions = {
        part.removeprefix("order:"): np.frombuffer(blob, dtype="<i4").astype(np.int32)
        for part, blob in parts.items()
        if part.startswith("order:")
    }
    for part, blob in parts.items():
        if not part.startswith("filter:"):
            continue
        (length,) = struct.unpack_from("<I", blob)
        header = json.loads(blob[4 : 4 + length])
        at = 4 + length
        keys: dict[str, FrozenBitMap] = {}
        for key, size in zip(header["keys"], header["sizes"], strict=True):
            keys[key] = FrozenBitMap.deserialize(blob[at : at + size])
            at += size
        bitmaps[part.removeprefix("filter:")] = keys
    return BitmapIndex(list_name, version, ids, bitmaps, positions)


# ---- Reading: one copy per process and version ------------------------------------------------

_loaded: dict[str, BitmapIndex] = {}
#: The version of each list whose stored index this process found unusable (not read again).
_refused: dict[str, int] = {}
_lock = threading.Lock()


def current_index(spec: ListSpec, version: int) -> BitmapIndex | None:
    """The list's index at ``version`` (its stamp's current one), loaded once per process and
    version; None when no complete index of that version is stored, or when it lacks a filter
    that now declares members (built by an older declaration)."""
    held = _loaded.get(spec.name)
    if held is not None and held.version == version:
        return held
    if _refused.get(spec.name) == version:
        return None
    stored = ListIndex.objects.filter(list_name=spec.name, version=version)
    if not stored.filter(part=COMPLETE).exists():
        return None
    with _lock:
        held = _loaded.get(spec.name)
        if held is not None and held.version == version:
            return held
        parts = {part: bytes(data) for part, data in stored.values_list("part", "data")}
        index = index_from_parts(spec.name, version, parts) if RANKS in parts else None
        if index is None or any(
            f.members is not None and f.name not in index.bitmaps for f in spec.filters
        ):
            _refused[spec.name] = version
            return None
        _loaded[spec.name] = index
        return index


def forget_loaded() -> None:
    """Drop every index this process holds (the next request loads the stored one again)."""
    with _lock:
        _loaded.clear()
        _refused.clear()
