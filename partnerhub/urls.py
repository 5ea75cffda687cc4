"""Top-level URL configuration: the public portal at the root, the JSON API under /api/v1/."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("partnerhub.api.urls")),
    path("iati/", include("partnerhub.iati.urls")),
    path("", include("partnerhub.portal.urls")),
]

handler404 = "partnerhub.portal.views.not_found"
