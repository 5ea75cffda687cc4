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
    path("reports/", views.annual_list, name="annual-list"),
    path("reports/build/", views.annual_build, name="annual-build"),
    path("reports/jobs/<int:pk>/", views.annual_job, name="job"),
    path("reports/<int:year>/v<int:version>/", views.annual_detail, name="annual"),
    re_path(
        r"^reports/(?P<year>[0-9]{4})/v(?P<version>[0-9]+)/(?P<name>report-(?:zh-hant|en)\.pdf|annex\.xlsx)$",
        views.annual_file,
        name="annual-file",
    ),
]
