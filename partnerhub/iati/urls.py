"""URLs of the IATI app, mounted at /iati/."""

from __future__ import annotations

from django.urls import path
from django.views.generic import RedirectView

from partnerhub.iati import views

app_name = "iati"

urlpatterns = [
    path("export.xml", views.export, name="export"),
    path("datasets/", views.dataset_list, name="datasets"),
    path("datasets.json", views.dataset_list, {"fmt": "json"}, name="datasets-json"),
    path("datasets/upload/", views.upload, name="upload"),
    path("datasets/<int:pk>/", views.dataset_detail, name="dataset"),
    path("datasets/<int:pk>.json", views.dataset_detail, {"fmt": "json"}, name="dataset-json"),
    # The donors view moved to the reports app; old links keep working.
    path(
        "countries/<str:code>/donors/",
        RedirectView.as_view(pattern_name="reports:donors", permanent=True, query_string=True),
    ),
    path(
        "countries/<str:code>/donors.json",
        RedirectView.as_view(pattern_name="reports:donors-json", permanent=True, query_string=True),
    ),
]
