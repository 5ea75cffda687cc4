"""Middleware: the request's user for the audit trail, and the language in the URL."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.encoding import escape_uri_path

from partnerhub.core import languages
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


class LanguageInUrlMiddleware:
    """Send bare page paths and ``?lang=`` to the page under its language prefix (a 302; a 307
    for a form posted to a bare path).

    Runs after Django's LocaleMiddleware, which has chosen the language of a bare path: the
    language cookie, then Accept-Language, then the default (Traditional Chinese). Paths that
    answer without a prefix (the API, the admin, static files, robots.txt) pass through, and
    there ``lang`` keeps its own meaning (the API's language parameter).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        redirect = self.redirect(request)
        return redirect if redirect is not None else self.get_response(request)

    def redirect(self, request: HttpRequest) -> HttpResponse | None:
        urlconf = getattr(request, "urlconf", None)
        prefix, rest = languages.split_language(request.path_info)
        asked = languages.PARAMETER in request.GET and request.method in {"GET", "HEAD"}
        chosen = languages.chosen_language(request.GET.get(languages.PARAMETER)) if asked else None
        if prefix is None:
            if is_valid_path(request.path_info, urlconf):
                return None
            language = chosen or translation.get_language() or settings.LANGUAGE_CODE
            target = self._page(f"/{language}{rest}", language, urlconf)
            if target is None:
                return None  # no such page in any language: the 404 page answers
        elif asked:
            language = chosen or prefix
            target = f"/{language}{rest}"
        else:
            return None
        query = languages.query_without(request.GET, languages.PARAMETER)
        location = get_script_prefix().rstrip("/") + escape_uri_path(target) + query
        response = HttpResponseRedirect(location)
        if request.method not in {"GET", "HEAD"}:
            response.status_code = 307  # a form posted to an old address: post it there again
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        if chosen:
            remember_language(response, chosen)
        return response

    @staticmethod
    def _page(path: str, language: str, urlconf: str | None) -> str | None:
        with translation.override(language):
            if is_valid_path(path, urlconf):
                return path
            if (
                settings.APPEND_SLASH
                and not path.endswith("/")
                and is_valid_path(path + "/", urlconf)
            ):
                return path + "/"
        return None


def remember_language(response: HttpResponseBase, language: str) -> None:
    """Keep the visitor's choice in the language cookie, as Django's set_language does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
