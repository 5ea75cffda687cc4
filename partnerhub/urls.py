"""Top-level URL configuration: pages under /zh-hant/ and /en/, the JSON API under /api/v1/.

Every HTML page (and its JSON/CSV twin) lives under a language prefix (``i18n_patterns``); a bare
page path redirects to the visitor's language (``core.middleware.LanguageInUrlMiddleware``).
Machine addresses stay unprefixed: the API, the admin, robots.txt, sitemap.xml, the favicon, the
language switch's form target and the IATI XML export.
"""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from partnerhub.accounts.auth import admin_login
from partnerhub.iati import views as iati_views
from partnerhub.portal.views import favicon, robots_txt, sitemap_xml

# Staff sign in to the admin through the site's sign-in, which asks for their second factor.
admin.site.login = admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("partnerhub.api.urls")),
    # The IATI XML is the same in both languages: registries fetch it at one stable address.
    path("iati/export.xml", iati_views.export, name="iati-export"),
]
urlpatterns += i18n_patterns(
    path("staff/translations/", include("partnerhub.translations.urls")),
    path("iati/", include("partnerhub.iati.urls")),
    path("grants/", include("partnerhub.grants.urls")),
    path("accounts/", include("partnerhub.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("partnerhub.reports.urls")),
    path("", include("partnerhub.portal.urls")),
    prefix_default_language=True,
)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Unknown URLs: the API's JSON envelope under /api/, the portal's error page elsewhere."""
    if request.path.startswith("/api/"):
        from django.utils.translation import get_language

        from partnerhub.api.errors import envelope
        from partnerhub.core.exceptions import NotFound

        return envelope(NotFound("No such endpoint.", "沒有這個端點。"), get_language())
    from partnerhub.portal.views import not_found

    return not_found(request, exception)


handler404 = "partnerhub.urls.page_not_found"
