"""URLs of the reports app: dashboards, chart exports, donors in a country."""

from __future__ import annotations

from django.urls import path, re_path

from partnerhub.reports import views

app_name = "reports"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/staff/", views.dashboard_staff, name="dashboard-staff"),
    re_path(
        r"^dashboard/charts/(?P<slug>[a-z-]+)\.(?P<fmt>svg|png|csv)$",
        views.chart_export,
        name="chart",
    ),
    path("countries/<str:code>/donors/", views.country_donors, name="donors"),
    path(
        "countries/<str:code>/donors.json",
        views.country_donors,
        {"fmt": "json"},
        name="donors-json",
    ),
]
