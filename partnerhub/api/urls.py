"""JSON API v1 routes; a trailing slash is optional everywhere."""

from __future__ import annotations

from django.urls import re_path

from partnerhub.api import views

app_name = "api"

urlpatterns = [
    re_path(r"^$", views.index, name="index"),
    re_path(r"^openapi\.json$", views.openapi, name="openapi"),
    re_path(r"^sdg-suggestions/?$", views.sdg_suggestions, name="sdg-suggestions"),
    re_path(
        r"^(?P<name>activities|organisations|events|countries)/?$",
        views.collection,
        name="collection",
    ),
    re_path(r"^activities/(?P<pk>[0-9]+)/?$", views.activity, name="activity"),
    re_path(r"^organisations/(?P<slug>[-\w]+)/?$", views.organisation, name="organisation"),
    re_path(r"^events/(?P<slug>[-\w]+)/?$", views.event, name="event"),
    re_path(r"^countries/(?P<code>[A-Za-z0-9]+)/?$", views.country, name="country"),
]
