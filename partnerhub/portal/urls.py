"""Public pages; each list has a JSON twin and a CSV export (``activities.json``, ``.csv``)."""

from __future__ import annotations

from django.urls import path, re_path

from partnerhub.portal import views

app_name = "portal"

_TWIN = r"\.(?P<fmt>json|csv)$"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("activities/", views.activity_list, name="activities"),
    re_path(r"^activities" + _TWIN, views.activity_list, name="activities-export"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    re_path(
        r"^activities/(?P<pk>[0-9]+)\.(?P<fmt>json)$", views.activity_detail, name="activity-json"
    ),
    path("organisations/", views.organisation_list, name="organisations"),
    re_path(r"^organisations" + _TWIN, views.organisation_list, name="organisations-export"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("countries/", views.country_list, name="countries"),
    re_path(r"^countries" + _TWIN, views.country_list, name="countries-export"),
    path("countries/<str:code>/", views.country_detail, name="country"),
    path("events/", views.event_list, name="events"),
    re_path(r"^events" + _TWIN, views.event_list, name="events-export"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("sources/", views.source_list, name="sources"),
    re_path(r"^(?P<name>about|methodology|licence|contact)/$", views.page, name="page"),
    re_path(r"^sources/(?P<number>[0-9]{3})/$", views.source_detail, name="source"),
    re_path(
        r"^sources/(?P<number>[0-9]{3})/lines/(?P<start>[0-9]{1,6})-(?P<end>[0-9]{1,6})/$",
        views.source_lines,
        name="source-lines",
    ),
]
