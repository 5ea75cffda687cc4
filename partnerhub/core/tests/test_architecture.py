"""The import rules of the house style, read from the source with ``ast``.

Application code only: tests may exercise any app, and migrations are generated. The project-level
modules (settings, urls, wsgi, asgi, test) are not apps and may import any app.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

PACKAGE = Path(settings.BASE_DIR) / "partnerhub"

BASE = {"core", "reference"}
DOMAIN = {"organisations", "accounts", "activities", "events", "grants", "ingo"}
INTEGRATION = {"iati", "seeds", "reports", "translations"}

# Which other Partner Hub apps each app may import. Domain apps import downwards only; the
# integration apps write through the domain apps' services; portal and api are imported by nobody.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "reference": {"core"},
    "organisations": BASE,
    "accounts": BASE | {"organisations"},
    "activities": BASE | {"organisations"},
    "events": BASE | {"organisations"},
    "grants": BASE | {"organisations", "accounts", "activities"},
    "ingo": BASE | {"organisations"},
    "sdg": BASE | {"activities"},
    "iati": BASE | DOMAIN | INTEGRATION,
    "seeds": BASE | DOMAIN | INTEGRATION,
    "reports": BASE | DOMAIN | INTEGRATION,
    "translations": BASE | DOMAIN,
    "portal": BASE | DOMAIN | INTEGRATION | {"sdg"},
    "api": BASE | DOMAIN | INTEGRATION | {"sdg"},
}


def installed_apps() -> list[str]:
    return [a.split(".")[1] for a in settings.INSTALLED_APPS if a.startswith("partnerhub.")]


def application_modules() -> Iterator[tuple[str, Path]]:
    """(app label, file) for every module of every app, tests and migrations left out."""
    for app in installed_apps():
        for path in sorted((PACKAGE / app).rglob("*.py")):
            parts = path.relative_to(PACKAGE / app).parts
            if "tests" not in parts and "migrations" not in parts:
                yield app, path


def imported_names(path: Path, root: Path = PACKAGE.parent) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of everything a module imports, relative imports made absolute."""
    module = ".".join(path.relative_to(root).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            yield node.lineno, target
            # `from partnerhub import portal` imports an app by its name.
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}"


def app_of(name: str) -> str | None:
    parts = name.split(".")
    if len(parts) > 1 and parts[0] == "partnerhub" and parts[1] in ALLOWED:
        return parts[1]
    return None


def app_dependencies() -> dict[str, dict[str, list[str]]]:
    """For each app, the other apps it imports, with the places that import them."""
    found: dict[str, dict[str, list[str]]] = {app: {} for app in installed_apps()}
    for app, path in application_modules():
        for line, name in imported_names(path):
            other = app_of(name)
            if other and other != app:
                where = f"{path.relative_to(PACKAGE.parent)}:{line}"
                found[app].setdefault(other, []).append(where)
    return found


def test_it_knows_the_layer_of_every_installed_app():
    unknown = [app for app in installed_apps() if app not in ALLOWED]
    assert unknown == [], f"Add {unknown} to ALLOWED in this test with the apps they may import."


def test_it_reads_relative_lazy_and_type_only_imports(tmp_path):
    module = tmp_path / "partnerhub" / "events" / "views.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import services\n"
        "from ..organisations.models import Organisation\n"
        "if TYPE_CHECKING:\n"
        "    from partnerhub.activities.models import Activity\n"
        "def view():\n"
        "    import partnerhub.portal.urls\n",
        encoding="utf-8",
    )
    names = {name for _, name in imported_names(module, root=tmp_path)}
    assert {"partnerhub.events.services", "partnerhub.organisations.models"} <= names
    assert {"partnerhub.activities.models", "partnerhub.portal.urls"} <= names
    assert {app_of(name) for name in names} >= {"events", "organisations", "activities", "portal"}
    assert app_of("partnerhub.settings") is None


@pytest.mark.parametrize("app", installed_apps())
def test_it_keeps_each_app_to_the_apps_it_may_import(app):
    if app not in ALLOWED:
        pytest.fail(f"partnerhub.{app} has no entry in ALLOWED")
    wrong = {
        other: places
        for other, places in app_dependencies()[app].items()
        if other not in ALLOWED[app]
    }
    assert wrong == {}, f"partnerhub.{app} may import only {sorted(ALLOWED[app])}"


def test_it_lets_nobody_import_portal_or_api():
    offenders = {
        app: places
        for app, deps in app_dependencies().items()
        for other, places in deps.items()
        if other in {"portal", "api"}
    }
    assert offenders == {}


def test_it_finds_no_import_cycle_between_apps():
    graph = {app: set(deps) for app, deps in app_dependencies().items()}
    cycles = []

    def visit(app: str, trail: list[str]) -> None:
        for other in sorted(graph.get(app, ())):
            if other in trail:
                cycles.append([*trail[trail.index(other) :], other])
            elif len(trail) < len(graph):
                visit(other, [*trail, other])

    for app in graph:
        visit(app, [app])
    assert cycles == []


def test_it_keeps_test_helpers_out_of_application_code():
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for _, path in application_modules()
        for line, name in imported_names(path)
        if name == "partnerhub.test" or name.startswith("partnerhub.test.")
    ]
    assert offenders == []
