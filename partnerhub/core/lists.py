"""One list machinery: each public list is declared once, and every interface reads the declaration.

    ListSpec        one list: its filters, base queryset, sorts, flat row, page size
    ├── Filter      one query parameter: parse and validate (bilingual errors), apply (a QuerySet
    │   │           method), describe itself in OpenAPI
    │   ├── FacetSpec   count its values within the filtered list, label them
    │   └── Members     its values' members in bulk, for the list's bitmap index (core.listindex)
    └── Selection   the parsed filter values of one request (``ActivityFilters`` and its kin)

A domain app declares its lists in ``<app>/lists.py``; the portal's HTML lists and their JSON and
CSV twins, the API's collections, the OpenAPI document and the IATI export all take their
parameters from that declaration, so a filter added there appears everywhere at once. Adding one
is a few lines: a :class:`Filter` with its parser, the QuerySet method that applies it and, for a
facet, a :class:`FacetSpec` that counts its values.

The rest is the small vocabulary every list shares: facets as objects (value, label, count,
selected, toggle URL), pages, and the one JSON error envelope.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, Self
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Max, Min, Model, Q, QuerySet, TextChoices
from django.utils.functional import Promise
from django.utils.translation import get_language

from partnerhub.core.exceptions import InvalidFilter, NotFound, PartnerHubError
from partnerhub.core.stamps import Stamp, change_stamp
from partnerhub.core.text import search_key

if TYPE_CHECKING:
    from partnerhub.core.listindex import BitmapIndex

MAX_PAGE_SIZE = 500
_SLUG = re.compile(r"^[-a-z0-9_]{1,160}$")


# ---- Facets -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Facet:
    """A facet as data; :func:`facet_as_dict` adds the toggle URL for a given request."""

    name: str
    label: str | Promise
    values: list[FacetValue]
    collapsed: bool = False


@dataclass(frozen=True)
class Scope:
    """What a facet counts within: the filtered list, and whether anything is filtered at all.

    Counting over the whole table needs no restriction, and on a million rows leaving it out is
    what keeps the unfiltered list fast; ``ids`` is None then.
    """

    queryset: QuerySet[Any, Any]
    filtered: bool

    @property
    def ids(self) -> QuerySet[Any, Any] | None:
        return self.queryset.values("pk") if self.filtered else None


def _no_labels(values: list[str]) -> Mapping[str, str]:
    return {}


def _as_text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


@dataclass(frozen=True)
class FacetSpec:
    """How a filter's values are counted within the filtered list and labelled.

    ``count`` returns ``(value, count)`` pairs (the same rule as the filter, so each count equals
    what its toggle returns); ``labels`` names the counted values; ``selected`` turns the parsed
    filter value into the facet value it selects.
    """

    label: str | Promise
    count: Callable[[Scope], Iterable[tuple[str, int]]]
    labels: Callable[[list[str]], Mapping[str, str]] = _no_labels
    selected: Callable[[Any], str | None] = _as_text
    limit: int = 30
    newest_first: bool = False
    #: Shown closed until the reader opens it (or filters by it); the list's main facets stay open.
    collapsed: bool = False

    def build(self, name: str, scope: Scope, value: Any) -> Facet:
        return self.from_counts(name, list(self.count(scope)), value)

    def from_counts(self, name: str, counts: list[tuple[str, int]], value: Any) -> Facet:
        """The facet from ``(value, count)`` pairs, counted live or from the list's bitmap index."""
        labels = self.labels([k for k, _n in counts if k not in (None, "")])
        values = facet_values(
            counts, labels, self.selected(value), self.limit, by_value=self.newest_first
        )
        return Facet(name, self.label, values, self.collapsed)


class KeyCounter(Protocol):
    """One filter's part of a bitmap index, seen from one selection (core.listindex)."""

    #: The filter's keys, those with the most members first.
    keys: list[str]

    def count(self, key: str) -> int:
        """Records of the selection among the key's members."""
        ...

    def size(self, key: str) -> int:
        """Members of the key in the whole list (an upper bound of ``count``)."""
        ...


def _key_as_text(value: Any, selection: Selection) -> str | None:
    return str(value)


def _every_key(counter: KeyCounter, selection: Selection) -> list[tuple[str, int]]:
    return [(key, counter.count(key)) for key in counter.keys]


