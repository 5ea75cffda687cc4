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
