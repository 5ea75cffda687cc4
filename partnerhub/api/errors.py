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
from partnerhub.core.lists import error_envelope

View = Callable[..., HttpResponse]
LANGUAGES = ("zh-hant", "en")


def envelope(error: PartnerHubError, language: str | None) -> JsonResponse:
    """The error in the one JSON error envelope, with the status of the exception."""
    return JsonResponse(
        error_envelope(error, language),
        status=error.status,
        json_dumps_params={"ensure_ascii": False},
    )


class MethodNotAllowed(PartnerHubError):
    status = 405
    code = "method_not_allowed"


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
                raise MethodNotAllowed("Only GET is supported.", "只支援 GET。")
            language = api_language(request)
            with translation.override(language):
                return view(request, *args, **kwargs)
        except PartnerHubError as exc:
            return envelope(exc, language)

    return wrapper


def api_post_view(view: View) -> View:
    """POST only (a JSON body), with the same language rule and error envelope as GET views."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = translation.get_language()
        try:
            if request.method != "POST":
                raise MethodNotAllowed("Only POST is supported.", "只支援 POST。")
            language = api_language(request)
            with translation.override(language):
                return view(request, *args, **kwargs)
        except PartnerHubError as exc:
            return envelope(exc, language)

    return wrapper
