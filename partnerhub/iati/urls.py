"""URLs of the IATI app, mounted at /iati/."""

from __future__ import annotations

from django.urls import path

from partnerhub.iati import donors_views, views

app_name = "iati"

urlpatterns = [
    path("export.xml", views.export, name="export"),
    path("datasets/", views.dataset_list, name="datasets"),
    path("datasets.json", views.dataset_list, {"fmt": "json"}, name="datasets-json"),
    path("datasets/upload/", views.upload, name="upload"),
    path("datasets/<int:pk>/", views.dataset_detail, name="dataset"),
    path("datasets/<int:pk>.json", views.dataset_detail, {"fmt": "json"}, name="dataset-json"),
    path("countries/<str:code>/donors/", donors_views.country_donors, name="donors"),
    path(
        "countries/<str:code>/donors.json",
        donors_views.country_donors,
        {"fmt": "json"},
        name="donors-json",
    ),
]