@dataclass(frozen=True)
class Members:
    """How a filter's values are held in the list's bitmap index (core.listindex).

    ``pairs`` yields ``(key, record id)`` for every member of every key, read in bulk (one or a
    few queries over a whole table, never one per value); the index keeps one bitmap per key.
    ``key`` turns a parsed filter value (with the rest of the selection, for a filter that reads
    another) into the key whose members are exactly what ``apply`` returns for it, or None when
    the index does not hold that value (then the filter's own SQL ids are used). ``counts`` gives
    the facet's ``(value, count)`` pairs from the keys' counts within a selection, as the
    :class:`FacetSpec` counter returns them live.
    """

    pairs: Callable[[], Iterable[tuple[Any, int]]]
    key: Callable[[Any, Selection], str | None] = _key_as_text
    counts: Callable[[KeyCounter, Selection], Iterable[tuple[str, int]]] = _every_key


def facet_values(
    counts: Iterable[tuple[str, int]],
    labels: Mapping[str, str],
    selected: str | None,
    limit: int = 30,
    *,
    by_value: bool = False,
) -> list[FacetValue]:
    """Facet values from (value, count) pairs, biggest first (or by value, newest first, for
    years); the selected value always shows."""
    rows = sorted(
        ((str(v), n) for v, n in counts if v not in (None, "") and n), key=lambda r: (-r[1], r[0])
    )
    if by_value:
        rows.sort(key=lambda r: r[0], reverse=True)
    kept = rows[:limit]
    if selected and selected not in {v for v, _ in kept}:
        kept.append((selected, dict(rows).get(selected, 0)))
    return [FacetValue(v, labels.get(v, v), n, v == selected) for v, n in kept]


def toggle_url(path: str, params: Mapping[str, str], name: str, value: str) -> str:
    """The URL that selects ``value`` for ``name``, or clears it when already selected."""
    query = {k: v for k, v in params.items() if k not in {"page", name} and v != ""}
    if params.get(name) != value:
        query[name] = value
    return f"{path}?{urlencode(query)}" if query else path


def facet_as_dict(facet: Facet, path: str, params: Mapping[str, str]) -> dict[str, Any]:
    return {
        "name": facet.name,
        "label": str(facet.label),
        "open": not facet.collapsed,
        "values": [
            {
                "value": v.value,
                "label": v.label,
                "count": v.count,
                "selected": v.selected,
                "toggle_url": toggle_url(path, params, facet.name, v.value),
            }
            for v in facet.values
        ],
    }


def overlap_year_counts(qs: QuerySet[Any, Any], start: str, end: str) -> list[tuple[str, int]]:
    """Records per year whose [start, end] dates overlap it, in two aggregate queries.

    The same overlap rule as the ``year`` filters, so every facet count equals what its toggle
    returns.
    """
    bounds = qs.aggregate(lo=Min(start), hi=Max(end))
    if not bounds["lo"] or not bounds["hi"]:
        return []
    # Planned end dates far in the future and a long tail of early records would drown the facet.
    last = min(bounds["hi"].year, dt.date.today().year + 10)
    years = range(max(bounds["lo"].year, last - 40), last + 1)
    overlaps = {
        f"y{y}": Count(
            "pk",
            filter=Q(**{f"{start}__lte": dt.date(y, 12, 31), f"{end}__gte": dt.date(y, 1, 1)}),
        )
        for y in years
    }
    return [(key[1:], n) for key, n in qs.aggregate(**overlaps).items()]


def grouped_counts(qs: QuerySet[Any, Any], key: str) -> list[tuple[str, int]]:
    """``(value of key, rows)`` pairs: one GROUP BY."""
    return [(str(k), n) for k, n in qs.values_list(key).annotate(n=Count("pk")).order_by()]


def choice_labels(choices: type[TextChoices]) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices.choices}


