"""The one place where the portal turns domain errors into responses.

A bad filter value answers 400 with a page in the user's language naming the parameter; the JSON and
CSV twins answer with the same JSON error envelope as the API.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import get_language

from partnerhub.core.exceptions import PartnerHubError
from partnerhub.core.lists import error_envelope

View = Callable[..., HttpResponseBase]


def wants_data(request: HttpRequest) -> bool:
    """Whether the request is for a JSON or CSV twin rather than an HTML page."""
    return request.path.endswith((".json", ".csv")) or request.GET.get("format") in {"json", "csv"}


def error_response(request: HttpRequest, exc: PartnerHubError) -> HttpResponse:
    message = exc.message(get_language())
    if wants_data(request):
        body = error_envelope(exc, get_language())
        return JsonResponse(body, status=exc.status, json_dumps_params={"ensure_ascii": False})
    context = {"status": exc.status, "message": message, "parameter": exc.field}
    return render(request, "portal/error.html", context, status=exc.status)


def portal_view(view: View) -> View:
    """Wrap a portal view so every deliberate domain error becomes a proper response."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except PartnerHubError as exc:
            return error_response(request, exc)

    return wrapper
