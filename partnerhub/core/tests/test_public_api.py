"""Core's public API is pinned: every app builds on it, so nothing here may vanish or change shape.

New names may be added freely; removing or renaming one, or changing how it is called, fails here.
"""

from __future__ import annotations

import importlib
import inspect

import pytest

PUBLIC = {
    "text": {"join_search_text", "search_key", "to_traditional"},
    "models": {"AuditEntry", "BilingualName", "Provenance", "Source", "pick_language"},
    "services": {"provenance_create"},
    "audit": {"audit_record", "current_actor", "set_current_actor"},
    "exceptions": {
        "PartnerHubError",
        "InvalidInput",
        "InvalidFilter",
        "NotFound",
        "PermissionDenied",
        "SourceError",
    },
    "middleware": {"AuditActorMiddleware"},
    "problems": {"Catalogue", "Problem", "ProblemSink"},
    "lists": {
        "ListSpec",
        "Filter",
        "FacetSpec",
        "Facet",
        "FacetValue",
        "Scope",
        "Selection",
        "Page",
        "PageRequest",
        "paginate",
        "page_request",
        "error_envelope",
        "ERROR_SCHEMA",
    },
}

SIGNATURES = {
    "text.search_key": "(text: 'str') -> 'str'",
    "text.to_traditional": "(text: 'str') -> 'str'",
    "text.join_search_text": "(*parts: 'str | None') -> 'str'",
    "models.pick_language": "(zh: 'str', en: 'str', language: 'str | None' = None) -> 'str'",
    "audit.audit_record": (
        "(*, action: 'str', instance: 'models.Model', summary: 'str' = '', "
        "changes: 'dict[str, Any] | None' = None, actor: 'Any' = None) -> 'AuditEntry'"
    ),
    "services.provenance_create": (
        "(*, source: 'str', file: 'str' = '', line_start: 'int | None' = None, "
        "line_end: 'int | None' = None, locator: 'str' = '', user: 'Any' = None, "
        "note: 'str' = '') -> 'Provenance'"
    ),
    "exceptions.PartnerHubError": (
        "(message_en: 'str', message_zh: 'str | None' = None, *, field: 'str' = '') -> 'None'"
    ),
}


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_it_keeps_every_public_name_of_core(module):
    names = set(vars(importlib.import_module(f"partnerhub.core.{module}")))
    assert PUBLIC[module] - names == set()


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_it_keeps_how_core_functions_are_called(name):
    module, attribute = name.split(".")
    obj = getattr(importlib.import_module(f"partnerhub.core.{module}"), attribute)
    assert str(inspect.signature(obj)) == SIGNATURES[name]


def test_it_keeps_services_keyword_only():
    from partnerhub.core.services import provenance_create

    with pytest.raises(TypeError):
        provenance_create("news")  # type: ignore[misc]
