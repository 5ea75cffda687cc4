"""The exception tree: bilingual messages, one status per kind, and the tree its docstring draws."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from django.conf import settings

from partnerhub.core import exceptions
from partnerhub.core.exceptions import (
    InvalidFilter,
    InvalidInput,
    NotFound,
    PartnerHubError,
    PermissionDenied,
    SourceError,
)

TREE = [PartnerHubError, InvalidInput, InvalidFilter, NotFound, PermissionDenied, SourceError]


def test_it_speaks_chinese_by_default_and_english_when_asked():
    error = NotFound("No activity with id 7.", "找不到編號為 7 的活動。", field="id")
    assert error.message(None) == "找不到編號為 7 的活動。"
    assert error.message("zh-hant") == "找不到編號為 7 的活動。"
    assert error.message("en") == error.message("en-GB") == "No activity with id 7."
    assert str(error) == "No activity with id 7."
    assert error.field == "id"


def test_it_falls_back_to_english_when_no_chinese_is_given():
    assert SourceError("Unreadable file.").message("zh-hant") == "Unreadable file."


@pytest.mark.parametrize(
    ("cls", "status", "code"),
    [
        (InvalidInput, 400, "invalid"),
        (InvalidFilter, 400, "invalid_filter"),
        (NotFound, 404, "not_found"),
        (PermissionDenied, 403, "forbidden"),
        (SourceError, 422, "source_error"),
    ],
)
def test_it_gives_each_kind_its_status_and_code(cls, status, code):
    error = cls("x", "甲")
    assert isinstance(error, PartnerHubError)
    assert (error.status, error.code) == (status, code)


def test_it_draws_every_class_of_the_tree_in_its_docstring():
    defined = [
        obj
        for _, obj in inspect.getmembers(exceptions, inspect.isclass)
        if obj.__module__ == exceptions.__name__
    ]
    assert sorted(c.__name__ for c in defined) == sorted(c.__name__ for c in TREE)
    for cls in defined:
        assert cls.__name__ in (exceptions.__doc__ or "")
    assert issubclass(InvalidFilter, InvalidInput)


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def _literal_text(node: ast.expr) -> str | None:
    """The text of a string or f-string argument, or None when it is computed elsewhere."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_literal_text(v) or "" for v in node.values if isinstance(v, ast.Constant))
    return None


def untranslated_raises(path: Path) -> list[str]:
    """Places in ``path`` that raise an error of the core tree without a Chinese message."""
    names = {cls.__name__ for cls in TREE}
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
            continue
        func = node.exc.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name not in names:
            continue
        zh = next((k.value for k in node.exc.keywords if k.arg == "message_zh"), None)
        if zh is None and len(node.exc.args) > 1:
            zh = node.exc.args[1]
        text = _literal_text(zh) if zh is not None else ""
        if text is not None and not _has_cjk(text):
            found.append(f"{path}:{node.lineno}")
    return found


def test_it_spots_a_raise_without_chinese(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "raise NotFound('No such thing.')\n"
        "raise InvalidInput('Bad.', 'Bad again.')\n"
        "raise InvalidInput('Bad.', f'欄位 {x} 錯誤')\n"
        "raise SourceError('Bad.', message_zh=translated)\n",
        encoding="utf-8",
    )
    assert untranslated_raises(module) == [f"{module}:1", f"{module}:2"]


def test_it_finds_every_raised_error_in_the_code_bilingual():
    package = Path(settings.BASE_DIR) / "partnerhub"
    offenders = [
        place
        for path in sorted(package.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
        for place in untranslated_raises(path)
    ]
    assert offenders == []