# ---- Filters ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    """One query parameter of a list: parse it, apply it, count its facet, document it.

    ``parse`` turns the raw text into a value or raises :class:`InvalidFilter` naming the
    parameter in both languages; ``apply`` narrows a queryset to that value (a QuerySet method);
    ``facet``, when given, counts and labels the values within the filtered list; ``members``,
    when given, lists its values' records in bulk for the list's bitmap index; ``schema``,
    ``description`` and ``example`` describe the parameter in the OpenAPI document. ``after``
    names the filters whose ``apply`` must run before this one's (because this one reads what they
    set on the queryset); :class:`ListSpec` refuses a declaration that orders them otherwise.
    """

    name: str
    description: str
    parse: Callable[[str], Any]
    schema: Mapping[str, Any] = field(default_factory=lambda: {"type": "string"})
    slugs: tuple[str, ...] = ()
    example: str = ""
    apply: Callable[[Any, Any], Any] | None = None
    facet: FacetSpec | None = None
    default: Any = ""
    after: tuple[str, ...] = ()
    members: Members | None = None

    def value_from(self, query: Mapping[str, Any]) -> Any:
        """The parsed value of this parameter in ``query``, or None when it is absent or blank."""
        raw = query.get(self.name, "")
        if raw is None or str(raw).strip() == "":
            return None
        return self.parse(str(raw))

    def openapi(self) -> dict[str, Any]:
        """This parameter as an OpenAPI 3.1 query parameter."""
        doc: dict[str, Any] = {
            "name": self.name,
            "in": "query",
            "required": False,
            "description": self.description,
            "schema": dict(self.schema),
        }
        if self.example:
            doc["example"] = self.example
        return doc

    def but(self, **changes: Any) -> Filter:
        """A copy with some parts changed (the same parameter applied to another list)."""
        values = {f: getattr(self, f) for f in self.__dataclass_fields__}
        return Filter(**{**values, **changes})


#: The name the lists used before filters could apply and count themselves.
FilterParam = Filter


def invalid(parameter: str, value: str, expected_en: str, expected_zh: str) -> InvalidFilter:
    """The error for a bad filter value, naming the parameter in both languages."""
    return InvalidFilter(
        f"Invalid value {value!r} for parameter '{parameter}': {expected_en}.",
        f"參數「{parameter}」的值「{value}」無效：{expected_zh}。",
        field=parameter,
    )


def _slug_parser(name: str, values: tuple[str, ...]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = raw.strip().lower()
        if value not in values:
            raise invalid(name, raw, "one of " + ", ".join(values), "須為 " + "、".join(values))
        return value

    return parse


def slugs_param(name: str, values: tuple[str, ...], description: str, **parts: Any) -> Filter:
    """A parameter restricted to a fixed tuple of slugs."""
    schema = {"type": "string", "enum": list(values)}
    return Filter(name, description, _slug_parser(name, values), schema, values, **parts)


def choice_param(name: str, choices: type[TextChoices], description: str, **parts: Any) -> Filter:
    """A parameter whose values are the stable slugs of a TextChoices enumeration."""
    return slugs_param(name, tuple(str(v) for v in choices.values), description, **parts)


def parse_int(name: str, raw: str, low: int, high: int) -> int:
    """An integer within [low, high], or an InvalidFilter naming ``name``."""
    try:
        value = int(raw.strip())
    except ValueError:
        raise invalid(name, raw, "an integer", "須為整數") from None
    if not low <= value <= high:
        raise invalid(name, raw, f"between {low} and {high}", f"須介於 {low} 與 {high} 之間")
    return value


def year_param(description: str, **parts: Any) -> Filter:
    parts.setdefault("default", None)
    return Filter(
        "year",
        description,
        lambda raw: parse_int("year", raw, 1900, 2100),
        {"type": "integer", "minimum": 1900, "maximum": 2100},
        example="2022",
        **parts,
    )


def parse_query(raw: str) -> str:
    """Fold free text so 臺/台, simplified input and case differences all match."""
    return search_key(raw)[:200]


Q_PARAM = Filter(
    "q",
    "Free text, matched in both languages; 台/臺 and simplified characters are treated alike.",
    parse_query,
    example="臺灣",
    apply=lambda qs, key: qs.matching(key),
)


def parse_slug(name: str, raw: str) -> str:
    value = raw.strip().lower()
    if not _SLUG.fullmatch(value):
        raise invalid(
            name,
            raw,
            "a slug of lowercase letters, digits and hyphens",
            "須為小寫英數字與連字號組成的代稱",
        )
    return value


# ---- Selections and lists ---------------------------------------------------------------------


class Selection:
    """The parsed filter values of one list request; absent filters read as their default.

    Each list has its own subclass (``ActivityFilters``, ``EventFilters`` ...), bound to its
    declaration, so ``ActivityFilters.from_query(request.GET)`` parses with the list's filters
    and ``ActivityFilters(country="SZ")`` names values already parsed. Attribute access
    (``filters.country``) reads a value; equal selections compare and hash alike, and ``repr``
    is stable, so it can be part of a cache key.
    """

    spec: ClassVar[ListSpec]
    __slots__ = ("_values",)

    def __init__(self, **values: Any) -> None:
        names = self.spec.names
        unknown = sorted(set(values) - set(names))
        if unknown:
            raise TypeError(f"{type(self).__name__} has no filter {', '.join(unknown)}")
        self._values = {n: values[n] for n in names if values.get(n) not in (None, "")}

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> Self:
        """Parse request parameters; a bad value raises InvalidFilter naming its parameter."""
        return cls(**{f.name: f.value_from(query) for f in cls.spec.filters})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._values.get(name, self.spec.filter(name).default)
        except KeyError:
            raise AttributeError(name) from None

    def get(self, name: str) -> Any:
        """The value of filter ``name``, or None when it is not set."""
        return self._values.get(name)

    def items(self) -> Iterator[tuple[str, Any]]:
        return iter(self._values.items())

    def is_empty(self) -> bool:
        return not self._values

    def apply[Q: QuerySet[Any, Any]](self, qs: Q) -> Q:
        return self.spec.apply(qs, self)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._values == self._values

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(self._values.items())))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self._values.items())
        return f"{type(self).__name__}({inner})"


def _unchanged[Q: QuerySet[Any, Any]](qs: Q) -> Q:
    return qs


FACET_CACHE_SECONDS = 600


@dataclass(frozen=True)
class ListSpec:
    """One public list, declared once: what it lists, how it filters, sorts, facets and flattens.

    ``queryset`` gives every record; ``related`` adds the ``select_related`` and
    ``prefetch_related`` a page of rows needs; ``row`` flattens one record into the keys that the
    JSON twin, the CSV export and the API share. ``stamp``, when given, names the change stamp
    (core.stamps) that the writes of the listed records bump; it turns on the facet cache (facets
    are kept under the selection, the language and the stamp's version, so an edit shows at once),
    gives the unfiltered list its count without a ``COUNT(*)`` and, when filters declare their
    ``members``, lets the list answer from its bitmap index (core.listindex) while the index's
    version is the stamp's. ``key`` names the field that
    identifies one record in the API's detail URL.
    """

    name: str
    title: str | Promise
    selection: type[Selection]
    filters: tuple[Filter, ...]
    queryset: Callable[[], QuerySet[Any, Any]]
    row: Callable[[Any], dict[str, Any]]
    related: Callable[[Any], Any] = _unchanged
    # An order is a tuple of fields, or a function returning one when it depends on the request's
    # language (English pages sort names by their English form).
    sorts: Mapping[str, tuple[Any, ...] | Callable[[], tuple[Any, ...]]] = field(
        default_factory=dict
    )
    sort_help: str = ""
    ordering: tuple[str, ...] = ()
    page_size: int = 50
    stamp: str = ""
    key: str = ""
    summary: str = ""

    def __post_init__(self) -> None:
        if self.selection is Selection or "spec" in vars(self.selection):
            raise TypeError(f"The {self.name} list needs a Selection subclass of its own.")
        self.selection.spec = self
        seen: set[str] = set()
        for f in self.filters:
            late = [name for name in f.after if name not in seen]
            if late:
                raise TypeError(
                    f"The {self.name} list applies '{f.name}' before {late}, which it reads; "
                    f"declare {late} first."
                )
            seen.add(f.name)

    @property
    def detail(self) -> str:
        """The API's name for ``key``: the path parameter of the detail endpoint."""
        return self.key

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.filters)

    def filter(self, name: str) -> Filter:
        for f in self.filters:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def default_sort(self) -> str:
        return next(iter(self.sorts), "")

    @property
    def sort_param(self) -> Filter | None:
        if not self.sorts:
            return None
        return slugs_param("sort", tuple(self.sorts), self.sort_help)

    @property
    def parameters(self) -> tuple[Filter, ...]:
        """The filters (the name the API's collections had for them)."""
        return self.filters

    @property
    def sort(self) -> Filter | None:
        return self.sort_param

    def query_parameters(self) -> tuple[Filter, ...]:
        """Every query parameter a request for this list may carry, for the OpenAPI document."""
        sort = self.sort_param
        return (*self.filters, *((sort,) if sort else ()), *PAGE_PARAMETERS)

    def parse(self, query: Mapping[str, Any]) -> Selection:
        return self.selection.from_query(query)

    def sort_from(self, query: Mapping[str, Any]) -> str:
        """The ``sort`` parameter, checked against this list's orders, or the default order."""
        param = self.sort_param
        return (param.value_from(query) if param else None) or self.default_sort

    def apply[Q: QuerySet[Any, Any]](self, qs: Q, selection: Selection) -> Q:
        for f in self.filters:
            value = selection.get(f.name)
            if value is not None and f.apply is not None:
                qs = f.apply(qs, value)
        return qs

    def query(
        self, selection: Selection, sort: str = "", *, base: QuerySet[Any, Any] | None = None
    ) -> QuerySet[Any, Any]:
        """The filtered, ordered records with what a row shows fetched once for the page."""
        qs = self.apply(self.queryset() if base is None else base, selection)
        order = self.sorts.get(sort) or self.sorts.get(self.default_sort) or self.ordering
        if callable(order):
            order = order()
        rows: QuerySet[Any, Any] = self.related(qs)
        return rows.order_by(*order) if order else rows

    def default_order(self) -> tuple[Any, ...]:
        """The fields of the default order: the order of the bitmap index's ranks (so a list with
        members must not make its default order depend on the request's language)."""
        order = self.sorts.get(self.default_sort) or self.ordering
        return tuple(order() if callable(order) else order)

    def index(self) -> BitmapIndex | None:
        """The list's bitmap index at its change stamp's current version, or None (no stamp,
        no filter with members, or no complete index stored at that version yet)."""
        if not self.stamp or not any(f.members for f in self.filters):
            return None
        from partnerhub.core.listindex import current_index

        return current_index(self, change_stamp(self.stamp).version)

    def facets(
        self, selection: Selection, *, base: QuerySet[Any, Any] | None = None
    ) -> list[Facet]:
        """Every facet of the list, counted within the filtered records.

        With a stamp: from the cache, else from the list's bitmap index when one is stored at the
        stamp's current version (``facets_refresh`` builds it after each import), else counted
        live; either way kept in the cache under the stamp's version.
        """
        if not self.stamp or base is not None:
            return self._facets(selection, base)
        version = change_stamp(self.stamp).version
        key = repr((self.name, selection, get_language(), self.stamp, version))
        digest = hashlib.sha256(key.encode()).hexdigest()
        facets: list[Facet] | None = cache.get(digest)
        if facets is None:
            index = self.index()
            if index is not None and index.version == version:
                facets = self.facets_from(selection, index.facet_counts(self, selection))
            else:
                facets = self._facets(selection, None)
            cache.set(digest, facets, FACET_CACHE_SECONDS)
        return facets

    def facet_counts(self, selection: Selection) -> dict[str, list[tuple[str, int]]]:
        """Every facet's ``(value, count)`` pairs within the selection, counted live (the path
        the bitmap index's counts must equal)."""
        scope = Scope(self.apply(self.queryset(), selection), not selection.is_empty())
        return {
            f.name: [(v, int(n)) for v, n in f.facet.count(scope)]
            for f in self.filters
            if f.facet is not None
        }

    def facets_from(
        self, selection: Selection, counts: Mapping[str, list[tuple[str, int]]]
    ) -> list[Facet]:
        """The facets from counts taken elsewhere (the bitmap index): labels, selected flags,
        limits and orders are applied now, as for live counts."""
        return [
            f.facet.from_counts(f.name, list(counts[f.name]), selection.get(f.name))
            for f in self.filters
            if f.facet is not None
        ]

    def page(self, selection: Selection, sort: str, request: PageRequest) -> Page[Any]:
        """One page of the filtered list in ``sort`` order, with the count.

        From the bitmap index when one is current: the count is the selection's cardinality and
        the default order's page is its ranks at the page's positions (the records are then read
        by primary key); another order reads a small selection by its ids and a large one by SQL
        (its count still from the index). Without an index: :func:`paginate` on :meth:`query`.
        """
        index = self.index()
        if index is None:
            return paginate(self.query(selection, sort), request, known=self.known_count(selection))
        return index.page(self, selection, sort or self.default_sort, request)

    def known_count(self, selection: Selection) -> int | None:
        """The unfiltered list's row count from its change stamp (one primary-key read), or None
        when the list is filtered or its count is not kept."""
        if not self.stamp or not selection.is_empty():
            return None
        stamp: Stamp = change_stamp(self.stamp)
        return stamp.rows

    def _facets(self, selection: Selection, base: QuerySet[Any, Any] | None) -> list[Facet]:
        everything = self.queryset() if base is None else base
        scope = Scope(self.apply(everything, selection), not selection.is_empty())
        return [
            f.facet.build(f.name, scope, selection.get(f.name))
            for f in self.filters
            if f.facet is not None
        ]


