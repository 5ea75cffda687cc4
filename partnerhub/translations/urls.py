"""Staff pages of the translation queue, under /staff/translations/."""

from __future__ import annotations

from django.urls import path

from partnerhub.translations import views

app_name = "translations"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<str:kind>/<path:key>/", views.edit, name="edit"),
]
