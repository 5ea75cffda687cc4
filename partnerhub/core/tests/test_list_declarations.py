"""One declaration per list: every interface to a list accepts exactly the filters it declares.

The portal's HTML list and its JSON and CSV twins, the API collection, the OpenAPI document and,
for activities, the IATI export (download and command) must accept the same parameters and refuse
the same bad values, naming the parameter. A filter declared in one place only, or an interface
that keeps a list of its own, fails here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from partnerhub.activities.lists import ACTIVITIES
from partnerhub.api.openapi import openapi_document
from partnerhub.api.views import COLLECTIONS
from partnerhub.core.exceptions import InvalidFilter
from partnerhub.core.lists import PAGE_PARAMETERS, Filter, ListSpec, Selection
from partnerhub.events.lists import EVENTS
from partnerhub.iati.filters import FILTER_NAMES
from partnerhub.iati.management.commands.iati_export import Command as ExportCommand
from partnerhub.organisations.lists import ORGANISATIONS
from partnerhub.portal.views import LISTINGS
from partnerhub.reference.lists import COUNTRIES

DECLARED = {spec.name: spec for spec in (ACTIVITIES, ORGANISATIONS, EVENTS, COUNTRIES)}
NOT_FILTERS = {"sort", "lang", *(p.name for p in PAGE_PARAMETERS)}
BAD = "no such value!"


def _openapi_filters(name: str) -> set[str]:
    operation = openapi_document(COLLECTIONS)["paths"][f"/{name}"]["get"]
    return {p["name"] for p in operation["parameters"]} - NOT_FILTERS


def _export_options() -> set[str]:
    parser = ExportCommand().create_parser("manage.py", "iati_export")
    return {a.dest for a in parser._actions if a.option_strings} - _COMMAND_OPTIONS


#: The export command's own options, and those every management command has.
_COMMAND_OPTIONS = {
    "output",
    "organisations",
    "help",
    "version",
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
}


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_it_gives_every_interface_the_declared_filters(name: str) -> None:
    declared = set(DECLARED[name].names)
    portal = {listing.name: listing.spec for listing in LISTINGS}[name]
    api = {spec.name: spec for spec in COLLECTIONS}[name]
    assert portal is DECLARED[name] and api is DECLARED[name]
    assert _openapi_filters(name) == declared


def test_it_gives_the_iati_export_every_activity_filter() -> None:
    assert set(FILTER_NAMES) == set(ACTIVITIES.names)
    assert _export_options() == set(ACTIVITIES.names)


def _refusable(spec: ListSpec) -> list[Filter]:
    """The filters that refuse :data:`BAD` (free text accepts anything)."""
    refusing = []
    for f in spec.filters:
        try:
            f.parse(BAD)
        except InvalidFilter:
            refusing.append(f)
    return refusing


def _cases() -> list[Any]:
    return [
        pytest.param(spec.name, f.name, id=f"{spec.name}-{f.name}")
        for spec in DECLARED.values()
        for f in _refusable(spec)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "parameter"), _cases())
def test_it_refuses_a_bad_filter_value_the_same_way_everywhere(
    client: Client, name: str, parameter: str
) -> None:
    query = {parameter: BAD}
    urls = [
        reverse(f"portal:{name}"),
        reverse(f"portal:{name}-export", args=["json"]),
        reverse(f"portal:{name}-export", args=["csv"]),
        reverse("api:collection", args=[name]),
    ]
    if name == "activities":
        urls.append(reverse("iati:export"))
    for url in urls:
        response = client.get(url, query)
        assert response.status_code == 400, url
        if response["Content-Type"].startswith("application/json"):
            assert response.json()["error"]["parameter"] == parameter, url
    if name == "activities":
        with pytest.raises(CommandError):
            call_command("iati_export", f"--{parameter}={BAD}", "--output", "/dev/null")


def test_it_applies_every_declared_filter() -> None:
    unapplied = [f"{s.name}.{f.name}" for s in DECLARED.values() for f in s.filters if not f.apply]
    assert unapplied == []


def test_it_refuses_a_list_that_applies_a_filter_before_one_it_reads() -> None:
    class Probe(Selection):
        pass

    reads_source = Filter("sdg", "reads sdg_source", str, after=("sdg_source",))
    source = Filter("sdg_source", "sets what sdg counts", str)
    with pytest.raises(TypeError, match="declare \\['sdg_source'\\] first"):
        ListSpec(
            name="probe",
            title="Probe",
            selection=Probe,
            filters=(reads_source, source),
            queryset=lambda: ACTIVITIES.queryset(),
            row=lambda record: {},
        )


def test_it_declares_which_facets_open_by_default() -> None:
    collapsed = [f.name for f in ACTIVITIES.filters if f.facet is not None and f.facet.collapsed]
    opened = [f.name for f in ACTIVITIES.filters if f.facet is not None and not f.facet.collapsed]
    assert opened == ["country", "region", "relationship", "sector", "sdg_source", "sdg"]
    assert "year" in collapsed