# ---- Pages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageRequest:
    number: int = 1
    size: int = 50


PAGE_PARAMETERS: tuple[Filter, ...] = (
    Filter(
        "page",
        "Page number, from 1.",
        lambda raw: parse_int("page", raw, 1, 10**6),
        {"type": "integer", "minimum": 1},
    ),
    Filter(
        "page_size",
        f"Rows per page, at most {MAX_PAGE_SIZE}.",
        lambda raw: parse_int("page_size", raw, 1, MAX_PAGE_SIZE),
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    ),
)


def page_request(query: Mapping[str, str], default_size: int) -> PageRequest:
    """The requested page; bad numbers raise InvalidFilter naming ``page`` or ``page_size``."""
    values = {
        p.name: p.parse(str(query[p.name]))
        for p in PAGE_PARAMETERS
        if str(query.get(p.name) or "").strip()
    }
    return PageRequest(
        values.get("page", 1), values.get("page_size", min(default_size, MAX_PAGE_SIZE))
    )


@dataclass(frozen=True)
class Page[T]:
    items: list[T]
    count: int
    number: int
    size: int

    @property
    def has_next(self) -> bool:
        return self.number * self.size < self.count

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def last(self) -> int:
        return max(1, -(-self.count // self.size))


def paginate[M: Model](
    qs: QuerySet[M], request: PageRequest, *, known: int | None = None
) -> Page[M]:
    """One COUNT and one LIMIT/OFFSET query; the filters are subqueries, so no DISTINCT.

    ``known`` is a count kept elsewhere (the change stamp's, for an unfiltered list:
    :meth:`ListSpec.known_count`), which saves the COUNT over the whole table; the page itself
    checks it, and a page it contradicts counts after all.
    """
    offset = (request.number - 1) * request.size
    items = list(qs[offset : offset + request.size])
    # When the whole list fits on the first page its length is the count: no COUNT query needed.
    fits = request.number == 1 and len(items) < request.size
    full = len(items) == request.size
    # A kept count must agree with what the page saw: rows up to the end of this page exist, and
    # a short page is the last one.
    agrees = known is not None and (
        known >= offset + request.size if full else known == offset + len(items)
    )
    count = len(items) if fits else known if agrees and known is not None else qs.count()
    if not items and request.number > 1:
        raise beyond_last(request, count)
    return Page(items, count, request.number, request.size)


def beyond_last(request: PageRequest, count: int) -> NotFound:
    """The error for a page past the last one of ``count`` records."""
    last = max(1, -(-count // request.size))
    return NotFound(
        f"Page {request.number} is beyond the last page ({last}).",
        f"第 {request.number} 頁超出最後一頁（第 {last} 頁）。",
        field="page",
    )


def param_value(query: Mapping[str, str], param: Filter, default: str) -> str:
    """A single parsed string parameter (such as ``sort``) or its default."""
    raw = str(query.get(param.name) or "").strip()
    return str(param.parse(raw)) if raw else default


def parse_filters[T](
    cls: Callable[..., T], params: tuple[Filter, ...], query: Mapping[str, str]
) -> T:
    """Build a filters object from request parameters; blank values mean 'no filter'."""
    values = {p.name: p.value_from(query) for p in params}
    return cls(**{k: v for k, v in values.items() if v is not None})


# ---- The JSON error envelope ------------------------------------------------------------------


def error_envelope(error: PartnerHubError, language: str | None) -> dict[str, Any]:
    """``{"error": {"code", "message", "parameter"}}``: how every JSON answer reports an error."""
    return {
        "error": {
            "code": error.code,
            "message": error.message(language),
            "parameter": error.field or None,
        }
    }


ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "parameter"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "parameter": {"type": ["string", "null"]},
            },
        }
    },
}
