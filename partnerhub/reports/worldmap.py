"""A world map coloured by value, drawn on the server from the country shapes a package ships.

The shapes are the world map of ``pygal_maps_world`` (one SVG group per ISO 3166-1 alpha-2 code,
small island states drawn with a marker as well), read from the installed package once per
process: no tiles, no download. Each country with a value is a link to its country page, named
with its value, so the map works with a keyboard and a screen reader; the table beside the map
holds the same figures.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

from django.utils.html import escape
from lxml import etree

SVG = "{http://www.w3.org/2000/svg}"
#: Light to dark, five steps (ColorBrewer "Blues"); the empty colour is for countries with no value.
STEPS = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
EMPTY = "#e3e3e3"


@dataclass(frozen=True)
class MapValue:
    code: str
    name: str
    value: Decimal
    label: str  # the value as the page prints it
    href: str


@dataclass(frozen=True)
class Shapes:
    view_box: str
    groups: dict[str, str]  # lower-case country code -> the group's inner SVG markup


@functools.cache
def shapes() -> Shapes:
    """The package's country shapes, parsed once, with ids and metadata left out."""
    source = resources.files("pygal_maps_world").joinpath("worldmap.svg").read_bytes()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.fromstring(source, parser)
    groups: dict[str, str] = {}
    for group in root.iter(f"{SVG}g"):
        classes = (group.get("class") or "").split()
        if "country" not in classes:
            continue
        parts = []
        for child in group:
            child.attrib.pop("id", None)
            parts.append(etree.tostring(child, encoding="unicode"))
        groups[classes[0]] = "".join(parts).replace(' xmlns="http://www.w3.org/2000/svg"', "")
    return Shapes(view_box=root.get("viewBox") or "0 0 1000 500", groups=groups)


def steps(values: Sequence[Decimal]) -> list[Decimal]:
    """Upper bounds of the five colour steps: quantiles of the positive values."""
    ordered = sorted(v for v in values if v > 0)
    if not ordered:
        return []
    return [ordered[min(len(ordered) - 1, (len(ordered) * i) // 5)] for i in range(1, 6)]


def colour(value: Decimal, bounds: list[Decimal]) -> str:
    for bound, fill in zip(bounds, STEPS, strict=False):
        if value <= bound:
            return fill
    return STEPS[-1] if value > 0 else EMPTY


def world_map_svg(values: Sequence[MapValue], *, title: str) -> str:
    """The map as inline SVG markup; countries with a value link to ``href``."""
    data = shapes()
    bounds = steps([v.value for v in values])
    by_code = {v.code.lower(): v for v in values if v.value > 0}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{data.view_box}" class="world-map" '
        f'role="group" aria-label="{escape(title)}">',
        f'<g fill="{EMPTY}" stroke="#ffffff" stroke-width="0.6">',
    ]
    for code, inner in data.groups.items():
        value = by_code.get(code)
        if value is None:
            out.append(f'<g aria-hidden="true">{inner}</g>')
            continue
        name = escape(f"{value.name}: {value.label}")
        out.append(
            f'<a href="{escape(value.href)}" aria-label="{name}" class="map-country">'
            f'<g fill="{colour(value.value, bounds)}"><title>{name}</title>{inner}</g></a>'
        )
    out.append("</g></svg>")
    return "".join(out)


def legend(values: Sequence[Decimal]) -> list[tuple[str, Decimal]]:
    """(colour, upper bound) of each step, for the legend printed under the map."""
    return list(zip(STEPS, steps(values), strict=False))
