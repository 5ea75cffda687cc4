"""Middleware that hands the request's user to the audit trail."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from partnerhub.core.audit import set_current_actor


class AuditActorMiddleware:
    """Attribute every audited change made during a request to the request's user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        set_current_actor(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            set_current_actor(None)


class TraditionalChineseFirstMiddleware:
    """Serve zh-Hant unless the visitor chose English with the language switch.

    Browsers send Accept-Language from the operating system, so a visitor in Taipei on an English
    system would otherwise land on English pages. The product speaks Traditional Chinese first;
    the switch (a cookie) and the API's ``lang`` parameter are the only ways to change that.
    Runs before Django's LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
