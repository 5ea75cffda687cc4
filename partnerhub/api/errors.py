"""The one place where the API turns errors into its JSON error envelope.

Every error answers ``{"error": {"code": ..., "message": ..., "parameter": ...}}`` with the status of
the exception (400 bad filter, 404 unknown id, 405 wrong method).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation

from partnerhub.core.exceptions import InvalidFilter, PartnerHubError

View = Callable[..., HttpResponse]
LANGUAGES = ("zh-hant", "en")


def envelope(code: str, message: str, parameter: str | None, status: int) -> JsonResponse:
    body = {"error": {"code": code, "message": message, "parameter": parameter}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def api_language(request: HttpRequest) -> str:
    """The ``lang`` parameter, or the request's language; an unknown value is a 400."""
    raw = request.GET.get("lang", "").strip().lower()
    if not raw:
        return "en" if (translation.get_language() or "").startswith("en") else "zh-hant"
    if raw not in LANGUAGES:
        raise InvalidFilter(
            f"Invalid value {raw!r} for parameter 'lang': use zh-hant or en.",
            f"參數「lang」的值「{raw}」無效：請使用 zh-hant 或 en。",
            field="lang",
        )
    return raw


def api_view(view: View) -> View:
    """GET only, answered in the requested language, with every domain error in the envelope."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = translation.get_language()
        try:
            if request.method not in {"GET", "HEAD"}:
                return envelope("method_not_allowed", "Only GET is supported.", None, 405)
            language = api_language(request)
            with translation.override(language):
                return view(request, *args, **kwargs)
        except PartnerHubError as exc:
            return envelope(exc.code, exc.message(language), exc.field or None, exc.status)

    return wrapper


def api_post_view(view: View) -> View:
    """POST only (a JSON body), with the same language rule and error envelope as GET views."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = translation.get_language()
        try:
            if request.method != "POST":
                return envelope("method_not_allowed", "Only POST is supported.", None, 405)
            language = api_language(request)
            with translation.override(language):
                return view(request, *args, **kwargs)
        except PartnerHubError as exc:
            return envelope(exc.code, exc.message(language), exc.field or None, exc.status)

    return wrapper
